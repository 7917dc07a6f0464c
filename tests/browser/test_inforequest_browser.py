"""Filing and tracking an information request in a real browser (1280 px, 375 px, 长辈版).
Screenshots go to /tmp/inforequest_*.png for a human to look at."""

import re

import pytest

from inforequests.models import InfoRequest
from tests.disclosure.builders import section

SHOTS = "/tmp"  # noqa: S108 - screenshots to look at after the run
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = "13900003333"


def last_code(outbox):
    return re.search(r"验证码为 (\d{6})", outbox[-1].text).group(1)


def fits(page):
    return page.evaluate(
        "() => { const w = document.documentElement.clientWidth; return Array.from("
        "document.querySelectorAll('main *')).every(e => e.getBoundingClientRect().right <= w + 1); }"
    )


def test_file_and_track_a_request(live_server, page, browser, sms_outbox):
    section()
    page.goto(live_server.url + "/disclosure/")
    page.get_by_role("link", name="依申请公开").click()
    page.wait_for_url("**/info-request/")
    page.get_by_label("自然人").check()
    page.get_by_label("申请人姓名/名称").fill("王五")
    page.get_by_label("身份证件号码/统一社会信用代码").fill("11010519491231002X")
    page.get_by_label("所需政府信息的内容描述").fill("2025 年政务服务中心窗口服务规范全文")
    page.get_by_label("电子文本").check()
    page.get_by_label("当面领取").check()
    page.get_by_label("手机号码").fill(PHONE)
    page.get_by_role("button", name="获取验证码").click()
    page.wait_for_load_state()
    assert page.get_by_label("所需政府信息的内容描述").input_value() == "2025 年政务服务中心窗口服务规范全文"
    page.get_by_label("短信验证码").fill(last_code(sms_outbox))
    page.screenshot(path=f"{SHOTS}/inforequest_form_1280.png", full_page=True)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/info-request/YSGK\d{8}-\d{6}/$"))
    number = InfoRequest.objects.get().number
    assert number in page.locator("h1").inner_text()
    assert "办理中" in page.locator("main").inner_text()
    page.screenshot(path=f"{SHOTS}/inforequest_detail_1280.png", full_page=True)
    page.get_by_role("link", name="政府信息公开申请登记回执").click()
    assert "登记回执" in page.locator("h1").inner_text()
    page.screenshot(path=f"{SHOTS}/inforequest_receipt_1280.png", full_page=True)

    # A phone, in 长辈版, without the session: track by number + phone + code.
    context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport={"width": 375, "height": 812}, is_mobile=True)
    context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    phone = context.new_page()
    try:
        phone.goto(live_server.url + "/info-request/track/")
        phone.get_by_label("申请编号").fill(number)
        phone.get_by_label("手机号码").fill(PHONE)
        phone.get_by_role("button", name="获取验证码").click()
        phone.wait_for_load_state()
        phone.get_by_label("短信验证码").fill(last_code(sms_outbox))
        assert fits(phone)
        phone.screenshot(path=f"{SHOTS}/inforequest_track_375_elder.png", full_page=True)
        phone.get_by_role("button", name="查询").click()
        phone.wait_for_url(f"**/info-request/{number}/")
        assert "办理中" in phone.locator("main").inner_text()
        assert fits(phone)
        phone.screenshot(path=f"{SHOTS}/inforequest_detail_375_elder.png", full_page=True)
        phone.goto(live_server.url + "/info-request/")
        assert fits(phone)
        phone.screenshot(path=f"{SHOTS}/inforequest_form_375_elder.png", full_page=True)
    finally:
        context.close()
