"""manage.py draft_annual_report [--year N]: draft the 政府信息公开工作年度报告 from the records.

Run in January (the report is published by 31 January): it fills the request tables of the
year's report page from the recorded requests and reviews and saves them as a DRAFT revision,
which then goes through the two-stage review like any page. Re-running refreshes the figures.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from inforequests.reports import draft_annual_report


class Command(BaseCommand):
    help = "根据依申请公开记录起草上一年度政府信息公开工作年度报告（草稿，须经审核后发布；应于 1 月 31 日前公布）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="报告年度，默认上一年")

    def handle(self, *args, year=None, **options):
        year = year or timezone.localdate().year - 1
        if not 2000 <= year <= timezone.localdate().year:
            raise CommandError(f"年度 {year} 无效。")
        try:
            page, created = draft_annual_report(year)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        stats = page.request_statistics["requests"]
        verb = "已新建" if created else "已更新"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} {year} 年度报告草稿“{page.title}”：本年新收 {stats['received']['total']} 件，"
            f"上年结转 {stats['carried_in']['total']} 件，结转下年 {stats['carried_out']['total']} 件。"
            "请在后台提交审核，于 1 月 31 日前发布。"))
