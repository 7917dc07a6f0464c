"""The applicant part of a case, the same for every channel (online wizard step 1, window
intake): name, ID number, phone and, for a 法人, the organisation and its credit code."""

import re

from django import forms
from django.core.exceptions import ValidationError

from citizens.validators import normalize_id_number, validate_id_number, validate_phone

from .models import ApplicantType, Case

# GB 32100-2015 统一社会信用代码: 18 characters from this alphabet (no I, O, S, V, Z).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_RE = re.compile(rf"^[{USCC_ALPHABET}]{{18}}$")

def validate_uscc(value):
    """统一社会信用代码 with its GB 32100-2015 check character."""
    if not USCC_RE.match(value):
        raise ValidationError("统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）。")
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(value[:17], USCC_WEIGHTS, strict=True))
    if USCC_ALPHABET[(31 - total % 31) % 31] != value[17]:
        raise ValidationError("统一社会信用代码校验位不正确，请核对营业执照上的代码。")


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

    def clean_applicant_name(self):
        return self.cleaned_data["applicant_name"].strip()

    def clean_applicant_id_number(self):
        value = normalize_id_number(self.cleaned_data["applicant_id_number"])
        validate_id_number(value)
        return value

    def clean_applicant_phone(self):
        value = self.cleaned_data["applicant_phone"].strip()
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
