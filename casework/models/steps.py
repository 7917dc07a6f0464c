"""What happens to a case between acceptance and closing: notices, corrections, stops,
deficiency promises and joint-department opinions."""

from django.conf import settings
from django.db import models

from casework import clock

from .base import NumberedNotice, Pause
from .cases import Case


class NoticeKind(models.TextChoices):
    """The 办件 notice kinds; each is registered with its number prefix in casework.services."""

    CORRECTION = "correction", "材料补齐通知书"
    ACCEPTANCE = "acceptance", "受理通知书"
    REJECTION = "rejection", "不予受理告知书"
    COMPLETION = "completion", "办结通知书"


class CaseNotice(NumberedNotice):
    """A numbered, dated written notice to the applicant. Its text is frozen when issued."""

    case = models.ForeignKey(Case, verbose_name="办件", on_delete=models.CASCADE, related_name="notices")

    class Meta(NumberedNotice.Meta):
        db_table = "online_apply_casenotice"
        verbose_name = "办件文书"
        verbose_name_plural = "办件文书"


class CorrectionRequest(models.Model):
    """一次性告知: one notice lists every problem; the applicant fixes only what was flagged."""

    case = models.ForeignKey(Case, verbose_name="办件", on_delete=models.CASCADE, related_name="correction_requests")
    notice = models.OneToOneField(CaseNotice, verbose_name="材料补齐通知书", on_delete=models.PROTECT, related_name="correction")
    requested_at = models.DateTimeField("告知时间", default=clock.now, editable=False)
    # From the configured correction period (CaseworkSettings), never from text staff type.
    due_date = models.DateField("补正期限", null=True, blank=True, editable=False)
    resolved_at = models.DateTimeField("补正完成时间", null=True, blank=True)

    class Meta:
        db_table = "online_apply_correctionrequest"
        ordering = ["requested_at"]
        verbose_name = "补正告知"
        verbose_name_plural = "补正告知"

    def __str__(self):
        return f"{self.case} 补正告知（{self.requested_at:%Y-%m-%d}）"


class CorrectionItem(models.Model):
    request = models.ForeignKey(CorrectionRequest, verbose_name="补正告知", on_delete=models.CASCADE, related_name="items")
    material = models.ForeignKey("guides.Material", verbose_name="材料", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    material_name = models.CharField("材料名称", max_length=200)
    reason = models.CharField("问题及补正要求", max_length=500)
    resolved = models.BooleanField("已补正", default=False)

    class Meta:
        db_table = "online_apply_correctionitem"
        verbose_name = "补正事项"
        verbose_name_plural = "补正事项"

    def __str__(self):
        return f"{self.material_name}：{self.reason}"


class StopReason(models.Model):
    """Admin-managed list of lawful reasons to stop the clock, each with a maximum length."""

    name = models.CharField("暂停计时事由", max_length=50, unique=True)
    max_working_days = models.PositiveIntegerField("最长暂停（工作日）")
    active = models.BooleanField("启用", default=True)

    class Meta:
        db_table = "online_apply_stopreason"
        ordering = ["name"]
        verbose_name = "暂停计时事由"
        verbose_name_plural = "暂停计时事由"

    def __str__(self):
        return f"{self.name}（最长 {self.max_working_days} 个工作日）"


class ClockStop(Pause):
    """停止计时: recorded with reason, start, end and approver; stopped time is reported publicly."""

    case = models.ForeignKey(Case, verbose_name="办件", on_delete=models.CASCADE, related_name="clock_stops")
    reason = models.ForeignKey(StopReason, verbose_name="事由", on_delete=models.PROTECT)

    class Meta(Pause.Meta):
        db_table = "online_apply_clockstop"
        ordering = ["started_on", "pk"]
        verbose_name = "暂停计时"
        verbose_name_plural = "暂停计时"

    def __str__(self):
        return f"{self.case} {self.reason.name}（{self.started_on:%Y-%m-%d}起）"


class DeficiencyPromise(models.Model):
    """容缺受理: a non-essential material may follow later against a written promise."""

    case = models.ForeignKey(Case, verbose_name="办件", on_delete=models.CASCADE, related_name="deficiency_promises")
    material_name = models.CharField("容缺材料", max_length=200)
    due_date = models.DateField("补交期限")
    promise_text = models.TextField("承诺内容")
    fulfilled_at = models.DateTimeField("补交时间", null=True, blank=True)

    class Meta:
        db_table = "online_apply_deficiencypromise"
        verbose_name = "容缺承诺"
        verbose_name_plural = "容缺承诺"

    def __str__(self):
        return f"{self.case} 容缺：{self.material_name}"


class JointOpinion(models.Model):
    """联办件: the lead window asks each other department; the case closes only when all answered."""

    case = models.ForeignKey(Case, verbose_name="办件", on_delete=models.CASCADE, related_name="joint_opinions")
    department = models.ForeignKey("guides.Department", verbose_name="征求意见部门", on_delete=models.PROTECT, related_name="joint_opinions")
    requested_at = models.DateTimeField("征求时间", default=clock.now, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, on_delete=models.SET_NULL, related_name="+")
    opinion = models.TextField("意见", blank=True)
    agrees = models.BooleanField("同意", null=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        db_table = "online_apply_jointopinion"
        unique_together = [("case", "department")]
        verbose_name = "联办意见"
        verbose_name_plural = "联办意见"

    def __str__(self):
        return f"{self.case} 征求{self.department}意见"


class StaffAssignment(models.Model):
    """Which department a window staff member works for: they see only its cases."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="工作人员", on_delete=models.CASCADE, related_name="staff_assignment")
    department = models.ForeignKey("guides.Department", verbose_name="所属部门", on_delete=models.PROTECT, related_name="staff")
    window = models.CharField("窗口号", max_length=20, blank=True)
    service_window = models.ForeignKey(
        "halls.Window", verbose_name="所在窗口", null=True, blank=True, on_delete=models.SET_NULL, related_name="staff",
        help_text="窗口收件和受理的办件记入此窗口。",
    )

    class Meta:
        db_table = "online_apply_staffassignment"
        verbose_name = "窗口人员"
        verbose_name_plural = "窗口人员"

    def __str__(self):
        return f"{self.user} @ {self.department}"
