"""Keep staff out of the admin until they have passed their TOTP second factor this session.

After the password (Wagtail's login page) a staff member is sent to 绑定动态口令 the first time
and to 输入动态口令 after that; every other admin URL redirects there until verified.
"""

from django.shortcuts import redirect
from django.urls import reverse

from . import policy

# Admin URLs reachable before the second factor: logging in and out, password reset.
OPEN_ADMIN_PATHS = (
    "/admin/login/", "/admin/logout/", "/admin/password_reset/", "/admin/second-factor/",
    "/admin/jsi18n/", "/admin/sprite/",  # scripts and icons the login and second-factor pages load
)


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/admin/") and not path.startswith(OPEN_ADMIN_PATHS):
            user = request.user
            if policy.required(user) and not user.is_verified():
                name = "second_factor_verify" if policy.confirmed_device(user) else "second_factor_setup"
                return redirect(f"{reverse(name)}?next={request.get_full_path()}")
        return self.get_response(request)
