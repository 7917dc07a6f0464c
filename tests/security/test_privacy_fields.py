"""Phone and ID number encrypted at rest, rotatable keys, keyed-hash look-ups (issue 9)."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from citizens.models import CitizenProfile
from tests.citizens.factories import citizen, id_number

pytestmark = pytest.mark.django_db


def stored(profile, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM citizens_citizenprofile WHERE id = %s", [profile.pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_phone_and_id_number_are_not_stored_in_plain_text():
    profile = citizen(phone="13812341234").citizen
    assert "13812341234" not in stored(profile, "phone")
    assert id_number() not in stored(profile, "id_number")
    assert stored(profile, "phone").startswith("gAAAAA")
    assert "13812341234" not in stored(profile, "phone_hash")
    fresh = CitizenProfile.objects.get(pk=profile.pk)
    assert fresh.phone == "13812341234" and fresh.id_number == id_number()


def test_equal_values_encrypt_differently_but_hash_alike():
    a = citizen(phone="13812341234").citizen
    b = citizen(phone="13812345678", first17="11010519491231002").citizen
    assert stored(a, "phone") != stored(b, "phone")
    assert CitizenProfile.with_phone("13812341234").get() == a
    assert CitizenProfile.with_phone("１３８ １２３４ １２３４").get() == a


def test_filtering_on_the_ciphertext_is_refused_not_silently_empty():
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        CitizenProfile.objects.filter(phone="13812341234").exists()


def test_keys_rotate_newest_encrypts_all_decrypt(settings):
    old_key = settings.PERSONAL_DATA_KEYS[0]
    profile = citizen(phone="13812341234").citizen
    new_key = Fernet.generate_key().decode()
    with override_settings(PERSONAL_DATA_KEYS=[new_key, old_key]):
        assert CitizenProfile.objects.get(pk=profile.pk).phone == "13812341234"  # old token still reads
        call_command("rotate_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    token = stored(profile, "phone")
    assert Fernet(new_key.encode()).decrypt(token.encode()).decode() == "13812341234"
    with override_settings(PERSONAL_DATA_KEYS=[new_key]):  # the old key can now be dropped
        assert CitizenProfile.objects.get(pk=profile.pk).id_number == id_number()


def test_plain_rows_from_before_encryption_read_and_get_encrypted_on_save():
    profile = citizen(phone="13812341234").citizen
    with connection.cursor() as cursor:
        cursor.execute("UPDATE citizens_citizenprofile SET phone = %s WHERE id = %s", ["13812341234", profile.pk])
    fresh = CitizenProfile.objects.get(pk=profile.pk)
    assert fresh.phone == "13812341234"
    fresh.save()
    assert stored(profile, "phone").startswith("gAAAAA")


def test_admin_list_cannot_search_encrypted_columns_as_text(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", password="Admin-pass-2025"))
    citizen(phone="13812341234", real_name="张三丰")
    assert client.get("/admin/citizen_profiles/?q=张三丰").status_code == 200
