"""The annual report's request tables against hand-computed figures, and the drafting command."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from disclosure.models import AnnualReportPage
from inforequests.choices import ReviewKind, ReviewResult
from inforequests.models import InfoRequestReview
from inforequests.statistics import annual_statistics
from tests.disclosure.builders import section

from .builders import act, filed

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2025(handler):
    """A: received 2024-12-20 (person), answered 2025-01-08 予以公开        → carried in, answered
    B: 2025-03-03 business, 不予公开/国家秘密 on 2025-03-10             → received, answered
    C: 2025-05-05 person, 部分公开 on 2025-05-20                         → received, answered
    D: 2025-12-22 research, 无法提供/不掌握 on 2026-01-05                → received, carried out
    E: 2025-07-01 legal, 不予处理/重复申请 on 2025-07-03                 → received, answered
    F: 2025-08-01 charity, still in 补正                                 → received, carried out
    G: 2026-01-05 person (next year), H: 2024-06-03 other_org answered 2024-06-20 → not counted
    """
    a = filed(date(2024, 12, 20), requester_type="person")
    act(a, date(2025, 1, 8), handler, "reply", kind="disclose")
    b = filed(date(2025, 3, 3), requester_type="business", contact_person="李")
    act(b, date(2025, 3, 10), handler, "reply", kind="withhold", reason="state_secret")
    c = filed(date(2025, 5, 5), requester_type="person")
    act(c, date(2025, 5, 20), handler, "reply", kind="partial", content="个人信息不予公开。")
    d = filed(date(2025, 12, 22), requester_type="research", contact_person="李")
    act(d, date(2026, 1, 5), handler, "reply", kind="unavailable", reason="not_held")
    e = filed(date(2025, 7, 1), requester_type="legal", contact_person="李")
    act(e, date(2025, 7, 3), handler, "reply", kind="not_processed", reason="repeat")
    f = filed(date(2025, 8, 1), requester_type="charity", contact_person="李")
    act(f, date(2025, 8, 4), handler, "request_correction", items="请补正")
    filed(date(2026, 1, 5), requester_type="person")
    h = filed(date(2024, 6, 3), requester_type="other_org", contact_person="李")
    act(h, date(2024, 6, 20), handler, "reply", kind="disclose")
    InfoRequestReview.objects.create(kind=ReviewKind.REVIEW, filed_on=date(2025, 4, 1), result=ReviewResult.UPHELD)
    InfoRequestReview.objects.create(kind=ReviewKind.LAWSUIT, filed_on=date(2025, 9, 1), result=ReviewResult.PENDING)
    InfoRequestReview.objects.create(kind=ReviewKind.REVIEW, filed_on=date(2024, 4, 1), result=ReviewResult.CORRECTED)


def row(counts, **expected):
    full = {"person": 0, "business": 0, "research": 0, "charity": 0, "legal": 0, "other_org": 0}
    full.update(expected)
    full["total"] = sum(expected.values())
    return counts == full


def test_request_table(year_2025):
    table = annual_statistics(2025)["requests"]
    assert row(table["received"], person=1, business=1, research=1, legal=1, charity=1)
    assert row(table["carried_in"], person=1)
    assert row(table["answered_total"], person=2, business=1, legal=1)
    assert row(table["carried_out"], research=1, charity=1)
    results = {r["kind"]: r for r in table["results"]}
    assert row(results["disclose"]["counts"], person=1)
    assert row(results["partial"]["counts"], person=1)
    assert row(results["withhold"]["counts"], business=1)
    reasons = {r["code"]: r["counts"] for r in results["withhold"]["reasons"]}
    assert row(reasons["state_secret"], business=1) and row(reasons["third_party"])
    assert row(results["unavailable"]["counts"])  # D is answered in 2026
    assert row(results["not_processed"]["counts"], legal=1)
    assert row({r["code"]: r["counts"] for r in results["not_processed"]["reasons"]}["repeat"], legal=1)
    # Balance: carried in + received = answered + carried out.
    assert table["carried_in"]["total"] + table["received"]["total"] == \
        table["answered_total"]["total"] + table["carried_out"]["total"]


def test_review_table(year_2025):
    rows = {r["kind"]: r["counts"] for r in annual_statistics(2025)["reviews"]["rows"]}
    assert rows["review"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}
    assert rows["lawsuit"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    assert rows["lawsuit_after_review"]["total"] == 0


def test_next_year_starts_from_this_years_carry_over(year_2025):
    table = annual_statistics(2026)["requests"]
    assert row(table["carried_in"], research=1, charity=1)
    assert row(table["received"], person=1)


def test_draft_annual_report_command(year_2025, client):
    section()
    out = StringIO()
    call_command("draft_annual_report", "--year", "2025", stdout=out)
    assert "本年新收 5 件，上年结转 1 件，结转下年 2 件" in out.getvalue()
    page = AnnualReportPage.objects.get(year=2025)
    assert not page.live  # a draft: it goes through the two-stage review
    assert page.request_statistics["requests"]["received"]["total"] == 5
    call_command("draft_annual_report", "--year", "2025", stdout=StringIO())  # re-run refreshes, no duplicate
    assert AnnualReportPage.objects.count() == 1
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "收到和处理政府信息公开申请情况" in html and "属于国家秘密" in html and "结转下年度继续办理" in html
