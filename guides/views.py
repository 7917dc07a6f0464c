"""Public views of the catalogue that are not Wagtail pages themselves."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from .filters import CatalogFilter, facet_options
from .models import BundlePage, ItemStatus, ServiceItemPage

ITEMS_PER_PAGE = 20


def item_by_code(request, code):
    """Stable address of every item by its 事项编码, whatever its page slug becomes."""
    item = get_object_or_404(ServiceItemPage.objects.live(), item_code=code.upper())
    url = item.get_url(request)
    if url is None:  # no Wagtail Site serves the page (fresh install, flushed database)
        raise Http404
    return redirect(url, permanent=False)


def material_checklist(request, code):
    """The printable 一次性告知 list: every material with a box to tick, where to go, whom to call."""
    item = get_object_or_404(
        ServiceItemPage.objects.live().select_related("department"), item_code=code.upper()
    )
    context = {
        "item": item,
        "materials": item.materials.all(),
        "printed_at": timezone.localtime(),
        "is_cancelled": item.status == ItemStatus.CANCELLED,
    }
    return render(request, "guides/material_checklist.html", context)


def catalog_base_queryset(catalog_page):
    """Live items under the catalogue, with what the listing shows fetched up front (no N+1)."""
    return (
        ServiceItemPage.objects.live()
        .descendant_of(catalog_page)
        .select_related("department")
        .prefetch_related("themes")
        .order_by("department__sort_order", "title")
    )


def catalog_context(request, catalog_page):
    """Filterable, paginated listing context for the catalogue page (filters in guides.filters)."""
    base = catalog_base_queryset(catalog_page)
    # Always bound (an empty GET is valid) so the default scope, which hides cancelled items, applies.
    filterset = CatalogFilter(request.GET, queryset=base)
    items = filterset.qs
    paginator = Paginator(items, ITEMS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return {
        "filter": filterset,
        "facets": facet_options(filterset, base),
        "items": page_obj,
        "page_obj": page_obj,
        "paginator": paginator,
        "filter_errors": filterset.error_messages,
        "has_active_filters": bool(filterset.active),
        "bundles": BundlePage.objects.live().descendant_of(catalog_page).order_by("title"),
    }
