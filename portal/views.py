"""Views and page contexts of the site shell (home page, 长辈版 switch)."""

from django.http import HttpResponseRedirect

from guides.models import Department, ItemStatus, ServiceItemPage, Theme
from portal.redirects import safe_next_path

ELDER_COOKIE = "elder_mode"
ELDER_COOKIE_AGE = 365 * 24 * 3600
POPULAR_COUNT = 8


def home_context(home_page):
    """Popular items (editor-chosen, else the first active ones), themes, departments, notices."""
    from portal.models import NoticePage

    # By id, so that a preview (whose choice is held in memory, not in the database) works too.
    chosen_ids = [item.pk for item in home_page.popular_items.all()]
    chosen = ServiceItemPage.objects.live().filter(pk__in=chosen_ids, status=ItemStatus.ACTIVE)
    popular = list(chosen[:POPULAR_COUNT]) or list(
        ServiceItemPage.objects.live().filter(status=ItemStatus.ACTIVE).order_by("title")[:POPULAR_COUNT]
    )
    return {
        "popular_items": popular,
        "themes": Theme.objects.all(),
        "departments": Department.objects.all(),
        "notices": NoticePage.objects.live().order_by("-date", "-pk")[:6],
    }


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
