"""Registration in a real browser, keyboard only, on a phone-sized screen."""

import re

import pytest

from citizens.models import CitizenProfile

from .factories import PASSWORD, id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_with_keyboard_on_a_phone(live_server, browser, sms_outbox):
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 812})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/account/register/")
        page.get_by_label("手机号码").fill("13812341234")
        page.get_by_role("button", name="获取验证码").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "验证码已发送" in page.content()
        code = re.search(r"验证码为 (\d{6})", sms_outbox[-1].text).group(1)

        page.get_by_label("短信验证码").fill(code)
        page.get_by_label("真实姓名").fill("张三丰")
        page.get_by_label("居民身份证号码").fill(id_number())
        page.get_by_label("登录密码").fill(PASSWORD)
        page.get_by_label("确认密码").fill(PASSWORD)
        # Enter in the last field must register, not press the first button (获取验证码).
        page.get_by_label("确认密码").press("Enter")
        page.wait_for_url(f"{live_server.url}/account/")
        page.screenshot(path="/tmp/citizens_profile.png", full_page=True)  # noqa: S108 (for manual review)
        assert "138****1234" in page.content()
        assert CitizenProfile.with_phone("13812341234").exists()
    finally:
        context.close()


def test_reset_password_with_keyboard_on_a_phone(live_server, browser, sms_outbox):
    from .factories import citizen

    citizen(phone="13812341234")
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 812})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/account/login/")
        page.get_by_role("link", name="忘记密码？").click()
        page.get_by_label("手机号码").fill("13812341234")
        page.get_by_role("button", name="获取验证码").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "如该手机号已注册申请人账户，验证码已发送" in page.content()
        code = re.search(r"验证码为 (\d{6})", sms_outbox[-1].text).group(1)

        page.get_by_label("短信验证码").fill(code)
        page.get_by_label(re.compile(r"^新密码")).fill("12345678")
        page.get_by_label("确认新密码").fill("12345678")
        with page.expect_navigation():
            page.get_by_label("确认新密码").press("Enter")
        page.screenshot(path="/tmp/citizens_reset_error.png", full_page=True)  # noqa: S108 (for manual review)
        assert "密码太短" in page.content()

        page.get_by_label(re.compile(r"^新密码")).fill("Xin-Mima-Qiuzhi-2025")
        page.get_by_label("确认新密码").fill("Xin-Mima-Qiuzhi-2025")
        # Enter in the last field must reset, not press the first button (获取验证码).
        page.get_by_label("确认新密码").press("Enter")
        page.wait_for_url(f"{live_server.url}/account/login/")
        page.screenshot(path="/tmp/citizens_reset_done.png", full_page=True)  # noqa: S108 (for manual review)
        assert "密码已重置，请使用新密码登录。" in page.content()
    finally:
        context.close()
