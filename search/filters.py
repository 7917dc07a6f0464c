"""Validation of the facet/filter parameters, borrowed from the catalogue listing.

The search page and API accept exactly the catalogue's django-filter parameters
(guides.filters.CatalogFilter: department=<部门代码>, theme=<slug>, audience, item_type,
processing_kind, online, reservable, fee, max_visits, status) with the same Chinese error
messages, so a filtered listing URL and a filtered search URL speak the same language.
`clean_filters` is the only place that knows where those rules live.
"""

from guides.filters import CatalogFilter
from guides.models import ServiceItemPage

FILTER_NAMES = tuple(CatalogFilter.base_filters)


def clean_filters(params):
    """(valid filters as {name: plain value}, [Chinese error messages]) for a QueryDict."""
    data = {name: params.get(name) for name in FILTER_NAMES if params.get(name) not in (None, "")}
    if not data:
        return {}, []
    filterset = CatalogFilter(data, queryset=ServiceItemPage.objects.none())
    form = filterset.form
    form.is_valid()
    cleaned = {}
    for name in data:
        if name in form.errors or name not in form.cleaned_data:
            continue
        value = form.cleaned_data[name]
        if value in (None, ""):
            continue
        cleaned[name] = _plain(name, value)
    return cleaned, filterset.error_messages


def _plain(name, value):
    if name == "department":
        return value.code
    if name == "theme":
        return value.slug
    if name == "max_visits":
        return int(value)
    return str(value)
