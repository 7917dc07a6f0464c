"""投诉、咨询、建议、举报: letters from the public, their routing, reply, feedback, 复核 and 回访.
Rules: docs/domain.md "## 投诉与信件".

The writer's identity (name, phone, address) is confidential: only supervisors see it. The
department works on `redacted_content`, made when the letter is registered.

A letter is a casework `Matter` with a working-day deadline (`ExtendableDeadline`: reply days
per type from the day received, restarted when a 复核 sends it back). Every status change is a
registered action of the letters workflow (letters.workflow, on casework.engine), which writes
one immutable LetterTransition; the reply and the 复核意见 are numbered LetterNotices.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from casework.models import ExtendableDeadline, Matter, NumberedNotice, TransitionLog
from privacy.fields import EncryptedCharField, LookupHashField


class LetterType(models.TextChoices):
    COMPLAINT = "complaint", "投诉"
    CONSULTATION = "consultation", "咨询"
    SUGGESTION = "suggestion", "建议"
    REPORT = "report", "举报"


class LetterChannel(models.TextChoices):
    ONLINE = "online", "网上信箱"
    IN_PERSON = "in_person", "来访"
    PHONE = "phone", "来电（含 12345 转办）"
    POST = "post", "来信"


class LetterStatus(models.TextChoices):
    REGISTERED = "registered", "已登记，待转办"
    ROUTED = "routed", "办理中"
    REPLIED = "replied", "已答复"
    REVIEWING = "reviewing", "复核中"
    CLOSED = "closed", "已办结"


# Statuses in which a department owes a reply and the deadline runs.
AWAITING_REPLY = (LetterStatus.REGISTERED, LetterStatus.ROUTED)
# Statuses in which a reply exists (the public page may show it, with consent).
HAS_REPLY = (LetterStatus.REPLIED, LetterStatus.REVIEWING, LetterStatus.CLOSED)


class Finding(models.TextChoices):
    """投诉/举报 属实认定, for the bulletin's "substantiated" figure."""

    SUBSTANTIATED = "substantiated", "属实"
    PARTLY = "partly", "部分属实"
    UNSUBSTANTIATED = "unsubstantiated", "不属实"


class Feedback(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    DISSATISFIED = "dissatisfied", "不满意"


class Letter(ExtendableDeadline, Matter):
    tracking_number = models.CharField("信件编号", max_length=20, unique=True)
    letter_type = models.CharField("类型", max_length=12, choices=LetterType.choices)
    channel = models.CharField("来源渠道", max_length=10, choices=LetterChannel.choices)
    hotline_ticket = models.CharField("12345 工单号", max_length=40, blank=True)
    subject = models.CharField("标题", max_length=100)
    content = models.TextField("内容", max_length=3000)
    # What the department and the public see: personal data masked (citizens.redaction).
    redacted_subject = models.CharField("标题（脱敏）", max_length=100, editable=False)
    redacted_content = models.TextField("内容（脱敏）", editable=False)

    anonymous = models.BooleanField("匿名举报", default=False)
    writer_name = models.CharField("来信人姓名", max_length=50, blank=True)
    # Encrypted at rest; 信件查询 and the per-phone limit find letters by the keyed hash
    # (privacy/, docs/domain.md 个人信息的存储与显示).
    phone = EncryptedCharField("联系电话", max_length=20, blank=True)
    phone_hash = LookupHashField("联系电话检索摘要", source="phone", db_index=True)
    phone_verified = models.BooleanField("手机号已验证", default=False)
    address = models.CharField("联系地址", max_length=200, blank=True)
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="来信人账户", null=True, blank=True, on_delete=models.SET_NULL, related_name="letters",
    )
    consent_to_publish = models.BooleanField("同意公开", default=False)

    related_department = models.ForeignKey(
        "guides.Department", verbose_name="涉及部门", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    related_item = models.ForeignKey(
        "guides.ServiceItemPage", verbose_name="涉及事项", null=True, blank=True, on_delete=models.SET_NULL, related_name="letters",
    )
    related_case = models.ForeignKey(
        "casework.Case", verbose_name="涉及办件", null=True, blank=True, on_delete=models.SET_NULL, related_name="letters",
    )
    department = models.ForeignKey(
        "guides.Department", verbose_name="承办部门", null=True, blank=True, on_delete=models.PROTECT, related_name="letters",
    )

    status = models.CharField("状态", max_length=12, choices=LetterStatus.choices, default=LetterStatus.REGISTERED, db_index=True)
    received_at = models.DateTimeField("收信时间", default=timezone.now, editable=False)
    received_on = models.DateField("登记日期", editable=False)
    # The deadline the engine computes from deadline_start + limit_working_days (casework
    # deadlines); always set for a letter, hence not nullable as in ExtendableDeadline.
    due_date = models.DateField("答复期限", db_index=True)
    escalated_at = models.DateTimeField("超期督办时间", null=True, blank=True, editable=False)

    reply = models.TextField("答复内容", blank=True)
    redacted_reply = models.TextField("答复（脱敏）", blank=True, editable=False)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True, editable=False)
    finding = models.CharField("属实认定", max_length=16, choices=Finding.choices, blank=True)
    # Set once, at the first reply: the public "answered on time" and "average days" figures.
    first_replied_on = models.DateField("首次答复日期", null=True, blank=True, editable=False)
    answered_on_time = models.BooleanField("按期答复", null=True, editable=False)
    reply_working_days = models.PositiveIntegerField("答复用时（工作日）", null=True, editable=False)

    feedback = models.CharField("来信人评价", max_length=12, choices=Feedback.choices, blank=True)
    feedback_note = models.TextField("评价说明", blank=True, max_length=500)
    feedback_at = models.DateTimeField("评价时间", null=True, blank=True, editable=False)
    review_conclusion = models.TextField("复核意见", blank=True)
    reviewed_at = models.DateTimeField("复核时间", null=True, blank=True, editable=False)

    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    content_hash = models.CharField("内容摘要", max_length=64, db_index=True, editable=False)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "信件"
        verbose_name_plural = "信件"
        # received_on: the bulletin reads one month's letters (docs/domain.md "## 每月运行情况通报").
        indexes = [
            models.Index(fields=["department", "status"]), models.Index(fields=["status", "due_date"]),
            models.Index(fields=["received_on"], name="letter_received_on"),
        ]
        permissions = [("supervise_letter", "督查全部信件（可见来信人身份）")]

    def __str__(self):
        return f"{self.tracking_number} {self.get_letter_type_display()}"

    @property
    def has_reply_channel(self):
        return not self.anonymous and bool(self.phone)

    def delete(self, *args, **kwargs):
        raise ValueError("信件不可删除。")


class LetterTransition(TransitionLog):
    """One step of a letter (casework's immutable log row), written by the letters workflow."""

    letter = models.ForeignKey(Letter, verbose_name="信件", on_delete=models.PROTECT, related_name="transitions")
    # Shown to the writer on the lookup page (steps only, no staff names).
    public_label = models.CharField("对外显示", max_length=50)

    class Meta(TransitionLog.Meta):
        verbose_name = "信件流转记录"
        verbose_name_plural = "信件流转记录"

    def __str__(self):
        return f"{self.letter} {self.from_status or '—'} → {self.to_status}"


class LetterNotice(NumberedNotice):
    """A numbered document the letter process issues (答复意见书, 复核意见书); kinds and number
    prefixes are registered in letters.workflow. The body holds no identity of the writer."""

    letter = models.ForeignKey(Letter, verbose_name="信件", on_delete=models.PROTECT, related_name="notices")

    class Meta(NumberedNotice.Meta):
        verbose_name = "信件文书"
        verbose_name_plural = "信件文书"


class CallbackResult(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"
    UNREACHABLE = "unreachable", "未接通"


class LetterCallback(models.Model):
    """回访: a supervisor's call to the writer after the reply, and what was said."""

    letter = models.ForeignKey(Letter, verbose_name="信件", on_delete=models.PROTECT, related_name="callbacks")
    at = models.DateTimeField("回访时间", default=timezone.now, editable=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="回访人", null=True, on_delete=models.SET_NULL, related_name="+")
    result = models.CharField("回访结果", max_length=12, choices=CallbackResult.choices)
    note = models.TextField("回访记录")

    class Meta:
        ordering = ["at"]
        verbose_name = "信件回访"
        verbose_name_plural = "信件回访"

    def __str__(self):
        return f"{self.letter} 回访（{self.get_result_display()}）"


class LetterReminder(models.Model):
    """One reminder about one letter to one recipient on one day (sent once)."""

    letter = models.ForeignKey(Letter, verbose_name="信件", on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField("提醒类型", max_length=10)
    recipient = models.CharField("收件人", max_length=254)
    sent_on = models.DateField("发送日期")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["letter", "kind", "recipient", "sent_on"], name="one_letter_reminder_per_day")]
        verbose_name = "信件提醒记录"
        verbose_name_plural = "信件提醒记录"

    def __str__(self):
        return f"{self.letter} {self.kind} → {self.recipient}"


@register_setting(icon="mail")
class LetterSettings(BaseSiteSetting):
    """Reply deadlines per type and abuse limits (docs/domain.md "## 投诉与信件")."""

    consultation_days = models.PositiveSmallIntegerField("咨询答复期限（工作日）", default=5)
    suggestion_days = models.PositiveSmallIntegerField("建议答复期限（工作日）", default=15)
    complaint_days = models.PositiveSmallIntegerField("投诉答复期限（工作日）", default=15)
    report_days = models.PositiveSmallIntegerField("举报答复期限（工作日）", default=15)
    due_soon_days = models.PositiveSmallIntegerField("到期前提醒（工作日）", default=2)
    per_phone_daily_limit = models.PositiveSmallIntegerField("每个手机号每天最多提交", default=3)
    per_ip_hourly_limit = models.PositiveSmallIntegerField("每个网络地址每小时最多提交", default=10)
    duplicate_window_days = models.PositiveSmallIntegerField(
        "重复内容检查范围（天）", default=30, help_text="此期间内内容相同的信件不重复登记。",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("consultation_days"), FieldPanel("suggestion_days"), FieldPanel("complaint_days"),
             FieldPanel("report_days"), FieldPanel("due_soon_days")],
            heading="答复期限",
        ),
        MultiFieldPanel(
            [FieldPanel("per_phone_daily_limit"), FieldPanel("per_ip_hourly_limit"), FieldPanel("duplicate_window_days")],
            heading="防止滥用",
        ),
    ]

    class Meta:
        verbose_name = "信件设置"

    def reply_days(self, letter_type):
        return getattr(self, f"{letter_type}_days")
