from guides.models import Department, ServiceItemPage, Theme


def home_context(home_page):
    popular = list(home_page.popular_items.live()[:8]) or list(
        ServiceItemPage.objects.live().filter(status="在用").order_by("title")[:8]
    )
    from portal.models import NoticePage

    return {
        "popular_items": popular,
        "themes": Theme.objects.all(),
        "departments": Department.objects.all(),
        "notices": NoticePage.objects.live().order_by("-date", "-pk")[:6],
    }
