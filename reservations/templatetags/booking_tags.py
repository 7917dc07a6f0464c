"""{% booking_url item %} / {% booking_url item case=case %}: the 预约办理 link, or "" when the
item cannot be booked online (so no page offers a booking that does not exist)."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from reservations.slots import is_bookable

register = template.Library()


@register.simple_tag
def booking_url(item, case=None):
    if item is None or not is_bookable(item):
        return ""
    url = reverse("reservations:choose", args=[item.item_code])
    if case is not None:
        url += "?" + urlencode({"case": case.pk})
    return url
