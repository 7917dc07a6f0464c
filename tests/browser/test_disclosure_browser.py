"""Reading the 政府信息公开目录 in a real browser at 1280 px, at 375 px and in 长辈版.
Screenshots go to /tmp/disclosure_*.png for a human to look at."""

import datetime

import pytest

from tests.disclosure.builders import document, section

SHOTS = "/tmp"  # noqa: S108 - screenshots to look at after the run
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(db):
    _, columns = section()
    catalog = columns["catalog"]
    document("关于调整政务服务大厅办公时间的公告", "11330421MB0000000X/2026-00001", catalog=catalog, form="announcement",
             publication_date=datetime.date(2026, 3, 5), document_number="示政服告〔2026〕2号")
    document("示范县市场主体登记便利化若干措施", "11330421MB0000000X/2025-00012", catalog=catalog, topic="market",
             form="measures", validity="amended", written=datetime.date(2025, 5, 6),
             publication_date=datetime.date(2025, 5, 9), body="企业开办全程网办，营业执照当日领取。")
    document("关于政务服务收费项目的规定", "11330421MB0000000X/2019-00008", catalog=catalog, topic="general",
             form="regulation", validity="repealed", written=datetime.date(2019, 3, 1),
             publication_date=datetime.date(2019, 3, 8))
    return catalog


def no_horizontal_scroll(page):
    """Nothing in <main> sticks out to the right (the shared site header is checked by its own tests)."""
    return page.evaluate(
        "() => { const w = document.documentElement.clientWidth; return Array.from("
        "document.querySelectorAll('main *')).every(e => e.getBoundingClientRect().right <= w + 1); }"
    )


def test_read_the_catalogue_desktop(live_server, page, catalogue):
    page.goto(live_server.url + "/disclosure/")
    page.get_by_role("link", name="政府信息公开目录").click()
    page.wait_for_url("**/disclosure/catalog/")
    assert "共 3 件" in page.locator("#results-heading").inner_text()
    page.screenshot(path=f"{SHOTS}/disclosure_catalog_1280.png", full_page=True)

    page.get_by_label("关键词").fill("营业执照")
    page.get_by_role("button", name="检索").click()
    page.wait_for_url("**q=**")
    assert page.locator(".doc-card").count() == 1
    assert "已修改" in page.locator(".doc-card").inner_text()
    page.get_by_role("link", name="示范县市场主体登记便利化若干措施").click()
    assert page.locator("h1").inner_text() == "示范县市场主体登记便利化若干措施"
    assert "11330421MB0000000X/2025-00012" in page.locator(".doc-meta").inner_text()
    page.screenshot(path=f"{SHOTS}/disclosure_document_1280.png", full_page=True)

    page.goto(live_server.url + "/disclosure/catalog/?validity=bogus")
    assert "“bogus”不是有效的选项" in page.get_by_role("alert").inner_text()
    assert page.locator(".doc-card").count() == 3


def test_read_the_catalogue_on_a_phone_and_in_elder_mode(live_server, browser, catalogue):
    context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport={"width": 375, "height": 812}, is_mobile=True)
    phone = context.new_page()
    try:
        phone.goto(live_server.url + "/disclosure/catalog/?topic=market")
        assert phone.locator(".doc-card").count() == 1
        assert no_horizontal_scroll(phone)
        phone.screenshot(path=f"{SHOTS}/disclosure_catalog_375.png", full_page=True)
        phone.locator("[data-elder-toggle]").click()
        phone.wait_for_function("document.documentElement.classList.contains('elder-mode')")
        size = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.doc-card__meta')).fontSize)")
        assert size >= 18
        assert no_horizontal_scroll(phone)
        phone.screenshot(path=f"{SHOTS}/disclosure_catalog_375_elder.png", full_page=True)
        phone.goto(live_server.url + "/disclosure/catalog/")
        phone.get_by_role("link", name="关于政务服务收费项目的规定").click()
        assert "已废止" in phone.locator(".doc-meta").inner_text()
        assert no_horizontal_scroll(phone)
        phone.screenshot(path=f"{SHOTS}/disclosure_document_375_elder.png", full_page=True)
    finally:
        context.close()
