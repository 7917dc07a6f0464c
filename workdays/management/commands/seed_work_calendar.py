"""manage.py seed_work_calendar [--year Y]: load the official schedule from chinese_calendar.

Run after upgrading the chinesecalendar package (it gains next year's schedule once the
State Council publishes it). Idempotent; rows an administrator edited are never overwritten.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from workdays.models import CalendarDay
from workdays.seeding import package_years, seed


class Command(BaseCommand):
    help = "从 chinese_calendar 数据包导入法定节假日和调休上班日（不覆盖管理员修改过的日期）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="只导入这一年；默认导入数据包包含的所有年份。")

    def handle(self, *args, year=None, **options):
        years = package_years()
        if year is not None and year not in years:
            raise CommandError(
                f"chinese_calendar 数据包没有 {year} 年的安排（已有 {years[0]}–{years[-1]} 年）。"
                "请升级 chinesecalendar 包，或在管理后台“工作日历”中手工录入。"
            )
        with transaction.atomic():
            created, updated, kept = seed(CalendarDay, year)
        self.stdout.write(f"新增 {created} 天，更新 {updated} 天，保留管理员修改 {kept} 天。")
