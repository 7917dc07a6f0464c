"""Default update periods for the columns `setup_portal` creates (only where none is set)."""

from wagtail.models import Page

from .models import ColumnUpdatePeriod

# (column slug below the home page or the 政务公开 section, days, why)
DEFAULT_PERIODS = [
    ("notices", 14, "动态类栏目：2 周"),
    ("catalog", 180, "政策文件类栏目：6 个月"),
    ("guide", 180, "办事指南：6 个月"),
]


def ensure_default_periods(home):
    created = 0
    for slug, days, note in DEFAULT_PERIODS:
        for page in Page.objects.descendant_of(home).filter(slug=slug, depth__lte=home.depth + 2):
            _, was_created = ColumnUpdatePeriod.objects.get_or_create(page=page, defaults={"days": days, "note": note})
            created += was_created
    return created
