"""Writer and rater phones encrypted at rest (issue 9, docs/domain.md 个人信息的存储与显示):
after the public flows no column of the letter or rating row holds the plain number, the
letter look-up and the per-phone limit still find the letter by the keyed hash, staff screens
show the number masked and in full only after an audited reveal, key rotation re-encrypts,
and the migrations convert existing rows (and back)."""

import re

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from audit.actions import REVEAL
from audit.models import AuditEvent
from letters import services
from letters.models import Letter
from privacy.fields import lookup_hash_of
from queueing import services as queue
from ratings.models import Rating
from tests import factories
from tests.at_rest import columns_holding, migrate, migrate_to_latest, stored
from tests.online_apply import builders as case_builders
from tests.reservations import builders as rb

from .builders import letter

PHONE = "13912345678"
pytestmark = pytest.mark.django_db


def _code(sms_outbox):
    return re.search(r"\d{6}", sms_outbox[-1].text).group()


def _write_letter(client, sms_outbox):
    data = {
        "action": "send_code", "letter_type": "complaint", "subject": "窗口排队太久", "content": "今天上午排队两小时。",
        "writer_name": "李四", "phone": PHONE, "address": "示范县城关镇人民路8号", "website": "",
    }
    client.post(reverse("letters:write"), data)
    response = client.post(reverse("letters:write"), {**data, "action": "submit", "code": _code(sms_outbox)})
    assert response.status_code == 302
    return Letter.objects.get()


@pytest.fixture
def served(structure):
    item, hall, window, _ = rb.setup()
    queue.walk_in(hall, item, now=rb.at(rb.MONDAY, 9, 0))
    queue.call_next(window, None, now=rb.at(rb.MONDAY, 9, 5))
    return queue.serve(window, now=rb.at(rb.MONDAY, 9, 20))


def _rate_visit(client, served, phone=PHONE):
    response = client.post(reverse("ratings:rate_visit", args=[served.code]), {"overall": "2", "comment": "等太久", "phone": phone})
    assert response.status_code == 302
    return Rating.objects.get(visit_code=served.code)


def test_written_letter_holds_no_plain_phone_and_is_found_by_hash(client, structure, sms_outbox):
    row = _write_letter(client, sms_outbox)
    assert columns_holding(Letter, row.pk, PHONE) == []
    assert stored(Letter, row.pk, "phone").startswith("gAAAAA")
    assert row.phone_hash == lookup_hash_of(PHONE) and Letter.objects.get(pk=row.pk).phone == PHONE
    # 信件查询 matches number + phone, typed with full-width digits and spaces too.
    response = client.post(reverse("letters:lookup"), {"tracking_number": row.tracking_number, "phone": "１３９ １２３４ ５６７８"})
    assert response.status_code == 302
    assert sms_outbox[-1].phone == PHONE  # the code went out: the letter was found
    assert client.post(reverse("letters:lookup_verify"), {"code": _code(sms_outbox)})["Location"] == reverse("letters:lookup_result")
    assert "139****5678" in client.get(reverse("letters:lookup_result")).content.decode()


def test_lookup_with_another_phone_sends_nothing(client, structure, sms_outbox):
    row = letter(phone=PHONE)
    sent = len(sms_outbox)
    client.post(reverse("letters:lookup"), {"tracking_number": row.tracking_number, "phone": "13912345679"})
    assert len(sms_outbox) == sent


def test_per_phone_limit_counts_by_hash(structure):
    for n in range(3):
        letter(content=f"第{n}封", phone=PHONE)
    assert services.phone_limit_reached(PHONE) and services.phone_limit_reached("139-1234-5678")
    assert not services.phone_limit_reached("13912345679")


def test_staff_entered_letter_is_encrypted(client, structure):
    client.force_login(case_builders.supervisor())
    client.post(reverse("letter_queue:new"), {
        "channel": "phone", "hotline_ticket": "12345-0001", "received_on": "2026-11-30", "letter_type": "consultation",
        "subject": "咨询", "content": "来电咨询居住证", "writer_name": "赵六", "phone": "13700000000",
    })
    row = Letter.objects.get()
    assert columns_holding(Letter, row.pk, "13700000000") == [] and row.phone == "13700000000"


def test_supervisor_sees_writer_phone_masked_until_an_audited_reveal(client, structure):
    row = letter(content="窗口工作人员态度冷淡。", phone=PHONE)
    sup = case_builders.supervisor()
    client.force_login(sup)
    url = reverse("letter_queue:detail", args=[row.pk])
    page = client.get(url).content.decode()
    assert PHONE not in page and "139****5678" in page and "显示完整号码" in page
    response = client.post(reverse("letter_queue:reveal_phone", args=[row.pk]))
    assert response["Location"] == url + "#writer"
    event = AuditEvent.objects.get(action=REVEAL)
    assert event.target == f"信件 {row.tracking_number}" and event.actor == sup
    page = client.get(url).content.decode()
    assert f'href="tel:{PHONE}"' in page and "本次查看已记录" in page
    assert PHONE not in client.get(url).content.decode()  # one render only


def test_department_staff_cannot_reveal_the_writer_phone(client, structure):
    dept = factories.department()
    row = letter(phone=PHONE)
    services.route(row, case_builders.supervisor(), dept)
    client.force_login(case_builders.staff("window_gaj", dept))
    response = client.post(reverse("letter_queue:reveal_phone", args=[row.pk]))
    assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's "no permission"
    assert not AuditEvent.objects.filter(action=REVEAL).exists()


def test_rated_visit_holds_no_plain_phone(client, served):
    rating = _rate_visit(client, served)
    assert columns_holding(Rating, rating.pk, PHONE) == []
    assert rating.rater_phone_hash == lookup_hash_of(PHONE) and Rating.objects.get(pk=rating.pk).rater_phone == PHONE
    assert Rating.objects.filter(rater_phone_hash=lookup_hash_of(PHONE)).get() == rating


def test_rectification_shows_rater_phone_masked_until_an_audited_reveal(client, served):
    rating = _rate_visit(client, served)
    rect = rating.rectification
    client.force_login(case_builders.supervisor())
    url = reverse("rectifications:detail", args=[rect.pk])
    page = client.get(url).content.decode()
    assert PHONE not in page and "139****5678" in page
    client.post(reverse("rectifications:reveal_phone", args=[rect.pk]))
    assert AuditEvent.objects.filter(action=REVEAL, target=f"差评整改 {rect.pk}").count() == 1
    assert f'href="tel:{PHONE}"' in client.get(url).content.decode()
    assert PHONE not in client.get(url).content.decode()


def test_rotation_re_encrypts_letters_and_ratings(client, served, settings):
    row, rating = letter(phone=PHONE), _rate_visit(client, served)
    new_key = Fernet.generate_key().decode()
    with override_settings(PERSONAL_DATA_KEYS=[new_key, *settings.PERSONAL_DATA_KEYS]):
        call_command("rotate_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for model, pk, column in ((Letter, row.pk, "phone"), (Rating, rating.pk, "rater_phone")):
        assert Fernet(new_key.encode()).decrypt(stored(model, pk, column).encode()).decode() == PHONE


def _set_plain(model, pk, column, hash_column, value):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s, {hash_column} = '' WHERE id = %s", [value, pk])  # noqa: S608


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("model", "column", "before", "after"), [
    (Letter, "phone", ("letters", "0005_bulletin_month_index"), ("letters", "0006_encrypt_phone")),
    (Rating, "rater_phone", ("ratings", "0004_rating_created_at_in_month_index"), ("ratings", "0005_encrypt_rater_phone")),
])
def test_migration_encrypts_existing_rows_and_reverses(client, served, model, column, before, after):
    pk = letter(phone=PHONE).pk if model is Letter else _rate_visit(client, served).pk
    _set_plain(model, pk, column, f"{column}_hash", PHONE)  # as a row written before encryption
    try:
        migrate([before])
        assert stored(model, pk, column) == PHONE
        migrate([after])
        assert stored(model, pk, column).startswith("gAAAAA") and columns_holding(model, pk, PHONE) == []
        assert stored(model, pk, f"{column}_hash") == lookup_hash_of(PHONE)
        migrate([before])  # reversible: the plain number is back in the CharField
        assert stored(model, pk, column) == PHONE
    finally:
        migrate_to_latest()
    assert model.objects.get(pk=pk).__dict__[column] == PHONE
