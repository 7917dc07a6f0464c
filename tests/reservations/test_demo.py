"""Demo data: booking groups for reservable demo items, and past hall visits for the bulletin."""

import pytest
from django.core.management import call_command
from django.db.models import F

from queueing.models import Ticket
from ratings.models import Rating
from reservations.demo import ensure_demo_booking_groups
from reservations.models import BookingGroup, Slot

from . import builders as b

pytestmark = pytest.mark.django_db


def test_demo_booking_groups_are_idempotent(structure):
    item, _, _, group = b.setup()
    group.items.remove(item)
    assert ensure_demo_booking_groups() == 1
    assert ensure_demo_booking_groups() == 0
    assert BookingGroup.objects.get(items=item).capacity == 5


def test_seed_demo_visits_records_waits_and_runs_once(structure):
    b.setup()
    b.citizen()
    call_command("seed_demo_visits", days=10, if_empty=True)
    tickets = Ticket.objects.all()
    assert tickets.exists() and not tickets.filter(wait_seconds=None).exists()
    assert not Slot.objects.filter(booked__gt=F("capacity")).exists()
    count = tickets.count()
    call_command("seed_demo_visits", days=10, if_empty=True)
    assert Ticket.objects.count() == count


def test_demo_ratings_after_demo_visits_number_tickets_after_the_days_visits(structure):
    """run.sh seeds visits, then ratings: the rated hall visits must not reuse a day's numbers."""
    b.setup()
    b.citizen()
    call_command("seed_demo_visits", days=90, if_empty=True)
    visits = Ticket.objects.count()
    call_command("seed_demo_ratings", if_empty=True)
    assert Ticket.objects.count() == visits + 40
    assert Rating.objects.filter(channel="hall").count() == 36
