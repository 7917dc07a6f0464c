"""View decorators for pages only citizens (not staff, not anonymous visitors) may open."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

LOGIN_URL = "/account/login/"


def is_citizen(user):
    return user.is_authenticated and hasattr(user, "citizen") and not user.is_staff


def citizen_required(view):
    """Anonymous visitors go to /account/login/?next=…; signed-in staff get 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), LOGIN_URL)
        if not is_citizen(request.user):
            raise PermissionDenied("此页面仅供申请人账户使用。")
        return view(request, *args, **kwargs)

    return wrapped
