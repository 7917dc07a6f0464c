"""忘记密码: phone → SMS code → new password; neutral about which phones have accounts."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from citizens.models import CitizenProfile, OneTimeCode

from .factories import PASSWORD, citizen, staff

pytestmark = pytest.mark.django_db
PHONE = "13812341234"
NEW_PASSWORD = "Xin-Mima-Qiuzhi-2025"
URL = "/account/password/reset/"
NEUTRAL = "如该手机号已注册申请人账户，验证码已发送"


def code_from(outbox):
    return re.search(r"验证码为 (\d{6})", outbox[-1].text).group(1)


def send(client, phone=PHONE):
    return client.post(URL, {"action": "send_code", "phone": phone})


def reset(client, code, phone=PHONE, password1=NEW_PASSWORD, password2=NEW_PASSWORD):
    data = {"action": "reset", "phone": phone, "code": code, "password1": password1, "password2": password2}
    return client.post(URL, data, follow=True)


def wrong(code):
    return "111111" if code == "000000" else "000000"


def password_is(phone, password):
    return CitizenProfile.with_phone(phone).get().user.check_password(password)


def test_reset_end_to_end_ends_other_sessions(client, sms_outbox):
    citizen(phone=PHONE)
    elsewhere = Client()  # e.g. a lost phone still logged in
    elsewhere.post("/account/login/", {"method": "password", "phone": PHONE, "password": PASSWORD})
    assert elsewhere.get("/account/").status_code == 200

    response = send(client)
    assert NEUTRAL in response.content.decode()
    assert sms_outbox[-1].phone == PHONE and "您的重置密码验证码为" in sms_outbox[-1].text

    response = reset(client, code_from(sms_outbox))
    assert response.redirect_chain == [("/account/login/", 302)]
    assert "密码已重置，请使用新密码登录。" in response.content.decode()
    assert password_is(PHONE, NEW_PASSWORD)
    assert elsewhere.get("/account/").status_code == 302

    response = client.post("/account/login/", {"method": "password", "phone": PHONE, "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_wrong_code_is_refused_and_password_unchanged(client, sms_outbox):
    citizen(phone=PHONE)
    send(client)
    response = reset(client, wrong(code_from(sms_outbox)))
    body = response.content.decode()
    assert response.status_code == 200 and "验证码错误或已失效，请重新获取。" in body
    assert 'aria-describedby="id_code_error"' in body and 'id="id_code_error"' in body
    assert password_is(PHONE, PASSWORD)


def test_expired_code_is_refused(client, sms_outbox):
    citizen(phone=PHONE)
    send(client)
    OneTimeCode.objects.update(expires_at=OneTimeCode.objects.get().created - timedelta(seconds=1))
    response = reset(client, code_from(sms_outbox))
    assert "验证码错误或已失效" in response.content.decode()
    assert password_is(PHONE, PASSWORD)


def test_login_code_does_not_reset(client, sms_outbox):
    citizen(phone=PHONE)
    client.post("/account/login/", {"method": "code", "action": "send_code", "phone": PHONE})
    response = reset(client, code_from(sms_outbox))
    assert "验证码错误或已失效" in response.content.decode()
    assert password_is(PHONE, PASSWORD)


def test_unknown_phone_gets_the_same_message_and_no_sms(client, sms_outbox):
    citizen(phone=PHONE)
    known = send(client).content.decode()
    unknown = send(client, phone="13700001111").content.decode()
    assert NEUTRAL in known and NEUTRAL in unknown and len(sms_outbox) == 1
    # A second request inside 60 s is rate-limited for the account, yet reads the same.
    again = send(client).content.decode()
    assert NEUTRAL in again and "过于频繁" not in again and len(sms_outbox) == 1
    response = reset(client, "123456", phone="13700001111")
    assert "验证码错误或已失效" in response.content.decode()


def test_staff_phone_cannot_be_reset(client, sms_outbox):
    staff(username="13900001111")
    assert NEUTRAL in send(client, phone="13900001111").content.decode()
    assert sms_outbox == []
    assert not OneTimeCode.objects.exists()
    response = reset(client, "123456", phone="13900001111")
    assert "验证码错误或已失效" in response.content.decode()
    assert get_user_model().objects.get(username="13900001111").check_password(PASSWORD)  # staff: named as is


def test_weak_or_mismatched_password_is_refused_without_burning_the_code(client, sms_outbox):
    citizen(phone=PHONE)
    send(client)
    code = code_from(sms_outbox)
    body = reset(client, code, password1="12345678", password2="12345678").content.decode()
    assert "密码太短，至少需要 10 个字符。" in body and "密码只包含数字" in body and "This password" not in body
    assert 'aria-describedby="id_password1_helptext id_password1_error"' in body
    body = reset(client, code, password2="Something-Else-2025").content.decode()
    assert "两次输入的密码不一致" in body
    assert password_is(PHONE, PASSWORD)
    assert reset(client, code).redirect_chain == [("/account/login/", 302)]


def test_password_like_the_account_name_is_refused_after_the_code(client, sms_outbox):
    """Only checked once the code proves ownership; the code stays usable for a better try."""
    citizen(phone=PHONE, email="zhangsanfeng2025@example.cn")
    send(client)
    code = code_from(sms_outbox)
    body = reset(client, code, password1="zhangsanfeng2025", password2="zhangsanfeng2025").content.decode()
    assert "相似" in body and password_is(PHONE, PASSWORD)
    assert reset(client, code).redirect_chain == [("/account/login/", 302)]


def test_reset_lifts_a_lockout(client, sms_outbox):
    citizen(phone=PHONE)
    for _ in range(5):
        client.post("/account/login/", {"method": "password", "phone": PHONE, "password": "wrong-password"})
    send(client)
    reset(client, code_from(sms_outbox))
    response = client.post("/account/login/", {"method": "password", "phone": PHONE, "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_page_is_linked_from_login_and_accessible(client):
    assert 'href="/account/password/reset/">忘记密码？</a>' in client.get("/account/login/").content.decode()
    body = client.get(URL).content.decode()
    assert 'lang="zh-CN"' in body and "重置登录密码" in body
    for field in ("phone", "code", "password1", "password2"):
        assert f'for="id_{field}"' in body
    assert 'autocomplete="new-password"' in body and 'autocomplete="one-time-code"' in body
