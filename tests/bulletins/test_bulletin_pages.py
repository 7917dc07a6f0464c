"""draft_bulletin, the frozen snapshot, the page and its CSV/XLSX/JSON downloads and the API."""

import csv
import io
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from bulletins.drafting import BulletinError, draft_bulletin, scheduled_month
from bulletins.metrics.periods import Month
from bulletins.models import BulletinPage
from portal.workflow_setup import WORKFLOW_NAME, ensure_groups_and_workflow

from . import builders

pytestmark = pytest.mark.django_db
NOV = Month(2025, 11)


@pytest.fixture
def fixture(structure):
    ensure_groups_and_workflow(structure.home)
    fx = builders.november_2025()
    builders.november_2025_feedback(fx)
    return fx


def publish(page, **narrative):
    draft = page.get_latest_revision_as_object()
    for field, value in narrative.items():
        setattr(draft, field, value)
    draft.save_revision().publish()
    return BulletinPage.objects.get(pk=page.pk)


def test_command_drafts_under_the_index_with_the_two_stage_workflow(fixture, client):
    call_command("draft_bulletin", "2025-11")
    page = BulletinPage.objects.get(month=date(2025, 11, 1))
    assert not page.live and page.title == "2025年11月政务服务运行情况通报"
    assert page.figures["total"]["current"]["closed"] == 6
    assert page.get_parent().specific.slug == "bulletins"
    assert page.get_workflow().name == WORKFLOW_NAME
    response = client.get("/api/bulletins/2025-11.json")
    assert response.status_code == 404 and response.json()["message"] == "2025年11月的运行情况通报尚未发布。"


def test_bad_month_and_running_month_are_refused(fixture):
    with pytest.raises(CommandError, match="月份格式应为 YYYY-MM"):
        call_command("draft_bulletin", "2025-13")
    with pytest.raises(BulletinError, match="尚未结束"):
        draft_bulletin(NOV, today=date(2025, 11, 30))


def test_redrafting_an_unpublished_month_refreshes_figures_and_keeps_the_narrative(fixture):
    page, created = draft_bulletin(NOV)
    draft = page.get_latest_revision_as_object()
    draft.problems = "<p>个别承诺件超期。</p>"
    draft.save_revision()
    builders.case(fixture["items"][0], submitted=date(2025, 11, 10), accepted=date(2025, 11, 10), closed=date(2025, 11, 10))
    page, created = draft_bulletin(NOV)
    assert not created and page.figures["total"]["current"]["closed"] == 7
    latest = page.get_latest_revision_as_object()
    assert latest.figures["total"]["current"]["closed"] == 7 and "个别承诺件超期" in latest.problems


def test_a_published_bulletin_never_changes(fixture, client):
    page, _ = draft_bulletin(NOV)
    page = publish(page)
    frozen = page.figures
    builders.case(fixture["items"][0], submitted=date(2025, 11, 10), accepted=date(2025, 11, 10), closed=date(2025, 11, 10))
    with pytest.raises(CommandError, match="已经发布"):
        call_command("draft_bulletin", "2025-11")
    page.refresh_from_db()
    assert page.figures == frozen and page.figures["total"]["current"]["closed"] == 6
    page.figures = {**frozen, "total": {}}
    with pytest.raises(ValidationError):
        page.save()
    # Publishing again (e.g. after a narrative edit) keeps the same figures.
    page = publish(BulletinPage.objects.get(pk=page.pk), measures="<p>加强督办。</p>")
    assert page.figures == frozen
    assert client.get("/api/bulletins/2025-11.json").json()["closed"] == 6


def test_scheduled_run_only_on_the_first_working_day():
    # October 2025: 1–8 October are the National Day holidays, so the 9th is the first working day.
    assert scheduled_month(date(2025, 10, 9)) == Month(2025, 9)
    assert scheduled_month(date(2025, 10, 10)) is None
    assert scheduled_month(date(2025, 12, 1)) == Month(2025, 11)


class TableParser(HTMLParser):
    """Collects each <table>'s caption and rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._row, self._caption = [], None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._caption = ""
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self.tables[-1]["caption"], self._caption = self._caption, None
        elif tag in ("td", "th") and self._row is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr":
            self.tables[-1]["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        elif self._caption is not None:
            self._caption += data


def number(text):
    """The page's "75.0%", "1,234", "4.5", "—" as a value."""
    text = re.sub(r"[%,]", "", text)
    if text == "—":
        return None
    return float(text) if "." in text else int(text)


def page_department_table(html):
    parser = TableParser()
    parser.feed(html)
    table = next(t for t in parser.tables if t["caption"].startswith("各部门本月指标"))
    header, *rows = table["rows"]
    labels = [re.sub(r"（.*?）", "", h) for h in header[1:]]
    return {row[0]: dict(zip(labels, (number(c) for c in row[1:]), strict=True)) for row in rows}


def test_downloads_and_api_agree_with_the_page(fixture, client):
    page, _ = draft_bulletin(NOV)
    page = publish(page)
    html = client.get(page.url).content.decode()
    shown = page_department_table(html)
    assert shown["县档案馆"]["按时办结率"] is None and shown["县档案馆"]["办结量"] == 0  # shown as —
    assert shown["县公安局"]["按时办结率"] == 100.0 and shown["县民政局"]["满意率"] == 0.0

    response = client.get("/api/bulletins/2025-11.csv")
    assert response["Content-Disposition"] == 'attachment; filename="bulletin-2025-11.csv"'
    keys, labels, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_label = dict(zip(labels, keys, strict=True))
    book = load_workbook(io.BytesIO(client.get("/api/bulletins/2025-11.xlsx").content))
    sheet_rows = list(book["通报数据"].iter_rows(values_only=True))
    payload = client.get("/api/bulletins/2025-11.json").json()
    api = client.get("/api/bulletins/2025-11.json").json()
    assert payload == api
    for name, figures in shown.items():
        csv_row = next(r for r in rows if r[0] == "部门" and r[2] == name and r[3] == "本月")
        xlsx_row = next(r for r in sheet_rows if r[0] == "部门" and r[2] == name and r[3] == "本月")
        json_row = next(d for d in api["departments"] if d["name"] == name)
        for label, value in figures.items():
            key = by_label[label]
            column = keys.index(key)
            assert (number(csv_row[column]) if csv_row[column] != "" else None) == value, (name, label)
            assert xlsx_row[column] == value, (name, label)
            assert json_row[key] == value, (name, label)


def test_api_keys_at_top_level_and_per_department(fixture, client):
    publish(draft_bulletin(NOV)[0])
    data = client.get("/api/bulletins/2025-11.json").json()
    required = ["submitted", "accepted", "closed", "rejected", "immediate_closed", "immediate_rate", "promised_closed",
                "on_time_rate", "early_rate", "overdue", "stopped_cases", "stopped_days", "online_rate", "ratings",
                "satisfaction_rate", "bad_ratings", "complaints_received", "complaints_answered_on_time",
                "bookings", "no_show_rate", "tickets", "avg_wait_minutes"]
    for key in required:
        assert key in data and key in data["departments"][0], key
    assert (data["closed"], data["on_time_rate"], data["satisfaction_rate"]) == (6, 75.0, 50.0)
    assert data["previous_month"]["month"] == "2025-10" and data["same_month_last_year"]["closed"] == 1
    assert data["definitions"]["on_time_rate"]["label"] == "按时办结率"
    # Every planned source is recorded now (预约取号 included): nothing is listed as missing.
    assert data["missing_metrics"] == [] and data["bookings"] == 0 and data["avg_wait_minutes"] is None
    missing = client.get("/api/bulletins/2024-02.json")
    assert missing.status_code == 404 and "尚未发布" in missing.json()["message"]
    assert client.get("/api/bulletins/2025-11.pdf").status_code == 404


def test_overview_archive_and_open_data_pages(fixture, client):
    page = publish(draft_bulletin(NOV)[0])
    index = page.get_parent().specific
    overview = client.get(index.url).content.decode()
    assert "近 12 个月趋势" in overview and 'role="img"' in overview and page.url in overview
    archive = client.get(f"{index.url}2025/")
    assert archive.status_code == 200 and page.title in archive.content.decode()
    assert client.get(f"{index.url}2019/").status_code == 404
    notes = client.get(f"{index.url}open-data/").content.decode()
    assert "on_time_rate" in notes and "<code>avg_wait_minutes</code></th><td>平均等候时长" in notes
    assert "无：全部指标均已发布。" in notes


def test_editors_edit_the_narrative_in_the_admin_but_cannot_create_bulletins_by_hand(fixture, client):
    from django.contrib.auth.models import User

    page, _ = draft_bulletin(NOV)
    client.force_login(User.objects.create_superuser("admin", "admin@example.gov.cn", "x-Strong-pass-1"))
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code == 200
    html = edit.content.decode()
    assert "整改措施" in html and "统计数据由系统按月自动生成" in html and 'name="figures"' not in html
    assert not BulletinPage.is_creatable
