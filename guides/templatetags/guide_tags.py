"""Display helpers for 办事指南 values, so every template words them the same way."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def workdays(days):
    """法定/承诺时限 in working days: 0 is "当场办结", None is "法律法规未规定"."""
    if days is None or days == "":
        return "法律法规未规定"
    if int(days) == 0:
        return "当场办结"
    return f"{days} 个工作日"


@register.filter
def visits_label(visits):
    """到现场次数: 0 means the whole thing is done online."""
    if visits is None:
        return ""
    if int(visits) == 0:
        return "全程网办，零跑动"
    return f"最多跑 {visits} 次"


@register.simple_tag
def document_link(document, label):
    """A download link for an optional Wagtail document, or nothing."""
    if not document:
        return ""
    return format_html(
        '<a class="doc-link" href="{}" download>{}<span class="visually-hidden">：{}</span></a>',
        document.url, label, document.title,
    )


@register.filter
def has_selection(options):
    """True when one of a facet's (value, label, count, selected) options is chosen."""
    return any(option[3] for option in options)
