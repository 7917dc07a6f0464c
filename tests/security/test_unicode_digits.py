"""Numbers typed with full-width or other Unicode digits (issue 9): normalised or refused."""

import pytest
from django.core.exceptions import ValidationError

from citizens.forms import PhoneField
from citizens.models import CitizenProfile
from citizens.validators import normalize_id_number, validate_id_number, validate_phone
from privacy.normalize import normalize_number
from tests.citizens.factories import citizen, id_number


@pytest.mark.parametrize("typed", ["１３８１２３４１２３４", "138 1234 1234", "138-1234-1234", "１３８－１２３４－１２３４"])
def test_phone_variants_normalise_to_ascii(typed):
    assert PhoneField().clean(typed) == "13812341234"


@pytest.mark.parametrize("typed", ["١٣٨١٢٣٤١٢٣٤", "1381234123४", "1381234123۴", "13812341234x"])
def test_phone_with_non_ascii_digits_is_refused(typed):
    with pytest.raises(ValidationError):
        PhoneField().clean(typed)


def test_validators_accept_only_ascii_digits():
    with pytest.raises(ValidationError):
        validate_phone("١٣٨١٢٣٤١٢٣٤")
    with pytest.raises(ValidationError):
        validate_id_number("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X")
    assert normalize_id_number("１１０１０５ １９４９１２３１ ００２ｘ") == "11010519491231002X"
    assert normalize_number(" ０１-２ ") == "012"


@pytest.mark.django_db
def test_same_person_cannot_register_twice_with_full_width_digits(client, sms_outbox):
    citizen(phone="13812341234")
    client.post("/account/register/", {"action": "send_code", "phone": "１３８１２３４１２３４"})
    assert sms_outbox == []  # the same number as the registered one: no registration code
    assert CitizenProfile.with_phone("１３８ 1234 1234").exists()
    assert CitizenProfile.with_id_number(id_number().lower().replace("1", "１")).exists()


@pytest.mark.django_db
def test_per_phone_limit_is_not_bypassed_with_full_width_digits(client, sms_outbox):
    client.post("/account/register/", {"action": "send_code", "phone": "13812341234"})
    client.post("/account/register/", {"action": "send_code", "phone": "１３８１２３４１２３４"})
    assert len(sms_outbox) == 1
