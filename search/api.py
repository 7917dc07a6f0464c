"""JSON endpoints: GET /api/search/ and GET /api/search/autocomplete/.

Bad parameters get HTTP 400 with {"error": "<Chinese message>"}; nothing returns a 500.
"""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from . import querylog, service
from .analysis import MAX_QUERY_LENGTH
from .backends.base import SearchRequest
from .params import PER_PAGE, parse

AUTOCOMPLETE_LIMIT = 8


def _error(message, status=400):
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def _facets_json(facets):
    return {
        facet["name"]: [{"value": o["value"], "label": o["label"], "count": o["count"]} for o in facet["options"]]
        for facet in facets
    }


def _rejected(message):
    # The shared filter messages are written for pages, which drop a bad condition and go on
    # ("…，已忽略该条件。"); the API refuses the request instead, so it says only what is wrong.
    return message.split("，已忽略")[0] + "。" if "，已忽略" in message else message


@require_GET
def search(request):
    params = parse(request.GET)
    if params.errors:
        return _error("；".join(_rejected(m) for m in params.errors))
    if params.page_error:
        return _error(params.page_error)
    if not params.q:
        return _error("请提供搜索词 q。")
    result = service.run_search(SearchRequest(q=params.q, filters=params.filters, page=params.page, per_page=PER_PAGE))
    if params.page > result.num_pages:
        return _error(f"页码超出范围：共 {result.num_pages} 页，请求的是第 {params.page} 页。")
    if params.page == 1:
        querylog.log_query(params.q, result.count, querylog.visitor_key(request))
    return JsonResponse(
        {
            "count": result.count,
            "page": result.page,
            "num_pages": result.num_pages,
            "results": [
                {
                    "code": hit.code,
                    "name": hit.title,
                    "url": hit.url,
                    "department": hit.department,
                    "highlight": str(hit.highlight),
                }
                for hit in result.hits
            ],
            "facets": _facets_json(service.facet_options(result.facets, params.filters)),
            "did_you_mean": service.did_you_mean(params.q, result),
            "backend": result.backend,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def autocomplete(request):
    q = (request.GET.get("q") or "").strip()
    if len(q) > MAX_QUERY_LENGTH:
        return _error(f"搜索词不能超过 {MAX_QUERY_LENGTH} 个字符。")
    results = service.autocomplete(q, limit=AUTOCOMPLETE_LIMIT) if q else []
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
