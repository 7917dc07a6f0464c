"""Admin menu “预约管理”: item groups (slot length, capacity), bookings, sanctions. The rules
themselves (horizon, abuse limits) are the 预约规则 site setting under 设置."""

from django.urls import reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from citizens.account_links import AccountLink

from .models import Booking, BookingGroup, BookingSanction


class BookingGroupViewSet(SnippetViewSet):
    model = BookingGroup
    icon = "date"
    menu_label = "预约事项组"
    menu_name = "booking-groups"
    list_display = ["name", "slot_minutes", "capacity", "active"]
    search_fields = ["name"]
    search_backend_name = None


class BookingViewSet(SnippetViewSet):
    """Bookings are made by citizens; staff look them up (read-only list and inspect)."""

    model = Booking
    icon = "calendar-check"
    menu_label = "预约记录"
    menu_name = "bookings"
    list_display = ["code", "item", "slot", "status", "priority", "created_at"]
    list_filter = ["status", "priority", "slot__hall"]
    search_fields = ["code"]
    search_backend_name = None
    inspect_view_enabled = True
    # The SMS phone is shown masked (Booking.get_phone_display); its hash is of no use to staff.
    inspect_view_fields_exclude = ["phone_hash", "request_token"]
    exclude_form_fields = ["phone"]  # no full number on the (superuser-only) edit form either
    list_per_page = 50

    def get_queryset(self, request):
        return Booking.objects.select_related("item", "slot__hall")


class BookingSanctionViewSet(SnippetViewSet):
    model = BookingSanction
    icon = "warning"
    menu_label = "预约失信记录"
    menu_name = "booking-sanctions"
    list_display = ["citizen_masked", "kind", "rule", "created_at", "ends_at"]
    list_filter = ["kind", "rule"]


class ReservationsGroup(SnippetViewSetGroup):
    items = (BookingGroupViewSet, BookingViewSet, BookingSanctionViewSet)
    menu_icon = "date"
    menu_label = "预约管理"
    menu_name = "reservations"
    menu_order = 230


register_snippet(ReservationsGroup)



@hooks.register("citizen_account_links")
def my_bookings_link():
    """我的预约 in the header's account menu and on the /account/ hub (citizens/account_links.py)."""
    return AccountLink("我的预约", reverse("reservations:my_bookings"), "到大厅窗口办事的预约：预约码、改约和取消。", order=20)
