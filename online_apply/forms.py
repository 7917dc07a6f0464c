"""Citizen-side forms of online pre-application: applicant details, uploads, declaration, lookup."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from citizens.validators import normalize_id_number, normalize_phone, validate_id_number, validate_phone

from .models import ApplicantType, Case

# GB 32100-2015 统一社会信用代码: 18 characters from this alphabet (no I, O, S, V, Z).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_RE = re.compile(rf"^[{USCC_ALPHABET}]{{18}}$")

DECLARATION_TEXT = (
    "本人（单位）承诺：所填写的信息和上传的材料真实、准确、完整、有效，复印件与原件一致；"
    "如有虚假，愿意承担相应的法律责任，并承担由此产生的一切后果。"
)


def validate_uscc(value):
    """统一社会信用代码 with its GB 32100-2015 check character."""
    if not USCC_RE.match(value):
        raise ValidationError("统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）。")
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(value[:17], USCC_WEIGHTS, strict=True))
    if USCC_ALPHABET[(31 - total % 31) % 31] != value[17]:
        raise ValidationError("统一社会信用代码校验位不正确，请核对营业执照上的代码。")


DESCRIPTION_MAX_LENGTH = 2000


class ApplicantForm(forms.ModelForm):
    """Step 1 申请人信息; 法人 also needs the organisation name and its credit code."""

    class Meta:
        model = Case
        fields = [
            "applicant_type",
            "applicant_name",
            "applicant_id_number",
            "applicant_phone",
            "organisation_name",
            "organisation_code",
            "address",
            "description",
        ]
        labels = {"applicant_name": "申请人（经办人）姓名", "applicant_id_number": "居民身份证号码"}
        widgets = {
            "applicant_type": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "applicant_phone": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
            "applicant_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if item is None or item.serves_individuals:
            choices.append((ApplicantType.INDIVIDUAL, "自然人（个人）"))
        if item is None or item.serves_legal_persons:
            choices.append((ApplicantType.LEGAL_PERSON, "法人或其他组织"))
        self.fields["applicant_type"].choices = choices or list(ApplicantType.choices)
        if len(choices) == 1 and not self.is_bound:
            self.initial["applicant_type"] = choices[0][0]
        self.fields["organisation_name"].help_text = "以法人或其他组织名义申请时必填。"
        self.fields["organisation_code"].help_text = "18 位，见营业执照。"
        # The model's TextField has no limit; a sensible one keeps a pasted book out.
        description = self.fields["description"]
        description.max_length = DESCRIPTION_MAX_LENGTH
        description.validators.append(MaxLengthValidator(DESCRIPTION_MAX_LENGTH))
        description.widget.attrs["maxlength"] = DESCRIPTION_MAX_LENGTH
        description.help_text = f"不超过 {DESCRIPTION_MAX_LENGTH} 字。"

    def clean_applicant_name(self):
        return self.cleaned_data["applicant_name"].strip()

    def clean_applicant_id_number(self):
        value = normalize_id_number(self.cleaned_data["applicant_id_number"])
        validate_id_number(value)
        return value

    def clean_applicant_phone(self):
        value = normalize_phone(self.cleaned_data["applicant_phone"])
        validate_phone(value)
        return value

    def clean_organisation_code(self):
        return self.cleaned_data.get("organisation_code", "").strip().upper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("applicant_type") == ApplicantType.LEGAL_PERSON:
            if not cleaned.get("organisation_name", "").strip():
                self.add_error("organisation_name", "以法人名义申请，请填写单位名称。")
            code = cleaned.get("organisation_code", "")
            if not code:
                self.add_error("organisation_code", "以法人名义申请，请填写统一社会信用代码。")
            else:
                try:
                    validate_uscc(code)
                except ValidationError as error:
                    self.add_error("organisation_code", error)
        else:
            # A natural person's application carries no organisation data (collect only what is needed).
            cleaned["organisation_name"] = ""
            cleaned["organisation_code"] = ""
        return cleaned


class MaterialUploadForm(forms.Form):
    """One file field per upload slot (online_apply.uploads.Slot).

    In the wizard every field is optional (required materials are enforced at submit, so a
    draft can be saved half done); after a correction notice every flagged slot is required.
    """

    ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"

    def __init__(self, *args, slots=(), required_all=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = list(slots)
        for slot in self.slots:
            self.fields[self.field_name(slot)] = forms.FileField(
                label=slot.name,
                required=required_all,
                widget=forms.FileInput(attrs={"accept": self.ACCEPT}),
                error_messages={"required": f"请重新上传“{slot.name}”。", "empty": "文件为空（0 字节），请选择正确的文件重新上传。"},
            )

    @staticmethod
    def field_name(slot):
        return f"file_{slot.key}"

    def bound_field(self, slot):
        return self[self.field_name(slot)]

    def files_by_slot(self):
        return {s: self.cleaned_data[self.field_name(s)] for s in self.slots if self.cleaned_data.get(self.field_name(s))}

    def add_upload_errors(self, errors):
        for slot in self.slots:
            if slot.key in errors:
                self.add_error(self.field_name(slot), errors[slot.key])


class DeclarationForm(forms.Form):
    declaration = forms.BooleanField(
        label="我已阅读并同意以上申请承诺",
        error_messages={"required": "请勾选申请承诺后再提交。"},
    )


class LookupForm(forms.Form):
    """免登录查询 step 1: receipt number and the phone given in the application."""

    receipt_number = forms.CharField(label="收件编号", max_length=32, help_text="如 YS20250301-000001，见受理回执。")
    phone = forms.CharField(label="申请时填写的手机号码", max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric"}))

    def clean_receipt_number(self):
        return unicodedata.normalize("NFKC", self.cleaned_data["receipt_number"]).strip().upper()

    def clean_phone(self):
        value = normalize_phone(self.cleaned_data["phone"])
        validate_phone(value)
        return value


class LookupCodeForm(forms.Form):
    code = forms.CharField(
        label="短信验证码",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"min_length": "验证码为 6 位数字。"},
    )
