"""Forms for citizen registration, login and password reset. Every message is Chinese and names the field."""

from django import forms

from .accounts import password_probe
from .validators import normalize_id_number, normalize_phone, validate_id_number, validate_new_password, validate_phone


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "手机号码")
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault("validators", [validate_phone])
        kwargs.setdefault("error_messages", {"required": "请输入手机号码。"})
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "tel", "inputmode": "numeric", "pattern": r"1[3-9][0-9]{9}"})

    def to_python(self, value):
        # Before max_length: "１３８ 1234 1234" is a phone number typed with spaces.
        return normalize_phone(super().to_python(value))


class CodeField(forms.RegexField):
    def __init__(self, **kwargs):
        super().__init__(
            regex=r"^[0-9]{6}\Z", label="短信验证码", max_length=6,
            error_messages={"required": "请输入短信验证码。", "invalid": "验证码为 6 位数字。"}, **kwargs,
        )
        self.widget.attrs.update({"autocomplete": "one-time-code", "inputmode": "numeric"})

    def to_python(self, value):
        return normalize_phone(super().to_python(value))  # full-width digits from some input methods


STRENGTH_HINT = "至少 10 位，不能全为数字，不能与手机号、姓名相近。"


def new_password_field(label, required_message, help_text=""):
    return forms.CharField(
        label=label, strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=help_text, error_messages={"required": required_message},
    )


class SendCodeForm(forms.Form):
    phone = PhoneField()


def check_new_password_pair(form, data, probe_user):
    """password1 and password2 must match, and password1 pass the validators for probe_user
    (an unsaved User carrying what the form knows, so "too similar to the name" works; see
    citizens.accounts.password_probe)."""
    p1, p2 = data.get("password1"), data.get("password2")
    if p1 and p2 and p1 != p2:
        form.add_error("password2", "两次输入的密码不一致。")
    elif p1:
        try:
            validate_new_password(p1, probe_user)
        except forms.ValidationError as error:
            form.add_error("password1", error)


class RegisterForm(forms.Form):
    phone = PhoneField()
    code = CodeField()
    real_name = forms.CharField(label="真实姓名", max_length=50, error_messages={"required": "请输入真实姓名。"})
    id_number = forms.CharField(
        label="居民身份证号码", max_length=24, error_messages={"required": "请输入居民身份证号码。"},
    )
    email = forms.EmailField(label="电子邮箱（选填）", required=False, error_messages={"invalid": "请输入正确的电子邮箱。"})
    password1 = new_password_field("登录密码", "请设置登录密码。", help_text=STRENGTH_HINT)
    password2 = new_password_field("确认密码", "请再次输入登录密码。")

    def clean_id_number(self):
        # Whether the number already has an account is checked only once the SMS code proves
        # the phone (citizens.views._create_citizen), so this form cannot probe for accounts.
        value = normalize_id_number(self.cleaned_data["id_number"])
        validate_id_number(value)
        return value

    def clean_real_name(self):
        return self.cleaned_data["real_name"].strip()

    def clean(self):
        data = super().clean()
        probe = password_probe(phone=data.get("phone", ""), real_name=data.get("real_name", ""), email=data.get("email", ""))
        check_new_password_pair(self, data, probe)
        return data


class PasswordLoginForm(forms.Form):
    phone = PhoneField()
    password = forms.CharField(
        label="密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "请输入密码。"},
    )


class CodeLoginForm(forms.Form):
    phone = PhoneField()
    code = CodeField()


class PasswordResetForm(forms.Form):
    """忘记密码: phone, the SMS code sent to it, and the new password twice.

    Validators run here against the phone only; the view checks the new password against the
    account's own name and e-mail once the code is verified, because doing it before would tell
    a stranger the name or e-mail behind any phone number ("too similar to…").
    """

    phone = PhoneField()
    code = CodeField()
    password1 = new_password_field("新密码", "请设置新密码。", help_text=STRENGTH_HINT)
    password2 = new_password_field("确认新密码", "请再次输入新密码。")

    def clean(self):
        data = super().clean()
        check_new_password_pair(self, data, password_probe(phone=data.get("phone", "")))
        return data
