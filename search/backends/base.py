"""The result contract every search backend returns, whichever engine answered."""

from dataclasses import dataclass, field

FACET_NAMES = ("department", "theme", "audience", "processing_kind", "online")
FACET_LABELS = {
    "department": "实施主体",
    "theme": "主题分类",
    "audience": "服务对象",
    "processing_kind": "办件类型",
    "online": "网上办理",
}


class BackendUnavailable(Exception):
    """The engine could not answer (e.g. Elasticsearch down); the caller falls back."""


@dataclass
class SearchRequest:
    """What to search: the query text, validated catalogue filters ({name: value} as
    returned by search.filters.clean_filters), and the 1-based page."""

    q: str
    filters: dict = field(default_factory=dict)
    page: int = 1
    per_page: int = 10


@dataclass
class Hit:
    page_id: int
    kind: str
    title: str
    url: str
    code: str = ""
    department: str = ""
    highlight: str = ""
    title_highlight: str = ""
    score: float = 0.0


@dataclass
class SearchResult:
    count: int
    hits: list
    facets: dict
    page: int = 1
    per_page: int = 10
    terms: list = field(default_factory=list)
    corrections: list = field(default_factory=list)
    backend: str = "embedded"

    @property
    def num_pages(self):
        return max(1, -(-self.count // self.per_page))
