"""{% item_halls page as halls %}: where an item is handled, for the guide page.

Lives here (not in guides) because halls depends on guides, never the reverse.
"""

from django import template

from halls.models import Window

register = template.Library()


@register.simple_tag
def item_halls(item):
    """[{"hall": Hall, "windows": [Window…], "label": str, "hours": str}, …] for the active windows that
    serve item, main hall first."""
    windows = (
        Window.objects.filter(items=item, active=True, hall__active=True)
        .select_related("hall").prefetch_related("hall__sessions__windows")
        .order_by("-hall__is_main", "hall__sort_order", "hall__name", "sort_order", "number")
    )
    halls = {}
    for window in windows:
        entry = halls.setdefault(window.hall.pk, {"hall": window.hall, "windows": []})
        entry["windows"].append(window)
    for entry in halls.values():
        entry["hours"] = entry["hall"].hours_summary()
        entry["label"] = windows_label(entry["windows"])
    return list(halls.values())


def windows_label(windows):
    """“A01、A02号窗口（户政业务）”: numbers once, then the distinct window names."""
    names = list(dict.fromkeys(w.name for w in windows if w.name))
    label = "、".join(w.number for w in windows) + "号窗口"
    return label + (f"（{'、'.join(names)}）" if names else "")
