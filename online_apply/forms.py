"""Citizen-side forms of online pre-application: applicant details, uploads, declaration, lookup."""

from django import forms

from casework.applicant_forms import ApplicantForm  # noqa: F401 - wizard step 1
from citizens.validators import validate_phone
from online_apply.uploads import MAX_FILES_PER_MATERIAL

DECLARATION_TEXT = (
    "本人（单位）承诺：所填写的信息和上传的材料真实、准确、完整、有效，复印件与原件一致；"
    "如有虚假，愿意承担相应的法律责任，并承担由此产生的一切后果。"
)


class MultipleFileInput(forms.FileInput):
    """A file input that takes several files (front and back of an ID card)."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Cleans to a list of files, each checked like a single FileField (Django's documented
    pattern); at most MAX_FILES_PER_MATERIAL per material."""

    def clean(self, data, initial=None):
        single = super().clean
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if not files:
            single(None, initial)  # raises "required" when the field is required
            return []
        if len(files) > MAX_FILES_PER_MATERIAL:
            raise forms.ValidationError(f"每项材料最多上传 {MAX_FILES_PER_MATERIAL} 个文件，多页材料请合并为一个 PDF。")
        return [single(f, initial) for f in files]


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
            self.fields[self.field_name(slot)] = MultipleFileField(
                label=slot.name,
                required=required_all,
                widget=MultipleFileInput(attrs={"accept": self.ACCEPT}),
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

    receipt_number = forms.CharField(label="收件编号", max_length=32, help_text="如 YS20250301-000001，见收件回执。")
    phone = forms.CharField(label="申请时填写的手机号码", max_length=11, widget=forms.TextInput(attrs={"inputmode": "numeric"}))

    def clean_receipt_number(self):
        return self.cleaned_data["receipt_number"].strip().upper()

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
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
