"""Citizens' rows in auth_user hold no phone, ID number, name or e-mail; accounts are found by the
phone's keyed hash (docs/domain.md 安全与个人信息保护 “账户与登录”); SMS codes keep only that hash."""

import importlib
import re

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citizens.models import CitizenProfile
from privacy.fields import lookup_hash_of
from tests.citizens.factories import PASSWORD, id_number

pytestmark = pytest.mark.django_db
PHONE = "13812341234"
NAME = "张三丰"
EMAIL = "zhang@example.com"
User = get_user_model()


@pytest.fixture(autouse=True)
def clear_axes():
    yield
    AccessAttempt.objects.all().delete()
    AccessLog.objects.all().delete()


def register(client, sms_outbox):
    client.post("/account/register/", {"action": "send_code", "phone": PHONE})
    code = re.search(r"验证码为 (\d{6})", sms_outbox[-1].text).group(1)
    data = {"action": "register", "phone": PHONE, "code": code, "real_name": NAME, "id_number": id_number(),
            "email": EMAIL, "password1": PASSWORD, "password2": PASSWORD}
    assert client.post("/account/register/", data).status_code == 302
    client.post("/account/logout/")


def raw_rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (fixed table names)
        return [" ".join(str(value) for value in row) for row in cursor.fetchall()]


def test_auth_user_holds_nothing_personal_after_registration(client, sms_outbox):
    register(client, sms_outbox)
    rows = raw_rows("auth_user")
    assert len(rows) == 1
    for secret in (PHONE, id_number(), NAME, EMAIL):
        assert secret not in rows[0]
    user = User.objects.get()
    assert user.username.startswith("citizen_") and user.first_name == "张**" and user.email == ""
    assert CitizenProfile.objects.get(user=user).email == EMAIL  # the profile keeps it


def test_sms_codes_keep_only_the_phones_hash(client, sms_outbox):
    register(client, sms_outbox)
    client.post("/account/login/", {"method": "code", "action": "send_code", "phone": PHONE})
    rows = raw_rows("citizens_onetimecode")
    assert len(rows) == 2 and all(PHONE not in row and lookup_hash_of(PHONE) in row for row in rows)


def test_login_with_phone_finds_the_account_by_its_hash(client, sms_outbox):
    register(client, sms_outbox)
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/account/login/", {"method": "password", "phone": PHONE, "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    sql = "\n".join(str(q["sql"]) for q in queries.captured_queries)
    assert lookup_hash_of(PHONE) in sql and PHONE not in sql


def test_login_by_sms_code_and_password_reset_work(client, sms_outbox):
    register(client, sms_outbox)
    client.post("/account/login/", {"method": "code", "action": "send_code", "phone": PHONE})
    code = re.search(r"验证码为 (\d{6})", sms_outbox[-1].text).group(1)
    response = client.post("/account/login/", {"method": "code", "action": "login", "phone": PHONE, "code": code})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    client.post("/account/logout/")

    client.post("/account/password/reset/", {"action": "send_code", "phone": PHONE})
    code = re.search(r"验证码为 (\d{6})", sms_outbox[-1].text).group(1)
    new = "Xin-Mima-2026-abc"
    data = {"action": "reset", "phone": PHONE, "code": code, "password1": new, "password2": new}
    assert client.post("/account/password/reset/", data).status_code == 302
    assert CitizenProfile.with_phone(PHONE).get().user.check_password(new)


def test_reset_still_refuses_a_password_like_the_phone(client, sms_outbox):
    register(client, sms_outbox)
    client.post("/account/password/reset/", {"action": "send_code", "phone": PHONE})
    code = re.search(r"验证码为 (\d{6})", sms_outbox[-1].text).group(1)
    data = {"action": "reset", "phone": PHONE, "code": code, "password1": f"a{PHONE}", "password2": f"a{PHONE}"}
    body = client.post("/account/password/reset/", data).content.decode()
    assert "相似" in body
    assert CitizenProfile.with_phone(PHONE).get().user.check_password(PASSWORD)


def test_failed_logins_leave_no_phone_in_axes_tables(client, sms_outbox):
    register(client, sms_outbox)
    for phone in (PHONE, "13900009999"):  # an account, and a number without one
        for _ in range(5):
            client.post("/account/login/", {"method": "password", "phone": phone, "password": "wrong-password-1"})
        response = client.post("/account/login/", {"method": "password", "phone": phone, "password": "wrong-password-1"})
        assert response.status_code == 403  # both locked out alike: no hint which is registered
    rows = raw_rows("axes_accessattempt")
    assert len(rows) == 2
    assert all(PHONE not in row and "13900009999" not in row for row in rows)


def test_admin_user_list_shows_no_phone(client, sms_outbox):
    register(client, sms_outbox)
    client.force_login(User.objects.create_superuser(username="admin", password="Admin-pass-2025"))
    body = client.get("/admin/users/").content.decode()
    assert "citizen_" in body and "张**" in body
    assert PHONE not in body and NAME not in body and EMAIL not in body


def test_migration_converts_phone_named_accounts_and_leaves_staff_alone():
    migration = importlib.import_module("citizens.migrations.0005_opaque_citizen_usernames")
    old = User.objects.create_user(username=PHONE, password=PASSWORD, first_name=NAME, email=EMAIL)
    CitizenProfile.objects.create(user=old, phone=PHONE, real_name=NAME, id_number=id_number(), email=EMAIL)
    window = User.objects.create_user(username="window_xgaj", password=PASSWORD, first_name="县公安局窗口",
                                      email="window_xgaj@example.gov.cn", is_staff=True)
    phone_named_staff = User.objects.create_user(username="13900001111", password=PASSWORD, is_staff=True)
    AccessLog.objects.create(username=PHONE, ip_address="10.0.0.1", user_agent="x", http_accept="", path_info="/")
    AccessLog.objects.create(username="window_xgaj", ip_address="10.0.0.2", user_agent="x", http_accept="", path_info="/")
    AccessAttempt.objects.create(username="13900009999", ip_address="10.0.0.3", user_agent="x", http_accept="",
                                 path_info="/", get_data="", post_data="phone=13900009999", failures_since_start=1)

    migration.make_opaque(apps, None)

    old.refresh_from_db()
    assert old.username.startswith("citizen_") and old.first_name == "张**" and old.email == ""
    assert old.check_password(PASSWORD)
    assert all(PHONE not in row and NAME not in row and EMAIL not in row for row in raw_rows("auth_user"))
    for staff, name in ((window, "window_xgaj"), (phone_named_staff, "13900001111")):
        staff.refresh_from_db()
        assert staff.username == name
    window.refresh_from_db()
    assert window.first_name == "县公安局窗口" and window.email == "window_xgaj@example.gov.cn"
    assert set(AccessLog.objects.values_list("username", flat=True)) == {old.username, "window_xgaj"}
    assert not AccessAttempt.objects.exists()
