"""Public views of the 政务公开 section that are not pages themselves."""

from django.core.paginator import Paginator

from .filters import CatalogFilter
from .models import DisclosureDocumentPage

DOCUMENTS_PER_PAGE = 20


def catalog_context(request, catalog_page):
    """Filtered, searched and paginated documents of the 公开目录."""
    base = DisclosureDocumentPage.objects.live().descendant_of(catalog_page).order_by("-publication_date", "-pk")
    filterset = CatalogFilter(request.GET, queryset=base)
    documents = filterset.qs
    page_obj = Paginator(documents, DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "filter": filterset,
        "documents": page_obj,
        "page_obj": page_obj,
        "filter_errors": filterset.error_messages,
        "has_active_filters": bool(filterset.active),
    }
