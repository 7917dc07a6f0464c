"""The booking's SMS phone encrypted at rest (issue 9, docs/domain.md 个人信息的存储与显示):
after booking through the public flow no column of the booking holds the plain number, the
reminder still reaches it, the hash finds the booking, staff see it masked, key rotation
re-encrypts, and the migration converts existing rows (and back)."""

import datetime
import re

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from privacy.fields import lookup_hash_of
from reservations.models import Booking
from reservations.reminders import send_reminders
from tests.at_rest import columns_holding, migrate, migrate_to_latest, stored

from . import builders as b
from .test_views import first_key

PHONE = "13812341234"  # builders.citizen() (张三)
pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(client, structure):
    item, hall, _, _ = b.setup(capacity=2, slot_minutes=60)
    client.force_login(b.citizen())
    key = first_key(item, hall)
    confirm = client.get(f"/reserve/{item.item_code}/confirm/", {"slot": key}).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', confirm).group(1)
    assert client.post(f"/reserve/{item.item_code}/confirm/", {"slot": key, "token": token}).status_code == 302
    return Booking.objects.get()


def test_booking_holds_no_plain_phone_and_is_found_by_hash(booked, sms_outbox):
    assert columns_holding(Booking, booked.pk, PHONE) == []
    assert stored(Booking, booked.pk, "phone").startswith("gAAAAA")
    assert Booking.objects.get(phone_hash=lookup_hash_of(PHONE)) == booked
    assert Booking.objects.get(pk=booked.pk).phone == PHONE
    day_before = booked.slot.date - datetime.timedelta(days=1)
    assert send_reminders(today=day_before) == 1
    assert sms_outbox[-1].phone == PHONE  # the reminder still goes to the real number


def test_staff_inspect_view_shows_the_phone_masked(client, booked, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", password="Admin-pass-2025"))
    page = client.get(f"/admin/snippets/reservations/booking/inspect/{booked.pk}/").content.decode()
    assert booked.code in page and "138****1234" in page
    assert PHONE not in page and booked.phone_hash not in page
    edit = client.get(f"/admin/snippets/reservations/booking/edit/{booked.pk}/")
    assert edit.status_code == 200 and PHONE not in edit.content.decode()


def test_rotation_re_encrypts_bookings(booked, settings):
    new_key = Fernet.generate_key().decode()
    with override_settings(PERSONAL_DATA_KEYS=[new_key, *settings.PERSONAL_DATA_KEYS]):
        call_command("rotate_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Fernet(new_key.encode()).decrypt(stored(Booking, booked.pk, "phone").encode()).decode() == PHONE


@pytest.mark.django_db(transaction=True)
def test_migration_encrypts_existing_bookings_and_reverses(booked):
    with connection.cursor() as cursor:  # as a row written before encryption
        cursor.execute("UPDATE reservations_booking SET phone = %s, phone_hash = '' WHERE id = %s", [PHONE, booked.pk])
    try:
        migrate([("reservations", "0002_seed_booking_messages")])
        assert stored(Booking, booked.pk, "phone") == PHONE
        migrate([("reservations", "0003_encrypt_phone")])
        assert stored(Booking, booked.pk, "phone").startswith("gAAAAA") and columns_holding(Booking, booked.pk, PHONE) == []
        assert stored(Booking, booked.pk, "phone_hash") == lookup_hash_of(PHONE)
        migrate([("reservations", "0002_seed_booking_messages")])
        assert stored(Booking, booked.pk, "phone") == PHONE
    finally:
        migrate_to_latest()
    assert Booking.objects.get(pk=booked.pk).phone == PHONE
