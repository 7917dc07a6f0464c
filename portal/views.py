"""Views of the site shell (the 长辈版 switch)."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

ELDER_COOKIE = "elder_mode"
ELDER_COOKIE_AGE = 365 * 24 * 3600


def toggle_elder_mode(request):
    """No-JavaScript fallback of the 长辈版 switch: flip the cookie and go back where we were."""
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"  # never an open redirect
    response = redirect(target)
    if request.COOKIES.get(ELDER_COOKIE) == "1":
        response.delete_cookie(ELDER_COOKIE)
    else:
        response.set_cookie(ELDER_COOKIE, "1", max_age=ELDER_COOKIE_AGE, samesite="Lax")
    return response

