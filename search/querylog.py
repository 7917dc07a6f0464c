"""Logging of search queries for the editors' reports (ours and Wagtail's search-terms
report) and the home page's hot searches.

Only the query text and daily counts are stored. Queries that contain something that
looks like personal data (an ID-card or phone number, an e-mail address) are not logged.
"""

import re
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query as WagtailQuery

from .analysis import normalize
from .models import SearchQueryLog

# ID-card numbers, e-mail, landlines (0571-87654321) and mobiles however grouped (138 1234 5678).
PERSONAL_DATA_RE = re.compile(r"\d{6,}|@|\d{3,4}[- ]?\d{7,8}|1\d{2}[- ]?\d{4}[- ]?\d{4}")
MAX_LOGGED_LENGTH = 100


def loggable(query):
    return bool(query) and len(query) <= MAX_LOGGED_LENGTH and not PERSONAL_DATA_RE.search(query)


def log_query(raw_query, result_count):
    query = normalize(raw_query)
    if not loggable(query):
        return
    _log_daily_count(query, result_count)
    # Wagtail's own 搜索词 report (报告 → Search terms) and the query chooser of 推广搜索结果
    # read Wagtail's Query table: the same filtered text goes there too.
    WagtailQuery.get(query).add_hit()


def _log_daily_count(query, result_count):
    today = timezone.localdate()
    zero = 1 if result_count == 0 else 0
    updates = {"hits": F("hits") + 1, "zero_result_hits": F("zero_result_hits") + zero, "last_result_count": result_count}
    if SearchQueryLog.objects.filter(query=query, date=today).update(**updates):
        return
    try:
        with transaction.atomic():
            SearchQueryLog.objects.create(
                query=query, date=today, hits=1, zero_result_hits=zero, last_result_count=result_count
            )
    except IntegrityError:  # another request created today's row first
        SearchQueryLog.objects.filter(query=query, date=today).update(**updates)


def _since(days):
    return timezone.localdate() - timedelta(days=days - 1)


def _totals(days):
    """Per query over the last `days` days: total searches and zero-result searches."""
    return (
        SearchQueryLog.objects.filter(date__gte=_since(days))
        .values("query")
        .annotate(total=Sum("hits"), zero=Sum("zero_result_hits"))
    )


def top_queries(days=30, limit=20):
    """[(query, searches, zero-result searches)] over the last `days` days."""
    rows = _totals(days).order_by("-total", "query")[:limit]
    return [(row["query"], row["total"], row["zero"]) for row in rows]


def zero_result_queries(days=30, limit=20):
    rows = _totals(days).filter(zero__gt=0).order_by("-zero", "query")[:limit]
    return [(row["query"], row["total"], row["zero"]) for row in rows]


def hot_searches(limit=8, days=30):
    """The most searched queries that found something (never a zero-result query)."""
    rows = _totals(days).filter(total__gt=F("zero")).order_by("-total", "query")[:limit]
    return [row["query"] for row in rows]
