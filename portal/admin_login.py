"""The Wagtail admin's login form with a Chinese password label.

Wagtail's LoginForm declares the password field without a label, so Django falls back to the
field name ("Password") whatever the language; the admin is Chinese only (docs/domain.md
适老化与无障碍). Set as WAGTAILADMIN_USER_LOGIN_FORM.
"""

from wagtail.admin.forms.auth import LoginForm


class ChineseLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = "密码"
