"""SMS bombing: one client may not make the portal text many numbers (issue 9)."""

import pytest
from django.core import mail
from django.test import override_settings

from audit.models import AuditEvent
from citizens.models import OneTimeCode
from privacy.fields import lookup_hash_of
from tests.citizens.factories import citizen
from tests.online_apply.builders import ensure_role_group

pytestmark = pytest.mark.django_db


def ask_register_code(client, phone, ip="198.51.100.7"):
    return client.post("/account/register/", {"action": "send_code", "phone": phone}, REMOTE_ADDR=ip)


@override_settings(SMS_CODES_PER_IP_PER_HOUR=3)
def test_one_address_cannot_text_many_numbers(client, sms_outbox):
    for n in range(3):
        ask_register_code(client, f"1380000000{n}")
    response = ask_register_code(client, "13800000009")
    assert "本机获取验证码过于频繁" in response.content.decode()
    assert len(sms_outbox) == 3
    # Another address is not affected.
    ask_register_code(client, "13800000009", ip="198.51.100.8")
    assert len(sms_outbox) == 4


@override_settings(SMS_CODES_PER_IP_PER_HOUR=2)
def test_address_limit_counts_numbers_without_accounts_on_login_and_reset(client, sms_outbox):
    """The per-address count does not depend on the phone, so it can be told plainly."""
    for path, data in (
        ("/account/login/", {"method": "code", "action": "send_code"}),
        ("/account/password/reset/", {"action": "send_code"}),
    ):
        client.post(path, {**data, "phone": "13700000001"}, REMOTE_ADDR="198.51.100.9")
    response = client.post("/account/password/reset/", {"action": "send_code", "phone": "13700000002"},
                           REMOTE_ADDR="198.51.100.9")
    assert "本机获取验证码过于频繁" in response.content.decode() and sms_outbox == []


def test_one_phone_gets_at_most_ten_codes_an_hour_over_all_purposes(client, sms_outbox):
    from citizens import otp

    for purpose in ("register", "login"):
        for _ in range(5):
            OneTimeCode.objects.create(phone_hash=lookup_hash_of("13812340000"), purpose=purpose, code_hash="x", expires_at="2000-01-01T00:00Z")
    with pytest.raises(otp.OtpError):
        otp.send_code("13812340000", "reset_password")


@override_settings(SMS_HOURLY_BUDGET=2)
def test_site_budget_stops_sending_and_alerts_supervisors_once(client, sms_outbox, django_user_model):
    supervisor = django_user_model.objects.create_user("duocha", email="duocha@example.gov.cn", is_staff=True)
    supervisor.groups.add(ensure_role_group("督查"))
    ask_register_code(client, "13800000001", ip="203.0.113.1")
    ask_register_code(client, "13800000002", ip="203.0.113.2")
    response = ask_register_code(client, "13800000003", ip="203.0.113.3")
    assert "短信发送量已达本站每小时上限" in response.content.decode()
    ask_register_code(client, "13800000004", ip="203.0.113.4")
    assert len(sms_outbox) == 2
    assert AuditEvent.objects.filter(action="sms.budget_exhausted").count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["duocha@example.gov.cn"]
    assert "短信发送量告警" in mail.outbox[0].subject


@override_settings(SMS_CODES_PER_IP_PER_HOUR=2)
def test_case_lookup_meets_the_same_address_limit(client, sms_outbox):
    data = {"receipt_number": "YS20250101-000001", "phone": "13812341234"}
    for _ in range(2):
        client.post("/cases/lookup/", data, REMOTE_ADDR="198.51.100.20")
    response = client.post("/cases/lookup/", data, REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 429 and "本机获取验证码过于频繁" in response.content.decode()


def test_registration_does_not_tell_whether_a_phone_has_an_account(client, sms_outbox):
    citizen(phone="13900001234")

    def answer(phone):
        html = ask_register_code(client, phone).content.decode()
        return [line.strip() for line in html.splitlines() if "验证码" in line and "message" in line]

    registered, new = answer("13900001234"), answer("13900005678")
    assert registered == new and registered
    assert [m.phone for m in sms_outbox] == ["13900005678"]


def test_registration_tells_a_duplicate_id_number_only_after_the_phone_is_proven(client, sms_outbox):
    from tests.citizens.factories import PASSWORD, id_number

    citizen(phone="13900001234", first17="11010519491231002")
    data = {
        "action": "register", "phone": "13900005678", "real_name": "李四", "email": "",
        "id_number": id_number("11010519491231002"), "password1": PASSWORD, "password2": PASSWORD,
    }
    unproven = client.post("/account/register/", {**data, "code": "123456"}).content.decode()
    assert "已有申请人账户" not in unproven and "验证码错误或已失效" in unproven
    ask_register_code(client, "13900005678")
    code = sms_outbox[-1].text.split("验证码为 ")[1][:6]
    proven = client.post("/account/register/", {**data, "code": code}).content.decode()
    assert "该身份证号码已有申请人账户" in proven
