"""Views of the site shell (the 长辈版 switch)."""

from django.http import HttpResponseRedirect

from portal.redirects import safe_next_path

ELDER_COOKIE = "elder_mode"
ELDER_COOKIE_AGE = 365 * 24 * 3600


def toggle_elder_mode(request):
    """No-JavaScript fallback of the 长辈版 switch: flip the cookie and go back where we were."""
    response = HttpResponseRedirect(safe_next_path(request, request.GET.get("next")))  # never an open redirect
    if request.COOKIES.get(ELDER_COOKIE) == "1":
        response.delete_cookie(ELDER_COOKIE)
    else:
        response.set_cookie(ELDER_COOKIE, "1", max_age=ELDER_COOKIE_AGE, samesite="Lax")
    return response


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the site's Chinese 403 page instead of Django's English one."""
    from django.shortcuts import render

    return render(request, "403.html", {"csrf_failure": True}, status=403)
