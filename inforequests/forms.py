"""Forms of 依申请公开: the public request form, staff entry, tracking and the staff actions."""

from django import forms

from casework.applicant_forms import validate_uscc
from citizens.forms import CodeField, PhoneField
from citizens.validators import normalize_id_number, validate_id_number

from .choices import REPLY_REASONS, Channel, ReplyKind, RequesterType
from .models import (
    CORRECTION_ANSWER_WORKING_DAYS,
    EXTENSION_WORKING_DAYS,
    MAX_CORRECTION_ANSWER_WORKING_DAYS,
    InfoRequest,
)
from .services import REQUEST_FIELDS


class RequestForm(forms.ModelForm):
    """What the 条例 (第二十九条) asks a request to contain: who (with 身份证明), how to reach
    them, the information described, and the form of delivery."""

    # Online, an organisation proves who it is by its credit code (an 其他组织 may have none);
    # a letter without one is still registered by staff, who can ask for it in a 补正.
    credit_code_required = True

    phone = PhoneField(help_text="用于接收验证码和办理进度短信。")

    class Meta:
        model = InfoRequest
        fields = REQUEST_FIELDS
        widgets = {
            "requester_type": forms.RadioSelect,
            "delivery_form": forms.RadioSelect,
            "delivery_method": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "requester_name": "自然人填姓名；法人或其他组织填单位全称。",
            "id_number": "自然人填居民身份证号码；法人或其他组织填统一社会信用代码（没有代码的其他组织可不填）。",
            "contact_person": "法人或其他组织必填。",
            "description": "请尽量写明信息的名称、文号或者便于查询的其他特征。",
        }
        error_messages = {
            "requester_name": {"required": "请填写申请人姓名或名称。"},
            "description": {"required": "请描述所需的政府信息。"},
            "requester_type": {"required": "请选择申请人类型。"},
            "delivery_form": {"required": "请选择提供形式。"},
            "delivery_method": {"required": "请选择获取方式。"},
            "email": {"invalid": "电子邮箱格式不正确。"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("requester_type", "delivery_form", "delivery_method"):
            # Radio buttons: no "---------" blank choice (the field stays required).
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("requester_type") == RequesterType.PERSON
        id_number = (cleaned.get("id_number") or "").strip()
        if person:
            if not id_number:
                self.add_error("id_number", "自然人申请请填写居民身份证号码。")
            else:
                try:
                    validate_id_number(id_number)
                    cleaned["id_number"] = normalize_id_number(id_number)
                except forms.ValidationError as error:
                    self.add_error("id_number", error)
        elif cleaned.get("requester_type"):
            if not (cleaned.get("contact_person") or "").strip():
                self.add_error("contact_person", "法人或其他组织申请请填写联系人。")
            if id_number:
                # Checked as on the 办件 applicant form (GB 32100-2015 check character).
                try:
                    validate_uscc(id_number.upper())
                    cleaned["id_number"] = id_number.upper()
                except forms.ValidationError as error:
                    self.add_error("id_number", error)
            elif self.credit_code_required and cleaned["requester_type"] != RequesterType.OTHER_ORG:
                self.add_error("id_number", "法人或其他组织申请请填写统一社会信用代码。")
        if cleaned.get("delivery_method") == "email" and not cleaned.get("email"):
            self.add_error("email", "选择电子邮件获取时请填写电子邮箱。")
        if cleaned.get("delivery_method") == "post" and not (cleaned.get("address") or "").strip():
            self.add_error("address", "选择邮寄时请填写通信地址。")
        return cleaned


class OnlineRequestForm(RequestForm):
    code = CodeField()


class StaffRequestForm(RequestForm):
    """Staff entry of a request received by post or in person (today's date is the receipt date)."""

    credit_code_required = False

    channel = forms.ChoiceField(label="收到方式", choices=[(Channel.POST, Channel.POST.label),
                                                          (Channel.IN_PERSON, Channel.IN_PERSON.label)])


class TrackForm(forms.Form):
    number = forms.CharField(label="申请编号", max_length=40, error_messages={"required": "请填写申请编号。"})
    phone = PhoneField()


class TrackVerifyForm(TrackForm):
    code = CodeField()


# -- staff actions ---------------------------------------------------------------------------------

class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CorrectionForm(VersionedForm):
    items = forms.CharField(label="需要补正的内容（一次性告知）", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    days = forms.IntegerField(label="补正期限（工作日，告知书写明截止日期）", min_value=1,
                              max_value=MAX_CORRECTION_ANSWER_WORKING_DAYS, initial=CORRECTION_ANSWER_WORKING_DAYS)


class ReceiveCorrectionForm(VersionedForm):
    answer = forms.CharField(label="申请人补正的内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ExtendForm(VersionedForm):
    days = forms.IntegerField(label="延长工作日", min_value=1, max_value=EXTENSION_WORKING_DAYS, initial=EXTENSION_WORKING_DAYS)
    approved_by = forms.CharField(label="批准人（负责人）", max_length=50)
    reason = forms.CharField(label="延长理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


def _reason_choices():
    choices = [("", "（不需要理由的处理决定不选）")]
    for kind, reasons in REPLY_REASONS.items():
        choices.append((ReplyKind(kind).label, list(reasons)))
    return choices


class ReplyForm(VersionedForm):
    kind = forms.ChoiceField(label="处理决定", choices=ReplyKind.choices)
    reason = forms.ChoiceField(label="理由", choices=_reason_choices, required=False)
    refer_to = forms.CharField(label="负责公开的机关（告知另行申请时填写）", max_length=100, required=False)
    content = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000, required=False)


ACTION_FORMS = {
    "request_correction": CorrectionForm,
    "receive_correction": ReceiveCorrectionForm,
    "extend": ExtendForm,
    "reply": ReplyForm,
}
