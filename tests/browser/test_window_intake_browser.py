"""Window staff register a walk-in 即办件 in a real browser, at desk width and on a phone:
find the item, fill the applicant, tick the materials, close on the spot, print the receipt."""

import re

import pytest
from django.contrib.auth.models import User

from casework.models import Case, CaseStatus, Channel
from tests import factories
from tests.online_apply import builders as b
from tests.online_apply import citizen_factories

private_root = citizen_factories.private_root
SHOTS = "/tmp"  # noqa: S108 - screenshots to look at after the run
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width,height", [(1280, 900), (375, 812)])
def test_window_intake_in_a_browser(live_server, browser, client, private_root, width, height):
    dept = factories.department("县公安局", "gaj")
    factories.service_item(
        title="户籍证明开具", code="QT-330521-0042", dept=dept,
        materials=(("居民身份证", True, ""), ("户口簿", True, ""), ("委托书", False, "委托他人办理的提供")),
    )
    b.staff("window_gaj", dept)
    clerk = User.objects.get(username="window_gaj")
    clerk.first_name = "王窗口"
    clerk.save()
    client.force_login(clerk)
    context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport={"width": width, "height": height})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(live_server.url + "/admin/cases/intake/")
        page.get_by_label("事项名称或编码").fill("户籍证明")
        page.get_by_role("button", name="查找").click()
        page.get_by_role("link", name="户籍证明开具").click()
        page.wait_for_url(re.compile(r"/admin/cases/intake/item/\d+/$"))

        page.get_by_label("申请人（经办人）姓名").fill("李四")
        page.get_by_label("居民身份证号码").fill(citizen_factories.ID_LI)
        page.get_by_label("联系电话").fill("13900001111")
        page.get_by_label(re.compile("居民身份证（必须")).check()
        page.get_by_label(re.compile("户口簿（必须")).check()
        # The result field appears only when 当场办结 is chosen (static JS, no inline script).
        assert not page.get_by_label("办理结果（当场办结时填写）").is_visible()
        page.get_by_label("收件、受理并当场办结（即办件）").check()
        page.get_by_label("办理结果（当场办结时填写）").fill("已开具户籍证明")
        page.screenshot(path=f"{SHOTS}/intake_form_{width}.png", full_page=True)
        page.get_by_role("button", name="登记并打印收件回执").click()

        page.wait_for_url(re.compile(r"/admin/cases/\d+/receipt/$"))
        number = page.locator("[data-receipt-number]").inner_text()
        assert page.get_by_role("heading", name="收件回执").is_visible()
        assert page.locator(".receipt__qr svg").count() == 1
        page.screenshot(path=f"{SHOTS}/intake_receipt_{width}.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        assert not overflow, "收件回执在窄屏上出现横向滚动"
        # On paper: the receipt without the page's buttons or Wagtail's userbar.
        page.emulate_media(media="print")
        assert not page.locator("wagtail-userbar").is_visible()
        assert not page.get_by_role("link", name="继续收件").is_visible()
        assert page.locator(".receipt__qr svg").is_visible()
    finally:
        context.close()
    case = Case.objects.get()
    assert case.receipt_number == number and case.channel == Channel.WINDOW
    assert case.status == CaseStatus.CLOSED and case.result == "已开具户籍证明"
    assert case.receipt_snapshot["materials"] == [{"name": "居民身份证", "files": []}, {"name": "户口簿", "files": []}]
