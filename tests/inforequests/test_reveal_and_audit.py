"""The requester's phone and ID number are masked on the staff page; a reveal is audited. Every
action on a request, through the page or the services, is in the audit log (docs/domain.md 审计日志)."""

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from citizens.masking import mask_id_number, mask_phone
from inforequests.models import InfoRequest

from .builders import filed

pytestmark = pytest.mark.django_db
ID_NUMBER = "110101199003077774"
PHONE = "13900002222"


@pytest.fixture
def info_request():
    return filed(timezone.localdate(), id_number=ID_NUMBER, phone=PHONE)


def test_phone_and_id_number_are_masked_until_revealed(client, handler, info_request):
    client.force_login(handler)
    url = f"/admin/info-requests/{info_request.pk}/"
    page = client.get(url).content.decode()
    assert mask_phone(PHONE) in page and mask_id_number(ID_NUMBER) in page
    assert PHONE not in page and ID_NUMBER not in page
    assert not AuditEvent.objects.filter(action="personal_data.reveal").exists()

    response = client.post(f"{url}reveal/", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302 and response.url == f"{url}#requester"
    event = AuditEvent.objects.get(action="personal_data.reveal")
    assert event.actor == handler and event.target == f"依申请公开 {info_request.number}" and event.ip == "10.1.2.3"
    page = client.get(url).content.decode()
    assert f'href="tel:{PHONE}"' in page and ID_NUMBER in page and "完整号码查看记录" in page
    # Shown once: the next view is masked again (another click, another record).
    again = client.get(url).content.decode()
    assert PHONE not in again and ID_NUMBER not in again


def test_reveal_is_post_only_and_for_handlers_only(client, handler, info_request, django_user_model):
    from django.contrib.auth.models import Permission

    client.force_login(handler)
    assert client.get(f"/admin/info-requests/{info_request.pk}/reveal/").status_code == 302
    other = django_user_model.objects.create_user("other", password="x")
    other.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(other)
    client.post(f"/admin/info-requests/{info_request.pk}/reveal/")
    assert not AuditEvent.objects.filter(action="personal_data.reveal").exists()
    assert client.post("/admin/info-requests/999999/reveal/").status_code in (302, 404)


def test_every_action_on_a_request_is_audited_with_who_and_where(client, handler, info_request):
    client.force_login(handler)
    url = f"/admin/info-requests/{info_request.pk}/"
    client.post(url, {"action": "extend", "extend-version": info_request.version, "extend-days": 20,
                      "extend-approved_by": "王建国", "extend-reason": "需要会商"}, REMOTE_ADDR="10.9.8.7")
    info_request.refresh_from_db()
    client.post(url, {"action": "reply", "reply-version": info_request.version, "reply-kind": "withhold",
                      "reply-reason": "process"}, REMOTE_ADDR="10.9.8.7")
    events = list(AuditEvent.objects.filter(action="case.action").order_by("pk"))
    assert [e.detail.split("（")[0] for e in events] == ["延期答复", "答复"]
    for event in events:
        assert event.actor == handler and event.actor_name == "gongkai" and event.ip == "10.9.8.7"
        assert event.target == f"申请 {info_request.number}"
    assert "需要会商" not in events[0].detail  # the transition's note stays in the matter's own log


def test_staff_entry_is_audited_but_replayed_history_is_not(client, handler, info_request):
    assert not AuditEvent.objects.filter(action="case.action").exists()  # filed under clock.replaying
    client.force_login(handler)
    form = {"channel": "post", "requester_type": "person", "requester_name": "李四", "id_number": ID_NUMBER,
            "contact_person": "", "phone": PHONE, "email": "", "address": "示范县人民大道 8 号",
            "description": "2025 年预算公开", "document_hint": "", "delivery_form": "paper", "delivery_method": "post"}
    assert client.post("/admin/info-requests/new/", form).status_code == 302
    entered = InfoRequest.objects.exclude(pk=info_request.pk).get()
    event = AuditEvent.objects.get(action="case.action")
    assert event.actor == handler and event.target == f"申请 {entered.number}" and event.detail.startswith("收到申请")


def raw_request_row(pk):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM inforequests_inforequest WHERE id = %s", [pk])
        return " ".join(str(value) for value in cursor.fetchone())


def test_phone_and_id_number_are_encrypted_at_rest_and_the_phone_found_by_hash(info_request):
    from privacy.fields import lookup_hash_of

    row = raw_request_row(info_request.pk)
    assert PHONE not in row and ID_NUMBER not in row and lookup_hash_of(PHONE) in row
    assert InfoRequest.objects.get(phone_hash=lookup_hash_of(PHONE)).id_number == ID_NUMBER


def test_migration_encrypts_rows_written_in_plain_text(info_request):
    import importlib

    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:  # a row as the previous schema stored it
        cursor.execute("UPDATE inforequests_inforequest SET phone = %s, id_number = %s, phone_hash = '' WHERE id = %s",
                       [PHONE, ID_NUMBER, info_request.pk])
    importlib.import_module("inforequests.migrations.0002_encrypt_phone_and_id_number").encrypt_existing(apps, None)
    row = raw_request_row(info_request.pk)
    assert PHONE not in row and ID_NUMBER not in row
    info_request.refresh_from_db()
    assert info_request.phone == PHONE and info_request.id_number == ID_NUMBER
