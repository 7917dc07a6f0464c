import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django's async-safety guard would
# otherwise refuse the ORM calls that live_server tests make around it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def sms_outbox():
    """Process-wide state that a test's rolled-back transaction does not undo: the SMS outbox
    (like mail.outbox), the in-memory working-day calendar and the cache."""
    from django.core.cache import cache

    from citizens import sms
    from workdays.calendar import clear_cache

    sms.outbox.clear()
    clear_cache()
    cache.clear()
    yield sms.outbox
    sms.outbox.clear()
    clear_cache()


@pytest.fixture
def structure(db):
    from portal.site_structure import ensure_site_structure

    return ensure_site_structure()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright's own download is unavailable here)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium 未安装：请运行 scripts/test.sh（它会安装 chromium 和 fonts-noto-cjk）。")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # bypass_csp: Playwright injects its own helpers and axe-core as inline script, which the
    # site's strict CSP would block; the CSP itself is tested in tests/security.
    context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
