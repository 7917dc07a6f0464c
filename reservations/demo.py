"""Demo booking groups for `setup_portal --demo`: one group per department for its reservable
demo items, with the default slot length and capacity. Idempotent."""

from django.db import transaction

from guides.models import ServiceItemPage

from .models import BookingGroup


@transaction.atomic
def ensure_demo_booking_groups():
    created = 0
    items = ServiceItemPage.objects.live().filter(is_reservable=True, service_windows__isnull=False).distinct()
    for item in items.select_related("department").order_by("item_code"):
        if item.booking_groups.exists():
            continue
        group, made = BookingGroup.objects.get_or_create(
            name=f"{item.department.display_name}预约", defaults={"slot_minutes": 30, "capacity": 5},
        )
        created += made
        group.items.add(item)
    return created
