"""GB/T 37668 level 2 and 长辈版 on every public page type (tests/browser/public_pages.py), in
Debian's Chromium: axe-core in normal mode and 长辈版, the 长辈版 measurements at 375 px and
1,280 px, and the 375 px phone checks with screenshots kept under test-results/a11y/ (CI
artefacts). Each page is a subtest, so one run reports every page that fails.
"""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.test import Client

from tests.online_apply.builders import use_tmp_private_storage

from . import a11y
from .public_pages import PAGES, build_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULTS = Path(os.environ.get("TEST_RESULTS_DIR", Path(__file__).resolve().parents[2] / "test-results")) / "a11y"


@pytest.fixture
def site(live_server, tmp_path):
    """The demo data, each page's URL, a signed-in citizen's session cookie, the sessions of the
    pages reached through a flow, and the responses of the pages no GET reaches."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    use_tmp_private_storage(tmp_path)
    demo = build_demo()
    client = Client()
    client.force_login(demo.citizen)
    return {
        "url": live_server.url,
        "urls": {p.name: p.resolve(demo) for p in PAGES},
        "session": client.cookies["sessionid"].value,
        "visitors": {p.name: p.visitor(demo).cookies["sessionid"].value for p in PAGES if p.visitor},
        "answers": {(p.name, elder): p.fetch(demo, elder) for p in PAGES if p.answer for elder in (False, True)},
    }


@pytest.fixture(scope="session")
def axe_js():
    return a11y.axe_source()


@contextmanager
def opened(browser, site, public_page, *, width, elder):
    """A fresh browser context on the page: 长辈版 by cookie, signed in when the page needs it."""
    context = browser.new_context(bypass_csp=True, locale="zh-CN", viewport={"width": width, "height": 900})
    cookies = [{"name": "elder_mode", "value": "1", "url": site["url"]}] if elder else []
    if public_page.citizen or public_page.visitor:
        session = site["visitors"][public_page.name] if public_page.visitor else site["session"]
        cookies.append({"name": "sessionid", "value": session, "url": site["url"]})
    context.add_cookies(cookies)
    try:
        page = context.new_page()
        url = site["url"] + site["urls"][public_page.name]
        if public_page.answer:
            answer = site["answers"][public_page.name, elder]
            page.route(url, lambda route: route.fulfill(
                status=answer.status_code, body=answer.content, content_type=answer["Content-Type"]))
        response = page.goto(url)
        assert response.status == public_page.status, f"{public_page.name}：HTTP {response.status}"
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("elder", [False, True], ids=["普通", "长辈版"])
def test_axe_finds_nothing_serious_on_any_page(browser, site, axe_js, subtests, elder):
    for public_page in PAGES:
        with subtests.test(msg=public_page.name), opened(browser, site, public_page, width=1280, elder=elder) as page:
            assert page.evaluate("document.documentElement.classList.contains('elder-mode')") == elder
            violations = a11y.axe_violations(page, axe_js)
            assert not violations, f"{public_page.name}：\n" + "\n".join(violations)


@pytest.mark.parametrize("width", [375, 1280])
def test_elder_mode_measurements_on_every_page(browser, site, subtests, width):
    for public_page in PAGES:
        with subtests.test(msg=public_page.name), opened(browser, site, public_page, width=width, elder=True) as page:
            size, line_height = page.evaluate(
                "[parseFloat(getComputedStyle(document.body).fontSize), parseFloat(getComputedStyle(document.body).lineHeight)]"
            )
            assert size >= a11y.ELDER_TEXT_PX and line_height / size >= a11y.ELDER_LINE_SPACING
            if width == 375:
                page.screenshot(path=str(RESULTS / f"{public_page.name}-375-长辈版.png"), full_page=True)
            assert a11y.sideways_scroll(page) == 0, f"{public_page.name}：长辈版 {width}px 出现横向滚动"
            assert a11y.elder_text_problems(page) == {}, f"{public_page.name}：长辈版文字（字号/行距/对比度）"
            assert a11y.small_targets(page) == [], f"{public_page.name}：点击区域小于 {a11y.ELDER_TARGET_PX}px"


def test_phone_375_on_every_page(browser, site, subtests):
    for public_page in PAGES:
        with subtests.test(msg=public_page.name), opened(browser, site, public_page, width=375, elder=False) as page:
            page.screenshot(path=str(RESULTS / f"{public_page.name}-375.png"), full_page=True)
            assert a11y.sideways_scroll(page) == 0, f"{public_page.name}：375px 出现横向滚动"
            assert a11y.numbers_broken(page) == [], f"{public_page.name}：编号被拆成多行"
            assert a11y.small_targets(page, min_px=24) == [], f"{public_page.name}：点击区域小于 24×24px"
            parts = page.title().split(" - ")
            assert len(parts) == len(set(parts)), f"{public_page.name}：页面标题重复网站名称（{page.title()}）"
