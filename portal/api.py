"""Public read-only JSON of the catalogue (Wagtail API v2 at /api/v2/).

Bad parameters get HTTP 400 (unknown ids 404) with {"message": "<Chinese>"}, never a 500:
offset/limit must be ASCII digits within range, `search` may not be blank, `search_operator`
is "and" or "or", double quotes and control characters are dropped from `search` (SQLite's
full-text parser rejects an unbalanced quote), and whatever the search backend still refuses
is answered as a bad search term.
"""

import re
import unicodedata

from django.db import DatabaseError, transaction
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import APIException, MethodNotAllowed
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet

MAX_OFFSET = 100_000
# Wagtail's English messages → Chinese (first match wins); anything else keeps a Chinese prefix.
MESSAGES = [
    (r"^offset must be", "offset 必须是非负整数。"),
    (r"^limit must be", "limit 必须是正整数。"),
    (r"^limit cannot be higher than (\d+)", "limit 不能超过 {0}。"),
    (r"^cannot order by", "不能按该字段排序（order 参数有误）。"),
    (r"^random ordering", "随机排序不能与偏移量或其他排序字段同时使用。"),
    (r"^(child_of|ancestor_of|descendant_of|translation_of) must be", "{0} 必须是正整数。"),
    (r"page doesn't exist$", "指定的页面不存在。"),
    (r"^type doesn't exist", "type 参数指定的页面类型不存在。"),
    (r"^unknown fields|^fields error|does not support nested fields", "fields 参数中有不存在的字段。"),
    (r"^query parameter is not an operation or a recognised field: (.*)", "不支持的查询参数：{0}。"),
    (r"^field filter error", "筛选条件的取值无效。"),
    (r"^cannot filter by|^filtering by", "不支持该筛选条件组合。"),
    (r"^search is disabled", "该接口不支持搜索。"),
]


def chinese_message(message):
    for pattern, chinese in MESSAGES:
        match = re.search(pattern, message)
        if match:
            return chinese.format(*match.groups())
    return "请求参数有误。"


def _digits_in_range(value, maximum):
    return value.isascii() and value.isdigit() and len(value) <= 9 and int(value) <= maximum


def clean_query(query):
    """(cleaned QueryDict, error message or "")."""
    query = query.copy()
    for name, maximum in (("offset", MAX_OFFSET), ("limit", 10**9)):
        if name in query and not _digits_in_range(query[name].strip(), maximum):
            return query, f"{name} 必须是 0 到 {maximum} 之间的整数（半角数字）。"
    if "search" in query:
        text = "".join(ch for ch in query["search"] if unicodedata.category(ch)[0] != "C" and ch != '"').strip()
        if not text:
            return query, "搜索词 search 不能为空。"
        query["search"] = text
    if query.get("search_operator", "and") not in ("and", "or"):
        return query, "search_operator 只能是 and 或 or。"
    return query, ""


class ChineseErrorsMixin:
    def listing_view(self, request):
        query, error = clean_query(request.GET)
        if error:
            return Response({"message": error}, status=status.HTTP_400_BAD_REQUEST)
        request._request.GET = query
        try:
            with transaction.atomic():  # a refused search must not break the connection (PostgreSQL)
                return super().listing_view(request)
        except DatabaseError:
            return Response({"message": "搜索词无法识别，请去掉特殊符号后重试。"}, status=status.HTTP_400_BAD_REQUEST)

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response({"message": "没有找到。"}, status=status.HTTP_404_NOT_FOUND)
        if isinstance(exc, BadRequestError):
            return Response({"message": chinese_message(str(exc))}, status=status.HTTP_400_BAD_REQUEST)
        if isinstance(exc, MethodNotAllowed):
            return Response({"message": "该接口只接受 GET 请求。"}, status=exc.status_code)
        if isinstance(exc, APIException):
            return Response({"message": "请求无法处理，请检查参数。"}, status=exc.status_code)
        return super().handle_exception(exc)


class PortalPagesAPIViewSet(ChineseErrorsMixin, PagesAPIViewSet):
    pass


class PortalDocumentsAPIViewSet(ChineseErrorsMixin, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("documents", PortalDocumentsAPIViewSet)
