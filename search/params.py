"""Parsing of the search parameters shared by the page and the JSON API."""

import unicodedata
from dataclasses import dataclass, field

from .analysis import MAX_QUERY_LENGTH
from .filters import clean_filters

PER_PAGE = 10
MAX_PAGE = 1000


@dataclass
class SearchParams:
    q: str = ""
    page: int = 1
    filters: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    page_error: str = ""


def parse(params):
    """Read q, page and the catalogue filters; collect Chinese messages for bad input."""
    parsed = SearchParams()
    # Control characters (a NUL would make PostgreSQL reject the query log row) are dropped.
    q = "".join(ch for ch in (params.get("q") or "") if unicodedata.category(ch) != "Cc").strip()
    if len(q) > MAX_QUERY_LENGTH:
        parsed.errors.append(f"搜索词不能超过 {MAX_QUERY_LENGTH} 个字符，请精简后再搜索。")
        q = q[:MAX_QUERY_LENGTH]
    parsed.q = q
    raw_page = unicodedata.normalize("NFKC", params.get("page") or "1").strip()
    # isascii: "²".isdigit() is true but int("²") fails; the length cap keeps int() cheap.
    if not (raw_page.isascii() and raw_page.isdigit() and len(raw_page) <= 6) or not 1 <= int(raw_page) <= MAX_PAGE:
        parsed.page_error = f"页码“{raw_page[:20]}”无效，页码应为 1 到 {MAX_PAGE} 之间的整数。"
    else:
        parsed.page = int(raw_page)
    parsed.filters, filter_errors = clean_filters(params)
    parsed.errors.extend(filter_errors)
    return parsed
