"""Template tags for other pages: `{% load search_tags %}{% hot_searches 8 %}`."""

from django import template
from django.core.cache import cache

from .. import querylog

register = template.Library()

# The home page is the most visited page and hot searches move slowly: aggregate the query
# log at most every few minutes rather than on every request.
HOT_SEARCHES_TTL = 300


@register.inclusion_tag("search/includes/hot_searches.html")
def hot_searches(limit=8, days=30):
    """The most searched queries (that found something) in the last `days` days."""
    queries = cache.get_or_set(
        f"search:hot:{limit}:{days}", lambda: querylog.hot_searches(limit=limit, days=days), HOT_SEARCHES_TTL
    )
    return {"queries": queries}
