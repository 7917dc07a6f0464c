"""Keyboard-only journey through the public site in a real browser (Debian's Chromium):
skip link → home → catalogue → filter → guide page with its materials table.
Screenshots (desktop and 390×844 phone) go to /tmp for a human to look at."""

import os
import tempfile
from pathlib import Path

import pytest

from portal.site_structure import ensure_site_structure
from tests import factories

# Transactional so the live server thread sees the data. Not serialized_rollback: other
# transactional tests flush without it, which breaks re-loading the serialized content types;
# instead `wagtail_tree` recreates what Wagtail's migrations would have left.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TABS = 120
# Screenshots for a human to look at: /tmp unless SCREENSHOT_DIR says otherwise.
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", tempfile.gettempdir()))


def shot(name):
    return str(SCREENSHOT_DIR / f"browser_{name}.png")


def tab_to(page, selector_text, role_check="a"):
    """Press Tab until the focused element is the one whose text contains selector_text."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement; return [e.tagName.toLowerCase(), "
            "(e.innerText || e.value || '') + ' ' + (e.labels && e.labels[0] ? e.labels[0].innerText : '')]; }"
        )
        if focused[0] == role_check and selector_text in focused[1]:
            return
    raise AssertionError(f"按 Tab {MAX_TABS} 次仍未到达“{selector_text}”")


@pytest.fixture
def catalogue(db):
    ensure_site_structure()
    police = factories.department("县公安局", "gaj")
    market = factories.department("县市场监督管理局", "scj")
    factories.service_item(
        "居民身份证补领", "XK-330521-0001", police, [factories.theme("户籍办理", "huji")],
        materials=(("居民户口簿", True, ""), ("结婚证", False, "已婚的提供"), ("近期免冠照片", True, "")),
        is_online=True, visits=1,
    )
    factories.service_item(
        "户口迁移", "XK-330521-0002", police, is_online=False, visits=2,
        processing_kind="承诺件", promised_limit_days=5, legal_limit_days=20,
    )
    factories.service_item(
        "个体工商户设立登记", "XK-330521-0003", market, [factories.theme("开办企业", "kaiban")],
        is_online=True, visits=0, serves_legal_persons=True,
    )


def test_keyboard_only_journey(live_server, page, catalogue):
    page.goto(live_server.url + "/")

    # 1. The first Tab reaches the skip link, which becomes visible and jumps to <main>.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0, "skip link must be on screen when focused"
    page.screenshot(path=shot("skip_link"))
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.screenshot(path=shot("home_desktop"), full_page=True)

    # 2. Home → catalogue through the link in the hero.
    tab_to(page, "浏览全部办事指南")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/guide/")
    assert "共 3 项事项" in page.locator("#results-heading").inner_text()

    # 3. Filter with the keyboard: arrow keys move within the 可网上办理 radio group.
    tab_to(page, "不限", role_check="input")
    while "可网上办理" not in page.evaluate("document.activeElement.closest('fieldset').innerText"):
        page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "yes"
    tab_to(page, "应用筛选", role_check="button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "online=yes" in page.url
    assert "共 2 项事项" in page.locator("#results-heading").inner_text()
    assert page.locator(".item-card").count() == 2
    page.screenshot(path=shot("catalogue_desktop"), full_page=True)

    # 4. Open a guide page and find its materials table.
    tab_to(page, "居民身份证补领")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "居民身份证补领"
    table = page.locator("table.materials-table")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 3
    assert "已婚的提供" in table.inner_text()
    page.screenshot(path=shot("guide_desktop"), full_page=True)

    # Focus is visible: the focused link draws an outline.
    tab_to(page, "申请材料")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")


def test_phone_layout_has_no_horizontal_scroll(live_server, browser, catalogue):
    context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True)
    phone = context.new_page()
    try:
        for name, path in (("home", "/"), ("catalogue", "/guide/"), ("guide", "/item/XK-330521-0001/")):
            phone.goto(live_server.url + path)
            overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} 在 390px 宽度下出现横向滚动（{overflow}px）"
            phone.screenshot(path=shot(f"{name}_phone"), full_page=True)
        # The materials table turns into stacked cards with their labels.
        assert phone.locator("table.materials-table thead").evaluate("e => e.getBoundingClientRect().height") <= 1
    finally:
        context.close()


def test_elder_mode_toggle_with_javascript(live_server, page, catalogue):
    page.goto(live_server.url + "/guide/")
    before = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    toggle = page.locator("[data-elder-toggle]")
    toggle.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.classList.contains('elder-mode')")
    assert toggle.get_attribute("aria-pressed") == "true"
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    line_height = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight)")
    assert size >= 24 > before  # 18pt = 24px
    assert line_height / size >= 1.5
    page.screenshot(path=shot("catalogue_elder"), full_page=False)
    page.reload()  # the cookie keeps it on across pages
    assert page.evaluate("document.documentElement.classList.contains('elder-mode')")
