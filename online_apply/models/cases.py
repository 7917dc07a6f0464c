"""Cases (办件): an application from draft through pre-review, acceptance and closing.

Every status change goes through online_apply.services (which locks the row and writes a
CaseTransition), never by assigning `status` directly: that is what makes the history complete
and stops two window staff from overwriting each other's decision.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from guides.models import ProcessingKind
from online_apply.storage import get_private_storage


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


class DeliveryMethod(models.TextChoices):
    WINDOW = "window", "窗口领取"
    POST = "post", "邮寄送达"
    ONLINE = "online", "网上送达"


class ApplicantType(models.TextChoices):
    INDIVIDUAL = "自然人", "自然人"
    LEGAL_PERSON = "法人", "法人"


class Case(models.Model):
    """办件: one application for one service item."""

    receipt_number = models.CharField("收件编号", max_length=32, unique=True, null=True, blank=True)
    item = models.ForeignKey("guides.ServiceItemPage", verbose_name="事项", on_delete=models.PROTECT, related_name="cases")
    # Copied from the item when the case is created: a case keeps the rules it was filed under,
    # and its processing kind can never be changed by staff (DOMAIN.md §1).
    department = models.ForeignKey("guides.Department", verbose_name="受理部门", on_delete=models.PROTECT, related_name="cases")
    processing_kind = models.CharField("办件类型", max_length=4, choices=ProcessingKind.choices, editable=False)
    promised_limit_days = models.PositiveIntegerField("承诺办结时限（工作日）", editable=False)

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人账户", on_delete=models.PROTECT, related_name="cases"
    )
    applicant_type = models.CharField("申请人类型", max_length=4, choices=ApplicantType.choices, default=ApplicantType.INDIVIDUAL)
    applicant_name = models.CharField("申请人姓名", max_length=50)
    applicant_id_number = models.CharField("证件号码", max_length=18)
    applicant_phone = models.CharField("联系电话", max_length=11)
    organisation_name = models.CharField("单位名称", max_length=200, blank=True)
    organisation_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    address = models.CharField("联系地址", max_length=200, blank=True)
    description = models.TextField("申请事项说明", blank=True)
    declaration_accepted = models.BooleanField("已确认申请承诺", default=False)
    is_online = models.BooleanField("网上申报", default=True)

    status = models.CharField("状态", max_length=16, choices=CaseStatus.choices, default=CaseStatus.DRAFT, db_index=True)
    draft_step = models.PositiveSmallIntegerField("草稿进行到第几步", default=1)

    created_at = models.DateTimeField("创建时间", default=timezone.now, editable=False)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True, editable=False)
    pre_reviewed_at = models.DateTimeField("预审通过时间", null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True, editable=False)
    acceptance_date = models.DateField("受理日期", null=True, blank=True, editable=False)
    due_date = models.DateField("承诺办结日期", null=True, blank=True, editable=False, db_index=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True, editable=False)
    stopped_working_days = models.PositiveIntegerField("累计暂停工作日", default=0, editable=False)

    correction_rounds = models.PositiveSmallIntegerField("补正次数", default=0, editable=False)
    accepted_with_deficiency = models.BooleanField("容缺受理", default=False, editable=False)
    forwarded_to = models.CharField("转报机关", max_length=100, blank=True)
    higher_decision = models.TextField("上级机关决定", blank=True)
    result = models.TextField("办理结果", blank=True)
    delivery_method = models.CharField("送达方式", max_length=8, choices=DeliveryMethod.choices, blank=True)
    delivery_address = models.CharField("邮寄地址", max_length=200, blank=True)
    overdue_reason = models.TextField("超期原因", blank=True)

    # Bumped on every transition; services compare it so a stale form cannot overwrite a newer decision.
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "办件"
        verbose_name_plural = "办件"
        indexes = [models.Index(fields=["department", "status"]), models.Index(fields=["status", "due_date"])]
        permissions = [
            ("process_case", "处理本部门办件"),
            ("supervise_case", "督查全部办件"),
        ]

    def __str__(self):
        return self.receipt_number or f"草稿 #{self.pk}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES


class CaseMaterial(models.Model):
    """One uploaded file for one listed material. Re-uploads after a correction keep the old
    file (superseded) so the review history stays intact."""

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
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now, editable=False)
    superseded = models.BooleanField("已被替换", default=False)

    class Meta:
        ordering = ["case", "material_name", "-uploaded_at"]
        verbose_name = "申请材料文件"
        verbose_name_plural = "申请材料文件"

    def __str__(self):
        return f"{self.material_name}（{self.original_name}）"


class CaseTransition(models.Model):
    """An immutable record of one step: who, when (server time), from → to, note."""

    case = models.ForeignKey(Case, verbose_name="办件", on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField("操作", max_length=32)
    from_status = models.CharField("原状态", max_length=16, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=16, choices=CaseStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField("操作人姓名", max_length=100)
    at = models.DateTimeField("时间", default=timezone.now, editable=False)
    note = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "办件流转记录"
        verbose_name_plural = "办件流转记录"

    def __str__(self):
        return f"{self.case} {self.from_status or '—'} → {self.to_status}（{self.actor_name}）"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("办件流转记录不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("办件流转记录不可删除。")
