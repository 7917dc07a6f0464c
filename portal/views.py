"""Views and page contexts of the site shell (home page, 长辈版 switch)."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from guides.models import Department, ItemStatus, ServiceItemPage, Theme

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
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"  # never an open redirect
    response = redirect(target)
    if request.COOKIES.get(ELDER_COOKIE) == "1":
        response.delete_cookie(ELDER_COOKIE)
    else:
        response.set_cookie(ELDER_COOKIE, "1", max_age=ELDER_COOKIE_AGE, samesite="Lax")
    return response

