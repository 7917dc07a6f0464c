"""Template tags for other pages: `{% load search_tags %}{% hot_searches 8 %}`."""

from django import template

from .. import querylog

register = template.Library()


@register.inclusion_tag("search/includes/hot_searches.html")
def hot_searches(limit=8, days=30):
    """The most searched queries (that found something) in the last `days` days."""
    return {"queries": querylog.hot_searches(limit=limit, days=days)}
