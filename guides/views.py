from django.shortcuts import get_object_or_404, redirect

from .models import ServiceItemPage


def item_by_code(request, code):
    """Stable address of every item by its 事项编码, whatever its page slug becomes."""
    item = get_object_or_404(ServiceItemPage.objects.live(), item_code=code.upper())
    return redirect(item.url, permanent=False)


def catalog_context(request, catalog_page):
    """Filterable listing context for the catalogue page (filled in by guides.filters)."""
    items = ServiceItemPage.objects.live().descendant_of(catalog_page).order_by("title")
    return {"items": items}
