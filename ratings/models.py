"""政务服务"好差评": ratings of cases and hall visits, the rectification of every 差评, appeals
against malicious or mistaken ratings, and feedback on guide pages. Rules: docs/domain.md "## 好差评".

Nothing here is ever deleted: a rating found malicious on appeal is *set aside* (kept, marked, and
counted as set aside in the public statistics), which is what "never silent deletion" means.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from privacy.fields import EncryptedCharField, LookupHashField


class Grade(models.IntegerChoices):
    VERY_SATISFIED = 5, "非常满意"
    SATISFIED = 4, "满意"
    BASICALLY_SATISFIED = 3, "基本满意"
    DISSATISFIED = 2, "不满意"
    VERY_DISSATISFIED = 1, "非常不满意"


# 不满意 and 非常不满意 are 差评; the first three count as satisfied in 满意率.
BAD_GRADES = (Grade.DISSATISFIED, Grade.VERY_DISSATISFIED)
SATISFIED_GRADES = (Grade.VERY_SATISFIED, Grade.SATISFIED, Grade.BASICALLY_SATISFIED)

# The online dimensions of 一事一评 (field name, label); 整体满意度 is Rating.overall.
ONLINE_DIMENSIONS = (
    ("efficiency", "办事效率"),
    ("guide_accuracy", "办事指南精确度"),
    ("convenience", "办事便捷度"),
    ("usability", "平台操作性"),
)


class Channel(models.TextChoices):
    ONLINE = "online", "网上办件（一事一评）"
    HALL = "hall", "大厅窗口（一次一评）"


class RatingStatus(models.TextChoices):
    COUNTED = "counted", "有效"
    SET_ASIDE = "set_aside", "申诉成立，不计入统计"


def _grade_field(label, **kwargs):
    return models.PositiveSmallIntegerField(label, choices=Grade.choices, **kwargs)


class Rating(models.Model):
    """One rating: of one closed case (一事一评) or of one served hall visit (一次一评)."""

    channel = models.CharField("评价渠道", max_length=8, choices=Channel.choices)
    case = models.OneToOneField(
        "casework.Case", verbose_name="办件", null=True, blank=True, on_delete=models.PROTECT, related_name="rating",
    )
    # The served ticket's unguessable code: one rating per visit, without an account.
    visit_code = models.CharField("取号凭证", max_length=64, unique=True, null=True, blank=True)
    department = models.ForeignKey("guides.Department", verbose_name="被评价部门", on_delete=models.PROTECT, related_name="ratings")
    item = models.ForeignKey(
        "guides.ServiceItemPage", verbose_name="事项", null=True, blank=True, on_delete=models.SET_NULL, related_name="ratings",
    )
    window = models.CharField("窗口", max_length=20, blank=True)
    overall = _grade_field("整体满意度")
    efficiency = _grade_field("办事效率", null=True, blank=True)
    guide_accuracy = _grade_field("办事指南精确度", null=True, blank=True)
    convenience = _grade_field("办事便捷度", null=True, blank=True)
    usability = _grade_field("平台操作性", null=True, blank=True)
    comment = models.TextField("评价内容", blank=True, max_length=500)
    # Who rated: kept for the 回访 and never published. A hall visit rated from its code is
    # anonymous unless the visitor left a phone number.
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评价人账户", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    rater_name = models.CharField("评价人姓名", max_length=50, blank=True)
    # Encrypted at rest (privacy/, docs/domain.md 个人信息的存储与显示).
    rater_phone = EncryptedCharField("评价人电话", max_length=11, blank=True)
    rater_phone_hash = LookupHashField("评价人电话检索摘要", source="rater_phone", db_index=True)
    # Indexed as the first column of rating_counted_month (Meta.indexes).
    created_at = models.DateTimeField("评价时间", default=timezone.now, editable=False)
    status = models.CharField("状态", max_length=10, choices=RatingStatus.choices, default=RatingStatus.COUNTED)
    set_aside_reason = models.CharField("不计入原因", max_length=20, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "评价"
        verbose_name_plural = "评价"
        # Covering for a month of ratings, the bulletin's and the monthly statistics' (docs/domain.md
        # "## 每月运行情况通报", Speed): on SQLite a range scan of created_at that never reads the
        # rating rows (PostgreSQL still fetches them for the id). It replaces (department,
        # created_at), which SQLite preferred (a skip-scan over the departments) and which then
        # read every rating row one at a time.
        indexes = [
            models.Index(fields=["created_at", "status", "department", "item", "overall", "window", "case"], name="rating_counted_month"),
        ]
        permissions = [("supervise_rating", "督查好差评（回访、整改、申诉审批）")]

    def __str__(self):
        return f"{self.get_channel_display()} {self.department} {self.get_overall_display()}"

    @property
    def is_bad(self):
        return self.overall in BAD_GRADES

    @property
    def is_real_name(self):
        """实名: the rater is known and can be called back (回访 required, docs/domain.md)."""
        return bool(self.rater_id or self.rater_phone)

    def dimensions(self):
        """(label, grade label) for the dimensions given."""
        rows = [("整体满意度", self.get_overall_display())]
        for field, label in ONLINE_DIMENSIONS:
            value = getattr(self, field)
            if value is not None:
                rows.append((label, Grade(value).label))
        return rows

    def delete(self, *args, **kwargs):
        raise ValueError("评价不可删除；恶意或错误的评价请走申诉复核。")


class RectificationStatus(models.TextChoices):
    OPEN = "open", "整改中"
    RECTIFIED = "rectified", "已整改"
    SET_ASIDE = "set_aside", "申诉成立，无需整改"


class CallbackResult(models.TextChoices):
    SATISFIED = "satisfied", "回访满意"
    BASICALLY = "basically", "回访基本满意"
    DISSATISFIED = "dissatisfied", "回访仍不满意"
    UNREACHABLE = "unreachable", "多次联系未接通"


class Rectification(models.Model):
    """差评整改: every 差评 opens one for the responsible department, due in N working days."""

    rating = models.OneToOneField(Rating, verbose_name="差评", on_delete=models.PROTECT, related_name="rectification")
    department = models.ForeignKey("guides.Department", verbose_name="责任部门", on_delete=models.PROTECT, related_name="rectifications")
    opened_on = models.DateField("登记日期")
    due_date = models.DateField("整改期限", db_index=True)
    status = models.CharField("状态", max_length=10, choices=RectificationStatus.choices, default=RectificationStatus.OPEN)
    callback_at = models.DateTimeField("回访时间", null=True, blank=True)
    callback_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="回访人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    callback_result = models.CharField("回访结果", max_length=14, choices=CallbackResult.choices, blank=True)
    callback_note = models.TextField("回访记录", blank=True)
    measures = models.TextField("整改措施", blank=True)
    outcome = models.TextField("整改结果", blank=True)
    rectified_at = models.DateTimeField("整改完成时间", null=True, blank=True)
    rectified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="整改登记人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = "差评整改"
        verbose_name_plural = "差评整改"

    def __str__(self):
        return f"{self.department} 差评整改（{self.opened_on:%Y-%m-%d}）"

    @property
    def rectified_on_time(self):
        if self.rectified_at is None:
            return False
        return timezone.localdate(self.rectified_at) <= self.due_date

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.status == RectificationStatus.OPEN and self.due_date < today

    def delete(self, *args, **kwargs):
        raise ValueError("整改记录不可删除。")


class AppealReason(models.TextChoices):
    MALICIOUS = "malicious", "恶意评价"
    MISTAKEN = "mistaken", "误评（评价对象或内容错误）"
    UNRELATED = "unrelated", "与本次服务无关"


class AppealStatus(models.TextChoices):
    PENDING = "pending", "待复核"
    REVIEWED = "reviewed", "复核同意，待审批"
    UPHELD = "upheld", "申诉成立"
    REJECTED = "rejected", "申诉驳回"


class RatingAppeal(models.Model):
    """申诉: a department asks to set a rating aside; a reviewer checks it and a second,
    different person approves. The decision and both names are kept."""

    rating = models.ForeignKey(Rating, verbose_name="评价", on_delete=models.PROTECT, related_name="appeals")
    reason = models.CharField("申诉理由类别", max_length=10, choices=AppealReason.choices)
    explanation = models.TextField("申诉说明")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申诉人", null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField("申诉时间", default=timezone.now, editable=False)
    status = models.CharField("状态", max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="复核人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    review_note = models.TextField("复核意见", blank=True)
    reviewed_at = models.DateTimeField("复核时间", null=True, blank=True)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approval_note = models.TextField("审批意见", blank=True)
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "评价申诉"
        verbose_name_plural = "评价申诉"

    def __str__(self):
        return f"{self.rating} 申诉（{self.get_status_display()}）"

    def delete(self, *args, **kwargs):
        raise ValueError("申诉记录不可删除。")


class RatingReminder(models.Model):
    """One reminder about one rectification to one recipient on one day (sent once)."""

    rectification = models.ForeignKey(Rectification, verbose_name="差评整改", on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField("提醒类型", max_length=10)
    recipient = models.CharField("收件人", max_length=254)
    sent_on = models.DateField("发送日期")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rectification", "kind", "recipient", "sent_on"], name="one_rating_reminder_per_day")
        ]
        verbose_name = "整改提醒记录"
        verbose_name_plural = "整改提醒记录"

    def __str__(self):
        return f"{self.rectification} {self.kind} → {self.recipient}"


class GuideFeedback(models.Model):
    """"这份指南是否准确、有用?" on a guide page; routed to the editors who maintain it."""

    page = models.ForeignKey("guides.ServiceItemPage", verbose_name="办事指南", on_delete=models.CASCADE, related_name="feedback")
    useful = models.BooleanField("准确、有用")
    comment = models.TextField("意见", blank=True, max_length=500)
    created_at = models.DateTimeField("提交时间", default=timezone.now, editable=False, db_index=True)
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    editor_note = models.TextField("处理说明", blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "指南反馈"
        verbose_name_plural = "指南反馈"

    def __str__(self):
        return f"{self.page.title}：{'有用' if self.useful else '需改进'}"


@register_setting(icon="pick")
class RatingSettings(BaseSiteSetting):
    """好差评 values that differ by locality (docs/domain.md "## 好差评")."""

    rectification_working_days = models.PositiveSmallIntegerField(
        "差评整改期限（工作日）", default=15, help_text="差评登记后须在此期限内完成回访与整改。",
    )
    reminder_working_days = models.PositiveSmallIntegerField(
        "到期前提醒（工作日）", default=3, help_text="整改期限前多少个工作日提醒责任部门。",
    )

    panels = [FieldPanel("rectification_working_days"), FieldPanel("reminder_working_days")]

    class Meta:
        verbose_name = "好差评设置"
