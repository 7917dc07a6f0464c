"""Registration, login (password / SMS code), lock-out, and the staff/citizen separation."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory

from citizens.decorators import citizen_required
from citizens.models import CitizenProfile

from .factories import PASSWORD, citizen, id_number, staff

pytestmark = pytest.mark.django_db
PHONE = "13812341234"


def code_from(outbox):
    return re.search(r"验证码为 (\d{6})", outbox[-1].text).group(1)


def register_data(**overrides):
    data = {
        "action": "register", "phone": PHONE, "code": "", "real_name": "张三丰",
        "id_number": id_number(), "email": "", "password1": PASSWORD, "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def test_registration_end_to_end(client, sms_outbox):
    response = client.post("/account/register/", {"action": "send_code", "phone": PHONE})
    assert response.status_code == 200
    assert "验证码已发送" in response.content.decode()
    assert sms_outbox[-1].phone == PHONE

    response = client.post("/account/register/", register_data(code=code_from(sms_outbox), next="/account/"))
    assert response.status_code == 302 and response["Location"] == "/account/"
    profile = CitizenProfile.with_phone(PHONE).get()
    assert profile.user.username.startswith("citizen_") and not profile.user.is_staff
    assert profile.id_number == id_number()

    page = client.get("/account/").content.decode()
    assert "138****1234" in page and "张**" in page and "33*************" in page
    assert PHONE not in page and id_number() not in page


def test_wrong_code_creates_nothing(client, sms_outbox):
    client.post("/account/register/", {"action": "send_code", "phone": PHONE})
    response = client.post("/account/register/", register_data(code="000000" if code_from(sms_outbox) != "000000" else "111111"))
    assert "验证码错误或已失效" in response.content.decode()
    assert not CitizenProfile.with_phone(PHONE).exists() and not get_user_model().objects.exists()


def test_field_errors_do_not_burn_the_code(client, sms_outbox):
    client.post("/account/register/", {"action": "send_code", "phone": PHONE})
    code = code_from(sms_outbox)
    response = client.post("/account/register/", register_data(code=code, id_number="110105194912310021"))
    assert "校验位不正确" in response.content.decode()
    response = client.post("/account/register/", register_data(code=code))
    assert response.status_code == 302


def test_registration_validates_password(client, sms_outbox):
    response = client.post("/account/register/", register_data(
        code="123456", id_number="11010519491231002X", password1="12345678", password2="12345679",
    ))
    assert "两次输入的密码不一致" in response.content.decode()


def test_send_code_states_the_rate_limit_up_front(client, sms_outbox):
    client.post("/account/register/", {"action": "send_code", "phone": PHONE})
    response = client.post("/account/register/", {"action": "send_code", "phone": PHONE})
    assert "60 秒后重新获取" in response.content.decode() and len(sms_outbox) == 1


def test_login_with_password_and_next(client):
    citizen(phone=PHONE)
    response = client.post("/account/login/", {"method": "password", "phone": PHONE, "password": PASSWORD, "next": "/guide/"})
    assert response.status_code == 302 and response["Location"] == "/guide/"
    assert client.get("/account/").status_code == 200


def test_login_refuses_offsite_next(client):
    citizen(phone=PHONE)
    response = client.post(
        "/account/login/", {"method": "password", "phone": PHONE, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/account/"


def test_login_with_sms_code(client, sms_outbox):
    citizen(phone=PHONE)
    client.post("/account/login/", {"method": "code", "action": "send_code", "phone": PHONE})
    response = client.post("/account/login/", {"method": "code", "action": "login", "phone": PHONE, "code": code_from(sms_outbox)})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200


def test_login_code_is_not_sent_to_unknown_numbers(client, sms_outbox):
    response = client.post("/account/login/", {"method": "code", "action": "send_code", "phone": "13700001111"})
    assert "如该手机号已注册" in response.content.decode() and sms_outbox == []


def test_login_code_answer_does_not_tell_which_numbers_have_accounts(client, sms_outbox):
    """Registered, unregistered and rate-limited numbers all get the same words."""
    citizen(phone=PHONE)

    def answer(phone):
        html = client.post("/account/login/", {"method": "code", "action": "send_code", "phone": phone}).content.decode()
        return [line.strip() for line in html.splitlines() if "验证码" in line and "message" in line]

    registered, unknown, limited = answer(PHONE), answer("13700001111"), answer(PHONE)
    assert len(sms_outbox) == 1  # only the registered number got a code; the repeat was rate-limited
    assert registered == unknown == limited and registered


def test_wrong_password_message(client):
    citizen(phone=PHONE)
    response = client.post("/account/login/", {"method": "password", "phone": PHONE, "password": "wrong-password"})
    assert response.status_code == 200 and "手机号或密码错误" in response.content.decode()


def test_lockout_after_five_failures(client):
    citizen(phone=PHONE)
    for _ in range(4):
        response = client.post("/account/login/", {"method": "password", "phone": PHONE, "password": "wrong-password"})
        assert response.status_code == 200
    response = client.post("/account/login/", {"method": "password", "phone": PHONE, "password": "wrong-password"})
    assert response.status_code == 403
    assert "账户已被锁定 10 分钟" in response.content.decode()
    # Even the right password is refused while locked, with the same Chinese message.
    response = client.post("/account/login/", {"method": "password", "phone": PHONE, "password": PASSWORD})
    assert response.status_code == 403 and "账户已被锁定" in response.content.decode()
    assert client.get("/account/").status_code == 302


def test_wrong_codes_count_towards_lockout(client, sms_outbox):
    citizen(phone=PHONE)
    for _ in range(5):
        response = client.post("/account/login/", {"method": "code", "action": "login", "phone": PHONE, "code": "000000"})
    assert response.status_code == 403 and "账户已被锁定" in response.content.decode()


def test_staff_cannot_log_in_on_the_citizen_form(client):
    # A staff user name that looks like a phone is not a citizen's phone: citizens are found by
    # their profile's phone hash, so the form simply finds no account.
    staff(username="13900001111")
    response = client.post("/account/login/", {"method": "password", "phone": "13900001111", "password": PASSWORD})
    assert response.status_code == 200
    assert "手机号或密码错误" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_citizen_cannot_open_admin(client):
    user = citizen(phone=PHONE)
    assert not user.has_perm("wagtailadmin.access_admin")
    client.post("/account/login/", {"method": "password", "phone": PHONE, "password": PASSWORD})
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_citizen_cannot_log_in_to_admin(client):
    citizen(phone=PHONE)
    client.post("/admin/login/", {"username": PHONE, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302


def test_profile_requires_login(client):
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"] == "/account/login/?next=/account/"


def test_citizen_required_refuses_staff():
    view = citizen_required(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/apply/")
    request.user = staff()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        view(request)


def test_logout_is_post_only(client):
    citizen(phone=PHONE)
    client.post("/account/login/", {"method": "password", "phone": PHONE, "password": PASSWORD})
    assert client.get("/account/logout/").status_code == 405
    response = client.post("/account/logout/")
    assert response.status_code == 302
    assert client.get("/account/").status_code == 302


def test_pages_render_in_chinese(client):
    for url in ("/account/login/", "/account/register/"):
        body = client.get(url).content.decode()
        assert 'lang="zh-CN"' in body and "手机号码" in body and 'for="id_phone"' in body


def test_registration_password_rules_read_in_chinese(client):
    body = client.post("/account/register/", register_data(code="123456", password1="Ab3$x", password2="Ab3$x")).content.decode()
    assert "密码太短，至少需要 10 个字符。" in body and "This password" not in body
