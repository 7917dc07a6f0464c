"""Cases (办件): one application for one service item, from whichever channel it came.

Every status change goes through casework.services (which locks the row and writes a
CaseTransition), never by assigning `status` directly: that is what makes the history complete
and stops two window staff from overwriting each other's decision. The tables keep their
original `online_apply_*` names: the models moved to this app, the data did not.
"""

from django.conf import settings
from django.db import models

from casework import clock
from casework.storage import get_private_storage
from guides.models import ProcessingKind
from privacy.fields import EncryptedCharField, LookupHashField

from .base import Matter, TransitionLog


class CaseStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待预审"
    CORRECTION = "correction", "待补正"
    PRE_APPROVED = "pre_approved", "预审通过"
    ACCEPTED = "accepted", "已受理"
    STOPPED = "stopped", "暂停计时"
    FORWARDED = "forwarded", "已转报"
    REJECTED = "rejected", "不予受理"
    CLOSED = "closed", "已办结"
    WITHDRAWN = "withdrawn", "已撤回"


# Statuses in which the promised deadline is running or paused.
OPEN_STATUSES = (CaseStatus.ACCEPTED, CaseStatus.STOPPED, CaseStatus.FORWARDED)


class Channel(models.TextChoices):
    """Where the application was filed (收件渠道); the bulletin's 网办率 counts by it."""

    ONLINE = "online", "网上"
    WINDOW = "window", "窗口"


class DeliveryMethod(models.TextChoices):
    WINDOW = "window", "窗口领取"
    POST = "post", "邮寄送达"
    ONLINE = "online", "网上送达"


class ApplicantType(models.TextChoices):
    INDIVIDUAL = "自然人", "自然人"
    LEGAL_PERSON = "法人", "法人"


class Case(Matter):
    """办件: one application for one service item."""

    receipt_number = models.CharField("收件编号", max_length=32, unique=True, null=True, blank=True)
    channel = models.CharField("收件渠道", max_length=8, choices=Channel.choices, default=Channel.ONLINE, editable=False)
    item = models.ForeignKey("guides.ServiceItemPage", verbose_name="事项", on_delete=models.PROTECT, related_name="cases")
    # Copied from the item when the case is created: a case keeps the rules it was filed under,
    # and its processing kind can never be changed by staff (docs/domain.md "办件类型").
    item_code = models.CharField("事项编码（收件时）", max_length=40, blank=True, editable=False)
    department = models.ForeignKey("guides.Department", verbose_name="受理部门", on_delete=models.PROTECT, related_name="cases")
    processing_kind = models.CharField("办件类型", max_length=4, choices=ProcessingKind.choices, editable=False)
    promised_limit_days = models.PositiveIntegerField("承诺办结时限（工作日）", editable=False)

    # Online cases belong to the citizen's account; a walk-in applicant may have none.
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人账户", null=True, blank=True, on_delete=models.PROTECT,
        related_name="cases",
    )
    applicant_type = models.CharField("申请人类型", max_length=4, choices=ApplicantType.choices, default=ApplicantType.INDIVIDUAL)
    applicant_name = models.CharField("申请人姓名", max_length=50)
    # Personal data encrypted at rest (privacy/); the hashes find a case by phone or ID number.
    applicant_id_number = EncryptedCharField("证件号码", max_length=18)
    applicant_id_number_hash = LookupHashField("证件号码检索摘要", source="applicant_id_number", db_index=True)
    applicant_phone = EncryptedCharField("联系电话", max_length=11)
    applicant_phone_hash = LookupHashField("联系电话检索摘要", source="applicant_phone", db_index=True)
    organisation_name = models.CharField("单位名称", max_length=200, blank=True)
    organisation_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    address = models.CharField("联系地址", max_length=200, blank=True)
    description = models.TextField("申请事项说明", blank=True)
    declaration_accepted = models.BooleanField("已确认申请承诺", default=False)

    status = models.CharField("状态", max_length=16, choices=CaseStatus.choices, default=CaseStatus.DRAFT, db_index=True)
    draft_step = models.PositiveSmallIntegerField("草稿进行到第几步", default=1)

    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="收件人员", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    # The counter that received or accepted it (halls.Window); windows are retired with 启用,
    # so a deleted one only loses the link, never the case.
    window = models.ForeignKey(
        "halls.Window", verbose_name="办理窗口", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="cases",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人员", null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )

    created_at = models.DateTimeField("创建时间", default=clock.now, editable=False)
    # First submission: set once, never moved by a resubmission after 补正 (that is a transition).
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True, editable=False)
    submitted_on = models.DateField("收件日期", null=True, blank=True, editable=False)
    # What the 收件回执 shows, frozen at first submission: the materials as first submitted and the
    # pre-review deadline then. Later versions of files appear in the timeline, never here.
    receipt_snapshot = models.JSONField("收件回执内容", default=dict, blank=True, editable=False)
    pre_review_due_date = models.DateField("预审期限", null=True, blank=True, editable=False)
    pre_reviewed_at = models.DateTimeField("预审通过时间", null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True, editable=False)
    acceptance_date = models.DateField("受理日期", null=True, blank=True, editable=False)
    due_date = models.DateField("承诺办结日期", null=True, blank=True, editable=False, db_index=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True, editable=False)
    closed_on = models.DateField("办结日期", null=True, blank=True, editable=False)
    closed_late = models.BooleanField("超期办结", default=False, editable=False)
    working_days_used = models.PositiveIntegerField("办理用时（工作日，不含暂停）", null=True, blank=True, editable=False)
    stopped_working_days = models.PositiveIntegerField("累计暂停工作日", default=0, editable=False)

    correction_rounds = models.PositiveSmallIntegerField("补正次数", default=0, editable=False)
    accepted_with_deficiency = models.BooleanField("容缺受理", default=False, editable=False)
    forwarded_to = models.CharField("转报机关", max_length=100, blank=True)
    higher_decision = models.TextField("上级机关决定", blank=True)
    result = models.TextField("办理结果", blank=True)
    delivery_method = models.CharField("送达方式", max_length=8, choices=DeliveryMethod.choices, blank=True)
    delivery_address = models.CharField("邮寄地址", max_length=200, blank=True)
    overdue_reason = models.TextField("超期原因", blank=True)

    class Meta:
        db_table = "online_apply_case"
        ordering = ["-created_at"]
        verbose_name = "办件"
        verbose_name_plural = "办件"
        indexes = [
            models.Index(fields=["department", "status"]),
            # Open cases by deadline (电子监察, reminders) and, covering, the bulletin's 超期件 still
            # open at a month's end (bulletins/metrics/cases.py) without visiting the case rows.
            models.Index(fields=["status", "due_date", "acceptance_date", "department", "item", "window"], name="case_status_due"),
            # What the monthly bulletin aggregates on (docs/domain.md "每月运行情况通报"): the month's
            # date range, covering every column its query reads (bulletins/metrics/cases.py), so a
            # month is an index range scan that never visits the case rows. No (department, date)
            # pairs: SQLite's planner preferred them (skip-scan) and then read every row.
            models.Index(fields=["closed_on", "status", "processing_kind", "promised_limit_days", "working_days_used",
                                 "closed_late", "due_date", "department", "item", "window"], name="case_closed_on"),
            models.Index(fields=["submitted_on", "channel", "correction_rounds", "pre_reviewed_at", "status",
                                 "department", "item", "window"], name="case_submitted_on"),
            models.Index(fields=["acceptance_date", "department", "item", "window"], name="case_acceptance_date"),
            # 超期件 at a month's end closed since then: only late closings can be (a few per cent).
            models.Index(fields=["closed_on", "due_date", "acceptance_date", "department", "item", "window"],
                         condition=models.Q(closed_late=True), name="case_late_closed_on"),
        ]
        permissions = [
            ("process_case", "处理本部门办件"),
            ("supervise_case", "督查全部办件"),
        ]

    def __str__(self):
        return self.receipt_number or f"草稿 #{self.pk}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_online(self):
        return self.channel == Channel.ONLINE

    def deadline_terms(self):
        from casework.deadlines import DeadlineTerms

        if self.acceptance_date is None:
            return None
        return DeadlineTerms(start=self.acceptance_date, limit=self.promised_limit_days, paused=self.stopped_working_days)


class CaseMaterial(models.Model):
    """One file for one listed material (a material may have several: front and back of an ID
    card). Re-uploads after a correction keep the old files (superseded) so the review history
    stays intact."""

    case = models.ForeignKey(Case, verbose_name="办件", on_delete=models.CASCADE, related_name="materials")
    material = models.ForeignKey(
        "guides.Material", verbose_name="材料清单项", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    material_name = models.CharField("材料名称", max_length=200)
    file = models.FileField("文件", upload_to="cases/%Y/%m/", storage=get_private_storage, max_length=255)
    original_name = models.CharField("原文件名", max_length=255)
    content_type = models.CharField("文件类型", max_length=50)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField("上传时间", default=clock.now, editable=False)
    superseded = models.BooleanField("已被替换", default=False)

    class Meta:
        db_table = "online_apply_casematerial"
        ordering = ["case", "material_name", "-uploaded_at"]
        verbose_name = "申请材料文件"
        verbose_name_plural = "申请材料文件"

    def __str__(self):
        return f"{self.material_name}（{self.original_name}）"


class CaseTransition(TransitionLog):
    """One step of one case (immutable)."""

    case = models.ForeignKey(Case, verbose_name="办件", on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("原状态", max_length=16, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=CaseStatus.choices)

    class Meta(TransitionLog.Meta):
        db_table = "online_apply_casetransition"
        verbose_name = "办件流转记录"
        verbose_name_plural = "办件流转记录"
        indexes = [models.Index(fields=["action", "at"], name="casetransition_action_at")]

    def __str__(self):
        return f"{self.case} {self.from_status or '—'} → {self.to_status}（{self.actor_name}）"
