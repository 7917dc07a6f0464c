"""The home page's context: a page context, not a view, so the page model can use it."""

from guides.models import Department, ItemStatus, ServiceItemPage, Theme

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
