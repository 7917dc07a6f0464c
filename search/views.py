"""The public search page (/search/)."""

from django.shortcuts import render

from . import querylog, service
from .backends.base import SearchRequest
from .params import PER_PAGE, parse

HOT_SEARCH_COUNT = 8


def _querystring(request, **changes):
    """The current query string with some parameters changed (None removes one); page is
    reset whenever anything else changes."""
    params = request.GET.copy()
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


def _facet_links(request, facets):
    for facet in facets:
        for option in facet["options"]:
            value = None if option["selected"] else option["value"]
            option["querystring"] = _querystring(request, **{facet["name"]: value})
    return facets


def _page_links(request, result):
    pages = range(max(1, result.page - 3), min(result.num_pages, result.page + 3) + 1)
    return [{"number": n, "querystring": _querystring(request, page=str(n))} for n in pages]


def search_page(request):
    params = parse(request.GET)
    errors = list(params.errors)
    if params.page_error:
        errors.append(params.page_error + "已显示第 1 页。")
    context = {"search_query": params.q, "errors": errors}
    if params.q:
        result = service.run_search(SearchRequest(q=params.q, filters=params.filters, page=params.page, per_page=PER_PAGE))
        if params.page > result.num_pages and result.count:
            errors.append(f"共 {result.num_pages} 页，第 {params.page} 页不存在，已显示最后一页。")
            result = service.run_search(
                SearchRequest(q=params.q, filters=params.filters, page=result.num_pages, per_page=PER_PAGE)
            )
        if params.page == 1:
            querylog.log_query(params.q, result.count, querylog.visitor_key(request))
        facets = _facet_links(request, service.facet_options(result.facets, params.filters))
        context.update(
            result=result,
            facets=facets,
            has_facets=any(facet["options"] for facet in facets),
            promotions=service.promotions(params.q),
            did_you_mean=service.did_you_mean(params.q, result),
            pages=_page_links(request, result),
            previous_qs=_querystring(request, page=str(result.page - 1)) if result.page > 1 else "",
            next_qs=_querystring(request, page=str(result.page + 1)) if result.page < result.num_pages else "",
            clear_filters_qs=_querystring(request, **{name: None for name in params.filters}),
            active_filters=params.filters,
            first_number=(result.page - 1) * result.per_page + 1,
        )
    if not params.q or not context["result"].count:  # shown only on the empty and the nothing-found page
        context["hot_searches"] = querylog.hot_searches(HOT_SEARCH_COUNT)
    return render(request, "search/search.html", context)
