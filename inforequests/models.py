"""依申请公开: information requests, run on the shared case core (casework).

A request is a casework `Matter` with an `ExtendableDeadline` (20 working days from receipt,
extendable ONCE by up to 20 with a recorded approval); a 补正 request is a `Pause` of the
clock (not a 停止计时 of a 承诺件), ended when the requester answers. Every status change goes
through inforequests.workflow (docs/domain.md § 依申请公开).
"""

from django.conf import settings
from django.db import models

from casework.models import ExtendableDeadline, Matter, NumberedNotice, Pause, TransitionLog
from privacy.fields import EncryptedCharField, LookupHashField

from .choices import (
    REASON_LABELS,
    Channel,
    DeliveryForm,
    DeliveryMethod,
    ReplyKind,
    RequesterType,
    RequestStatus,
    ReviewKind,
    ReviewResult,
)

ANSWER_WORKING_DAYS = 20  # 《政府信息公开条例》第三十三条
EXTENSION_WORKING_DAYS = 20
CORRECTION_REQUEST_WORKING_DAYS = 7  # 第三十条: 补正 asked within 7 working days of receipt
# 第三十条 also asks the notice to state "合理的补正期限"; staff may set another length per request.
CORRECTION_ANSWER_WORKING_DAYS = 15
MAX_CORRECTION_ANSWER_WORKING_DAYS = 30
NUMBER_PREFIX = "YSGK"


class InfoRequest(ExtendableDeadline, Matter):
    """One 政府信息公开申请."""

    number = models.CharField("申请编号", max_length=40, unique=True, editable=False)
    status = models.CharField("状态", max_length=16, choices=RequestStatus.choices, default=RequestStatus.RECEIVED,
                              db_index=True)
    channel = models.CharField("申请方式", max_length=12, choices=Channel.choices)
    requester_type = models.CharField("申请人类型", max_length=12, choices=RequesterType.choices)
    requester_name = models.CharField("申请人姓名/名称", max_length=100)
    # Encrypted at rest; the phone is found by its keyed hash (tracking), docs/domain.md 依申请公开.
    id_number = EncryptedCharField("身份证件号码/统一社会信用代码", max_length=30, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = EncryptedCharField("联系电话", max_length=20)
    phone_hash = LookupHashField("联系电话检索摘要", source="phone", db_index=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    description = models.TextField("所需政府信息的内容描述")
    document_hint = models.CharField("文件名称、文号或其他特征（如知道）", max_length=200, blank=True)
    delivery_form = models.CharField("提供形式", max_length=12, choices=DeliveryForm.choices)
    delivery_method = models.CharField("获取方式", max_length=12, choices=DeliveryMethod.choices)
    received_on = models.DateField("收到申请日期", db_index=True)
    answered_on = models.DateField("答复日期", null=True, blank=True, db_index=True)
    reply_kind = models.CharField("处理决定", max_length=16, choices=ReplyKind.choices, blank=True)
    reply_reason = models.CharField("理由", max_length=20, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "依申请公开申请"
        verbose_name_plural = "依申请公开申请"
        ordering = ["-received_on", "-pk"]
        permissions = [("handle_inforequest", "办理依申请公开")]

    def __str__(self):
        return f"{self.number} {self.requester_name}"

    @property
    def reply_reason_label(self):
        return REASON_LABELS.get(self.reply_reason, "")

    @property
    def is_open(self):
        return self.status != RequestStatus.ANSWERED

    def open_pause(self):
        return self.pauses.filter(ended_on=None).first()


class InfoRequestTransition(TransitionLog):
    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="transitions")

    class Meta(TransitionLog.Meta):
        verbose_name = "依申请公开流转记录"
        verbose_name_plural = "依申请公开流转记录"


class InfoRequestNotice(NumberedNotice):
    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="notices")

    class Meta(NumberedNotice.Meta):
        verbose_name = "依申请公开文书"
        verbose_name_plural = "依申请公开文书"


class CorrectionPause(Pause):
    """A 补正 request: the clock pauses from the day it goes out until the requester answers."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="pauses")
    answer = models.TextField("申请人补正内容", blank=True)
    # The 补正期限 stated in the notice: only after it may the request be closed as 逾期不补正.
    answer_by = models.DateField("补正期限", null=True, blank=True)

    class Meta(Pause.Meta):
        verbose_name = "补正"
        verbose_name_plural = "补正"


class InfoRequestReview(models.Model):
    """An 行政复议 or 行政诉讼 about the centre's disclosure work (annual report table 四)."""

    request = models.ForeignKey(InfoRequest, verbose_name="相关申请", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="reviews")
    kind = models.CharField("类型", max_length=24, choices=ReviewKind.choices)
    filed_on = models.DateField("立案日期")
    result = models.CharField("结果", max_length=12, choices=ReviewResult.choices, default=ReviewResult.PENDING)
    decided_on = models.DateField("审结日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "行政复议和诉讼"
        verbose_name_plural = "行政复议和诉讼"
        ordering = ["-filed_on"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.filed_on:%Y-%m-%d}"
