"""Staff lock-out by name *and* address; TOTP second factor before any admin page (issue 9)."""

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from tests.online_apply.builders import ensure_role_group

pytestmark = pytest.mark.django_db
PASSWORD = "Window-Pass-2025!"


@pytest.fixture(autouse=True)
def clean_axes():
    from axes.models import AccessAttempt

    yield
    AccessAttempt.objects.all().delete()


@pytest.fixture
def window_staff(django_user_model):
    user = django_user_model.objects.create_user("window_xgaj", password=PASSWORD, is_staff=True)
    user.groups.add(ensure_role_group("窗口工作人员"))
    return user


def admin_login(client, ip, password=PASSWORD):
    return client.post("/admin/login/", {"username": "window_xgaj", "password": password}, REMOTE_ADDR=ip)


def test_a_stranger_cannot_lock_staff_out_from_another_address(client, window_staff):
    for _ in range(6):
        admin_login(client, "203.0.113.66", password="guess")
    locked = admin_login(client, "203.0.113.66")
    assert locked.status_code == 403 and "锁定" in locked.content.decode()
    # The window clerk at the hall's own address still gets in.
    response = admin_login(client, "10.20.0.5")
    assert response.status_code == 302


def current_token(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@override_settings(STAFF_SECOND_FACTOR_REQUIRED=True)
def test_first_login_sets_up_totp_then_every_login_asks_for_it(client, window_staff):
    assert admin_login(client, "10.20.0.5").status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/second-factor/setup/")
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "绑定动态口令" in body and "<svg" in body
    device = TOTPDevice.objects.get(user=window_staff, confirmed=False)

    wrong = client.post("/admin/second-factor/setup/", {"token": "000000" if current_token(device) != "000000" else "111111"})
    assert "动态口令错误" in wrong.content.decode()
    assert AuditEvent.objects.filter(action="otp.failed").exists()
    too_soon = client.post("/admin/second-factor/setup/", {"token": current_token(device)})
    assert "请稍等片刻" in too_soon.content.decode()  # failures slow the next try down
    device.refresh_from_db()
    device.throttle_reset()
    done = client.post("/admin/second-factor/setup/", {"token": current_token(device), "next": "/admin/"})
    assert done.status_code == 302 and client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(action="otp.set_up", target="window_xgaj").exists()

    client.post("/admin/logout/")
    admin_login(client, "10.20.0.5")
    again = client.get("/admin/pages/")
    assert again["Location"].startswith("/admin/second-factor/verify/")
    device.refresh_from_db()
    device.last_t = -1  # the same 30-second step may be used again in this test
    device.save()
    ok = client.post("/admin/second-factor/verify/", {"token": current_token(device), "next": "/admin/pages/"})
    assert ok.status_code == 302 and ok["Location"] == "/admin/pages/"


@override_settings(STAFF_SECOND_FACTOR_REQUIRED=True)
def test_second_factor_page_refuses_offsite_next(client, window_staff):
    admin_login(client, "10.20.0.5")
    page = client.get("/admin/second-factor/setup/?next=https://evil.example/")
    assert "evil.example" not in page.content.decode()


@override_settings(STAFF_SECOND_FACTOR_REQUIRED=True)
def test_citizens_are_not_asked_for_a_second_factor(client):
    from tests.citizens.factories import citizen

    client.force_login(citizen())
    assert client.get("/account/").status_code == 200
