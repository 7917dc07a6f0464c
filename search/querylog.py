"""Logging of search queries for the editors' reports (ours and Wagtail's search-terms
report) and the home page's hot searches.

Only the query text and daily counts are stored. Queries that contain something that
looks like personal data (an ID-card or phone number, an e-mail address) are not logged.
"""

import hashlib
import hmac
import re
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query as WagtailQuery

from .analysis import normalize
from .models import HiddenSearchTerm, SearchQueryLog

# ID-card numbers, e-mail, landlines (0571-87654321) and mobiles however grouped (138 1234 5678).
PERSONAL_DATA_RE = re.compile(r"\d{6,}|@|\d{3,4}[- ]?\d{7,8}|1\d{2}[- ]?\d{4}[- ]?\d{4}")
MAX_LOGGED_LENGTH = 100


def loggable(query):
    return bool(query) and len(query) <= MAX_LOGGED_LENGTH and not PERSONAL_DATA_RE.search(query)


def visitor_key(request):
    """Who searched, as a keyed hash of address + browser: nothing that identifies a person is
    stored, and the key lives only in the cache for two days."""
    from throttling.counters import client_ip

    raw = f"{client_ip(request)}|{request.META.get('HTTP_USER_AGENT', '')[:200]}"
    return hmac.new(settings.SECRET_KEY.encode(), raw.encode(), hashlib.sha256).hexdigest()[:20]


def _first_visit_today(query, visitor, today):
    query_key = hashlib.sha256(query.encode()).hexdigest()[:20]
    return cache.add(f"search:visitor:{today}:{query_key}:{visitor}", 1, timeout=2 * 24 * 3600)


def log_query(raw_query, result_count, visitor=None):
    """Count one search; `visitor` (visitor_key) counts each visitor once a day per query."""
    query = normalize(raw_query)
    if not loggable(query):
        return
    _log_daily_count(query, result_count, visitor)
    # Wagtail's own 搜索词 report (报告 → Search terms) and the query chooser of 推广搜索结果
    # read Wagtail's Query table: the same filtered text goes there too.
    WagtailQuery.get(query).add_hit()


def _log_daily_count(query, result_count, visitor):
    today = timezone.localdate()
    zero = 1 if result_count == 0 else 0
    new_visitor = 1 if visitor and _first_visit_today(query, visitor, today) else 0
    updates = {
        "hits": F("hits") + 1, "zero_result_hits": F("zero_result_hits") + zero,
        "visitors": F("visitors") + new_visitor, "last_result_count": result_count,
    }
    if SearchQueryLog.objects.filter(query=query, date=today).update(**updates):
        return
    try:
        with transaction.atomic():
            SearchQueryLog.objects.create(
                query=query, date=today, hits=1, zero_result_hits=zero, visitors=new_visitor,
                last_result_count=result_count,
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


HOT_SEARCH_MIN_VISITORS = 3


def hot_searches(limit=8, days=30):
    """热门搜索 on public pages: the queries searched by the most distinct visitors, at least
    HOT_SEARCH_MIN_VISITORS of them, whose latest search found something, and containing no
    term editors have hidden. One client repeating a phrase cannot put it there."""
    minimum = getattr(settings, "HOT_SEARCH_MIN_VISITORS", HOT_SEARCH_MIN_VISITORS)
    rows = (
        SearchQueryLog.objects.filter(date__gte=_since(days)).values("query")
        .annotate(people=Sum("visitors"), total=Sum("hits"), zero=Sum("zero_result_hits"))
        .filter(people__gte=minimum, total__gt=F("zero"))
        .order_by("-people", "-total", "query")
    )
    hidden = list(HiddenSearchTerm.objects.values_list("term", flat=True))
    chosen = []
    for row in rows[: limit * 4]:  # room for the hidden and stale ones
        query = row["query"]
        if any(term in query for term in hidden) or not _finds_results_now(query):
            continue
        chosen.append(query)
        if len(chosen) == limit:
            break
    return chosen


def _finds_results_now(query):
    latest = SearchQueryLog.objects.filter(query=query).order_by("-date").values_list("last_result_count", flat=True).first()
    return bool(latest)
