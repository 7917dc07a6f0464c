"""审计日志: append-only, who/what/when/where, supervisors view and export (issue 9)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from audit import actions
from audit.models import AuditEvent
from audit.records import record
from citizens.models import MessageTemplate
from tests.citizens.factories import PASSWORD, citizen
from tests.online_apply.builders import ensure_role_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor(django_user_model):
    user = django_user_model.objects.create_user("duocha", password=PASSWORD, is_staff=True)
    user.groups.add(ensure_role_group("督查"))
    return user


def test_record_keeps_who_what_and_where(rf, django_user_model):
    user = django_user_model.objects.create_user("window_xgaj", is_staff=True)
    request = rf.get("/", REMOTE_ADDR="10.1.2.3")
    request.user = user
    event = record("case.accept", request=request, target="办件 YS1", detail="受理")
    assert (event.actor, event.actor_name, event.ip, event.target) == (user, "window_xgaj", "10.1.2.3", "办件 YS1")
    assert event.at is not None


def test_events_cannot_be_changed_or_deleted():
    event = record("export", actor_name="系统")
    event.detail = "改"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.update(detail="x")


def test_citizen_actor_is_named_by_account_number_not_phone():
    user = citizen(phone="13812341234")
    event = record("case.submit", actor=user)
    assert "13812341234" not in event.actor_name


def test_staff_login_and_failures_are_recorded_with_address(client, supervisor):
    client.post("/admin/login/", {"username": "duocha", "password": "wrong"}, REMOTE_ADDR="10.9.9.9")
    failed = AuditEvent.objects.get(action=actions.STAFF_LOGIN_FAILED)
    assert failed.target == "duocha" and failed.ip == "10.9.9.9"
    client.post("/admin/login/", {"username": "duocha", "password": PASSWORD}, REMOTE_ADDR="10.9.9.8")
    assert AuditEvent.objects.get(action=actions.STAFF_LOGIN).ip == "10.9.9.8"


def test_citizen_logins_are_not_put_in_the_audit_log(client):
    citizen(phone="13812341234")
    client.post("/account/login/", {"method": "password", "phone": "13812341234", "password": "wrong"})
    assert not AuditEvent.objects.exists()


def test_admin_changes_are_mirrored_with_address(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", password="Admin-pass-2025")
    client.force_login(admin)
    template = MessageTemplate.objects.get(key="case_closed")
    data = {"name": "已办结", "sms_text": "【示范县】{{ case_number }} 已办结。", "email_subject": "", "email_body": ""}
    client.post(f"/admin/message_templates/edit/{template.pk}/", data, REMOTE_ADDR="10.0.0.5")
    event = AuditEvent.objects.get(action=actions.ADMIN_CHANGE)
    assert event.actor == admin and event.ip == "10.0.0.5" and "消息模板" in event.target


def test_supervisor_views_and_exports_and_the_export_is_audited(client, supervisor):
    record("case.accept", actor=supervisor, target="办件 YS20250101-000001")
    client.force_login(supervisor)
    page = client.get("/admin/audit_log/")
    assert page.status_code == 200 and "YS20250101-000001" in page.content.decode()
    export = client.get("/admin/audit_log/?export=csv")
    assert export.status_code == 200 and "YS20250101-000001" in b"".join(export.streaming_content).decode("utf-8-sig")
    assert AuditEvent.objects.filter(action=actions.EXPORT, actor=supervisor).exists()
    assert client.get(f"/admin/audit_log/edit/{AuditEvent.objects.first().pk}/").status_code in (302, 403)
    assert client.get("/admin/audit_log/new/").status_code in (302, 403)


def test_window_staff_and_editors_cannot_read_the_audit_log(client, django_user_model):
    for group in ("窗口工作人员", "编辑"):
        user = django_user_model.objects.create_user(f"u-{group}", is_staff=True)
        user.groups.add(ensure_role_group(group))
        client.force_login(user)
        assert client.get("/admin/audit_log/").status_code in (302, 403)


@override_settings(AUDIT_RETENTION_DAYS=30)
def test_retention_is_never_below_184_days():
    from django.db import connection

    old = record("export", actor_name="系统")

    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET at = %s WHERE id = %s", [timezone.now() - timedelta(days=100), old.pk])
        ancient = record("export", actor_name="系统")
        cursor.execute("UPDATE audit_auditevent SET at = %s WHERE id = %s", [timezone.now() - timedelta(days=200), ancient.pk])
    call_command("purge_audit_log", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [old.pk]
