"""Search in a real browser (Debian's Chromium): type in the header search box, pick an
autocomplete suggestion with the keyboard only, then filter results by a facet.
Screenshots go to /tmp for a human to look at."""

import os
import tempfile
from pathlib import Path

import pytest

from portal.site_structure import ensure_site_structure
from tests import factories

# Transactional so the live server thread sees the data.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", tempfile.gettempdir()))


@pytest.fixture
def search_catalogue():
    """The tree, the seeded synonyms (a flush by an earlier transactional test removes
    migration data) and three items."""
    from search.analysis import seed_synonym_groups
    from search.backends.embedded import EmbeddedBackend
    from search.models import Synonym

    ensure_site_structure()
    for group in seed_synonym_groups():
        Synonym.objects.get_or_create(terms="，".join(group))
    EmbeddedBackend.reset()
    police = factories.department("县公安局", "gaj")
    market = factories.department("县市场监督管理局", "scjgj")
    factories.service_item("居民身份证首次申领", "QR-330521-0001", dept=police, is_online=False)
    factories.service_item("居民身份证补领", "QR-330521-0003", dept=police, is_online=True,
                           conditions="居民身份证丢失或损坏的。")
    factories.service_item("个体工商户设立登记", "XK-330521-0007", dept=market,
                           materials=(("居民身份证", True, ""),), result_name="营业执照", is_online=False)
    yield
    EmbeddedBackend.reset()


def test_autocomplete_by_keyboard_then_facet(live_server, page, search_catalogue):
    page.goto(f"{live_server.url}/search/")
    box = page.locator("#site-search-q")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    listbox_id = box.get_attribute("aria-controls")

    box.focus()
    page.keyboard.type("jmsfz", delay=60)
    page.wait_for_selector(f"#{listbox_id} [role=option]")
    assert box.get_attribute("aria-expanded") == "true"
    options = page.locator(f"#{listbox_id} [role=option]")
    assert options.count() == 2
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    active_id = box.get_attribute("aria-activedescendant")
    active = page.locator(f"#{active_id}")
    assert active.get_attribute("aria-selected") == "true"
    chosen = active.inner_text()
    page.screenshot(path=str(SCREENSHOT_DIR / "search_autocomplete.png"))
    # Escape closes the list without leaving the box; ArrowDown opens it again.
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")
    page.wait_for_function("document.getElementById('site-search-q').getAttribute('aria-expanded') === 'true'")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/guide/" in page.url
    assert page.locator("h1").first.inner_text().strip() in chosen

    # A full search, then a facet, all by keyboard.
    page.goto(f"{live_server.url}/search/")
    page_box = page.locator("#search-page-q")
    page_box.focus()
    page.keyboard.type("身份证")
    page.wait_for_selector(f"#{page_box.get_attribute('aria-controls')} [role=option]")
    page.keyboard.press("Escape")  # close the suggestions: Enter then submits the form
    assert page_box.input_value() == "身份证"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "找到 3 条" in page.locator(".search__count").inner_text()
    facet = page.locator('a[data-facet="online"][data-value="yes"]')
    assert "（1" in facet.inner_text()
    facet.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "online=yes" in page.url
    assert "找到 1 条" in page.locator(".search__count").inner_text()
    assert page.locator(".result__title").inner_text() == "居民身份证补领"
    assert page.locator('a[data-facet="online"][aria-current="true"]').count() == 1
    page.screenshot(path=str(SCREENSHOT_DIR / "search_results.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOT_DIR / "search_results_phone.png"), full_page=True)
