"""The catalogue page's listing: live items, filters, facets and pages. A page context, not a
view, so the page model can use it without importing views."""

from django.core.paginator import Paginator

from .filters import CatalogFilter, facet_options
from .models import BundlePage, ServiceItemPage

ITEMS_PER_PAGE = 20


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
