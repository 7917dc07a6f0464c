"""The published bulletin in a real browser: 1280 px, 375 px and 长辈版, and its downloads."""

import csv
import io

import pytest

from bulletins.drafting import draft_bulletin
from bulletins.metrics.periods import Month
from tests.bulletins import builders

SHOTS = "/tmp"  # noqa: S108 - screenshots to look at after the run
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bulletin(structure):
    fx = builders.november_2025()
    builders.november_2025_feedback(fx)
    builders.november_2025_visits(fx)
    page, _ = draft_bulletin(Month(2025, 11))
    draft = page.get_latest_revision_as_object()
    draft.problems = "<p>县民政局有 1 件承诺件超期办结。</p>"
    draft.save_revision().publish()
    return page


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_bulletin_page_and_downloads(live_server, page, bulletin):
    page.goto(live_server.url + bulletin.url)
    assert page.get_by_role("heading", level=1).inner_text() == "2025年11月政务服务运行情况通报"
    headline = page.locator(".headline-card", has_text="按时办结率")
    assert "75.0%" in headline.inner_text()
    charts = page.get_by_role("img", name="2025年11月各部门按时办结率")
    assert charts.count() == 1
    empty_row = page.locator("table.bulletin-table tr", has_text="县档案馆").first
    assert "—" in empty_row.inner_text()
    assert page.get_by_text("县民政局有 1 件承诺件超期办结").count() == 1
    by_department = page.locator("table.bulletin-table", has_text="平均等候时长").first
    cells = by_department.locator("tr", has_text="县公安局").first.locator("td, th").all_inner_texts()
    assert "10.0" in cells  # 平均等候时长 (预约取号) beside the case figures
    page.screenshot(path=f"{SHOTS}/bulletin_1280.png", full_page=True)

    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    rows = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))
    keys = rows[0]
    total = next(r for r in rows if r[0] == "全中心" and r[3] == "本月")
    assert total[keys.index("on_time_rate")] == "75.0" and total[keys.index("closed")] == "6"
    assert (total[keys.index("bookings")], total[keys.index("no_show_rate")], total[keys.index("avg_wait_minutes")]) == ("4", "33.3", "7.3")
    with page.expect_download() as info:
        page.get_by_role("link", name="XLSX").click()
    assert info.value.suggested_filename == "bulletin-2025-11.xlsx"

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + bulletin.url)
    assert no_horizontal_scroll(page)  # wide tables scroll inside their own region
    page.screenshot(path=f"{SHOTS}/bulletin_375.png", full_page=True)

    page.context.add_cookies([{"name": "elder_mode", "value": "1", "url": live_server.url}])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + bulletin.url)
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.headline-card__compare')).fontSize)")
    assert size >= 24  # 长辈版: ≥ 18 pt
    page.screenshot(path=f"{SHOTS}/bulletin_elder.png", full_page=True)


def test_overview_with_trend_chart(live_server, page, bulletin):
    page.goto(live_server.url + bulletin.get_parent().url)
    assert page.get_by_role("img", name="近12个月办结量").count() == 1
    page.get_by_role("link", name="2025年11月政务服务运行情况通报").first.click()
    page.wait_for_url(f"**{bulletin.url}")
    page.goto(live_server.url + "/api/bulletins/2025-10.json")
    assert "尚未发布" in page.content()
