"""Keyboard only, in Debian's Chromium: searching from the home page, applying online from a
guide page through the error summary to the receipt, booking a visit to the hall and writing a
letter (with its SMS code), in 长辈版
at phone width and normally
(docs/domain.md 适老化与无障碍). No click and no fill: Tab, Enter, Space and typed keys.
Screenshots go to test-results/keyboard/."""

import os
import re
from pathlib import Path

import pytest
from django.test import Client

from casework.models import Case, CaseStatus
from portal.site_structure import ensure_site_structure
from tests import factories
from tests.online_apply import citizen_factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path(os.environ.get("TEST_RESULTS_DIR", Path(__file__).resolve().parents[2] / "test-results")) / "keyboard"
MAX_TABS = 150
private_root = citizen_factories.private_root


def focused(page):
    """Tag, type and text (its own, its value or its label; whitespace removed) of the focused element."""
    return page.evaluate(
        """() => { const e = document.activeElement;
                   const label = e.labels && e.labels[0] ? e.labels[0].innerText : '';
                   return {tag: e.tagName.toLowerCase(), type: e.type || '', text: ((e.innerText || e.value || '') + label).replace(/\\s+/g, '')}; }"""
    )


def tab_to(page, text, tag="a"):
    """Press Tab until the focused element (of this tag) shows `text`; fail after MAX_TABS."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] == tag and text.replace(" ", "") in now["text"]:
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline not in ("none", ""), f"“{text}”获得焦点时没有可见的焦点框"
            return
    raise AssertionError(f"按 Tab {MAX_TABS} 次仍未到达“{text}”")


@pytest.fixture
def catalogue(db):
    ensure_site_structure()
    police = factories.department("县公安局", "gaj")
    factories.service_item("居民身份证补领", "XK-330521-0001", police, is_online=True,
                           materials=(("居民身份证申领登记表", True, ""), ("近期免冠照片", True, "")))
    factories.service_item("户口迁移", "XK-330521-0002", police, is_online=False)


@pytest.mark.parametrize("elder", [False, True], ids=["普通", "长辈版"])
def test_search_with_the_keyboard(live_server, browser, catalogue, elder):
    RESULTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport={"width": 375 if elder else 1280, "height": 900})
    if elder:
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        tab_to(page, "您要办什么事", tag="input")
        page.keyboard.type("身份证")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "/search/" in page.url
        tab_to(page, "居民身份证补领")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("h1").inner_text() == "居民身份证补领"
        page.screenshot(path=str(RESULTS / f"search-{'elder' if elder else 'normal'}.png"))
    finally:
        context.close()


@pytest.mark.parametrize("elder", [False, True], ids=["普通", "长辈版"])
def test_apply_online_with_the_keyboard(live_server, browser, catalogue, private_root, tmp_path, elder):
    RESULTS.mkdir(parents=True, exist_ok=True)
    user = citizen_factories.citizen()
    client = Client()
    client.force_login(user)
    context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport={"width": 375 if elder else 1280, "height": 900})
    cookies = [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    if elder:
        cookies.append({"name": "elder_mode", "value": "1", "url": live_server.url})
    context.add_cookies(cookies)
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(citizen_factories.PDF_BYTES)
    page = context.new_page()
    mode = "elder" if elder else "normal"
    try:
        page.goto(live_server.url + "/item/XK-330521-0001/")
        tab_to(page, "在线申办")
        with page.expect_navigation():
            page.keyboard.press("Enter")

        # Step 1: empty the pre-filled name and submit; the error summary takes focus and its
        # link leads back to the field.
        tab_to(page, "申请人（经办人）姓名", tag="input")
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.dataset.errorSummary") == ""
        page.screenshot(path=str(RESULTS / f"apply-errors-{mode}.png"))
        tab_to(page, "申请人（经办人）姓名")
        page.keyboard.press("Enter")
        assert focused(page)["tag"] == "input" and "申请人（经办人）姓名" in focused(page)["text"]
        page.keyboard.type("张三")
        tab_to(page, "保存并下一步", tag="button")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert re.search(r"/step/2/$", page.url)

        # Step 2: each file chooser opened with Space.
        for material in ("居民身份证申领登记表", "近期免冠照片"):
            tab_to(page, f"选择文件：{material}", tag="input")
            with page.expect_file_chooser() as chooser:
                page.keyboard.press("Space")
            chooser.value.set_files(str(scan))
        tab_to(page, "保存并下一步", tag="button")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert re.search(r"/step/3/$", page.url)

        # Step 3: tick the declaration with Space, submit with Enter.
        tab_to(page, "我已阅读并同意以上申请承诺", tag="input")
        page.keyboard.press("Space")
        tab_to(page, "提交申请", tag="button")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "/receipt/" in page.url
        page.screenshot(path=str(RESULTS / f"apply-receipt-{mode}.png"), full_page=True)
        case = Case.objects.get()
        assert case.status == CaseStatus.SUBMITTED and case.applicant_name == "张三"
        assert page.locator("[data-receipt-number]").inner_text() == case.receipt_number
    finally:
        context.close()


@pytest.mark.parametrize("elder", [False, True], ids=["普通", "长辈版"])
def test_book_a_visit_with_the_keyboard(live_server, browser, elder):
    from reservations.models import Booking, BookingStatus
    from tests.reservations import builders as booking_builders

    RESULTS.mkdir(parents=True, exist_ok=True)
    ensure_site_structure()
    item, _, _, _ = booking_builders.setup(code="QR-330521-0001", title="居民身份证申领")
    client = Client()
    client.force_login(booking_builders.citizen())
    context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport={"width": 375 if elder else 1280, "height": 900})
    cookies = [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    if elder:
        cookies.append({"name": "elder_mode", "value": "1", "url": live_server.url})
    context.add_cookies(cookies)
    page = context.new_page()
    try:
        page.goto(live_server.url + item.url)
        tab_to(page, "预约办理")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        tab_to(page, "余")  # the first day with free places
        with page.expect_navigation():
            page.keyboard.press("Enter")
        tab_to(page, "剩余", tag="input")  # the slot radio group: Space picks the focused slot
        page.keyboard.press("Space")
        tab_to(page, "下一步：核对预约信息", tag="button")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        tab_to(page, "确认预约", tag="button")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        booking = Booking.objects.get()
        assert booking.status == BookingStatus.BOOKED and booking.code in page.content()
        page.screenshot(path=str(RESULTS / f"booking-{'elder' if elder else 'normal'}.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("elder", [False, True], ids=["普通", "长辈版"])
def test_write_a_letter_with_the_keyboard(live_server, browser, catalogue, sms_outbox, elder):
    from letters.models import Letter

    RESULTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport={"width": 375 if elder else 1280, "height": 900})
    if elder:
        context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        tab_to(page, "互动交流")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        tab_to(page, "我要写信")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        # The 信件类型 radio group: Tab enters it once, the arrow keys move within it.
        tab_to(page, "投诉", tag="input")
        for _ in range(5):
            if "咨询" in focused(page)["text"]:
                break
            page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.checked") and "咨询" in focused(page)["text"]
        for label, text in (("标题", "补领身份证要带什么"), ("内容", "请问补领居民身份证需要带哪些材料？"),
                            ("姓名", "张三"), ("手机号码", "13812341234")):
            tab_to(page, label, tag="textarea" if label == "内容" else "input")
            page.keyboard.type(text)
        tab_to(page, "获取验证码", tag="button")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        code = re.search(r"(\d{6})", sms_outbox[-1].text).group(1)
        tab_to(page, "验证码", tag="input")
        page.keyboard.type(code)
        tab_to(page, "提交信件", tag="button")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        letter = Letter.objects.get()
        assert letter.subject == "补领身份证要带什么" and letter.phone_verified
        assert letter.tracking_number in page.content()
        page.screenshot(path=str(RESULTS / f"letter-{'elder' if elder else 'normal'}.png"), full_page=True)
    finally:
        context.close()
