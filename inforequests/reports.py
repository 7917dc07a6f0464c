"""Drafting the annual report page from the statistics (used by draft_annual_report)."""

from django.db import transaction
from wagtail.rich_text import RichText

from disclosure.models import AnnualReportPage, ColumnKind, DisclosureColumnPage

from .statistics import annual_statistics


def _intro(year, stats):
    requests = stats["requests"]
    return (
        f"<p>本报告根据《中华人民共和国政府信息公开条例》编制，统计期限为 {year} 年 1 月 1 日至 12 月 31 日。</p>"
        f"<p>{year} 年本中心新收政府信息公开申请 {requests['received']['total']} 件，上年结转 "
        f"{requests['carried_in']['total']} 件，本年办结 {requests['answered_total']['total']} 件，"
        f"结转下年度继续办理 {requests['carried_out']['total']} 件。</p>"
    )


@transaction.atomic
def draft_annual_report(year):
    """(page, created): the year's report page with fresh figures saved as a draft revision."""
    column = DisclosureColumnPage.objects.filter(column_kind=ColumnKind.ANNUAL_REPORTS).first()
    if column is None:
        raise LookupError("没有“政府信息公开工作年度报告”栏目，请先运行 setup_portal。")
    stats = annual_statistics(year)
    page = AnnualReportPage.objects.filter(year=year).first()
    created = page is None
    if created:
        page = AnnualReportPage(title=f"示范县政务服务中心 {year} 年政府信息公开工作年度报告", slug=f"report-{year}",
                                year=year, live=False, body=[("paragraph", RichText(_intro(year, stats)))])
        column.add_child(instance=page)
    else:
        page = page.get_latest_revision_as_object()
    page.request_statistics = stats
    page.save_revision()
    # The figures are also stored on the row so the admin preview and the published page agree.
    AnnualReportPage.objects.filter(pk=page.pk).update(request_statistics=stats)
    return page, created
