"""A citizen books and cancels in a real browser (1,280 px, 375 px, 长辈版); staff call the next
number on the window screen and the public waiting board updates itself without a reload.
Screenshots go to /tmp (or SCREENSHOT_DIR) for a human to look at."""

import os
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from queueing import services as queue
from reservations.models import Booking, BookingStatus
from tests.online_apply import builders as ob
from tests.reservations import builders as b

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", tempfile.gettempdir()))


def shot(page, name):
    page.screenshot(path=str(SCREENSHOT_DIR / f"browser_booking_{name}.png"), full_page=True)


def login(page, client, live_server, user, elder=False):
    client.force_login(user)
    cookies = [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    if elder:
        cookies.append({"name": "elder_mode", "value": "1", "url": live_server.url})
    page.context.add_cookies(cookies)


@pytest.mark.parametrize(("width", "elder"), [(1280, False), (375, False), (1280, True)], ids=["1280", "375", "elder"])
def test_citizen_books_and_cancels(live_server, browser, client, structure, width, elder):
    item, hall, _, _ = b.setup(capacity=5)
    context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport={"width": width, "height": 900})
    page = context.new_page()
    label = f"{width}{'_elder' if elder else ''}"
    login(page, client, live_server, b.citizen(), elder)

    page.goto(live_server.url + item.url)
    page.get_by_role("link", name="预约办理").first.click()
    page.wait_for_url(re.compile(r"/reserve/QR-330521-0001/$"))
    expect(page.get_by_role("heading", name="预约办理：居民身份证申领")).to_be_visible()
    shot(page, f"choose_{label}")
    page.locator("input[name=slot]:not([disabled])").first.check()  # keyboard-reachable radios
    page.get_by_role("button", name="下一步：核对预约信息").click()
    page.wait_for_url(re.compile(r"/confirm/\?"))
    shot(page, f"confirm_{label}")
    page.get_by_role("button", name="确认预约").click()
    page.wait_for_url(re.compile(r"/my/bookings/[A-Z0-9]{10}/$"))
    code = page.locator("[data-booking-code]").inner_text()
    assert page.locator(".receipt__qr svg").count() == 1
    shot(page, f"detail_{label}")

    page.get_by_role("link", name="取消预约").click()
    page.get_by_role("button", name="确认取消预约").click()
    expect(page.locator("[data-booking-status]")).to_have_text("已取消")
    assert Booking.objects.get(code=code).status == BookingStatus.CANCELLED
    context.close()


def test_waiting_board_updates_when_staff_call_next(live_server, browser, client, structure, monkeypatch):
    monkeypatch.setattr("queueing.services.is_open_now", lambda hall, now=None: True)
    item, hall, window, _ = b.setup(capacity=5)
    first = queue.walk_in(hall, item)
    queue.walk_in(hall, item)

    board_context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport={"width": 1280, "height": 800})
    board = board_context.new_page()
    board.goto(f"{live_server.url}/hall/{hall.code}/board/")
    expect(board.locator("[data-waiting]")).to_have_text("2")
    expect(board.locator("[data-announce]")).to_have_attribute("aria-live", "assertive")

    staff_context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport={"width": 1280, "height": 900})
    staff_page = staff_context.new_page()
    login(staff_page, client, live_server, ob.staff("w1", item.department))
    staff_page.goto(f"{live_server.url}/admin/queue/windows/{window.pk}/")
    staff_page.get_by_role("button", name="叫下一位").click()
    expect(staff_page.locator("[data-current-number]")).to_have_text(first.display_number)
    staff_page.screenshot(path=str(SCREENSHOT_DIR / "browser_booking_window_screen.png"), full_page=True)

    # No reload: the board's own polling brings the call and reads it out via aria-live.
    expect(board.locator("[data-calls] .board-number")).to_have_text([first.display_number], timeout=15000)
    expect(board.locator("[data-announce]")).to_have_text(f"请 {first.display_number} 号到 A01 号窗口办理")
    expect(board.locator("[data-waiting]")).to_have_text("1")
    board.screenshot(path=str(SCREENSHOT_DIR / "browser_booking_board.png"), full_page=True)
    board_context.close()
    staff_context.close()
