"""manage.py draft_bulletin YYYY-MM | --scheduled"""

from django.core.management.base import BaseCommand, CommandError

from bulletins.drafting import BulletinError, draft_bulletin, scheduled_month
from bulletins.metrics.periods import Month


class Command(BaseCommand):
    help = "生成（或刷新未发布的）某月运行情况通报草稿；--scheduled 仅在每月第一个工作日生成上月通报。"

    def add_arguments(self, parser):
        parser.add_argument("month", nargs="?", help="通报月份，格式 YYYY-MM")
        parser.add_argument("--scheduled", action="store_true", help="供每日定时任务调用：仅在本月第一个工作日生成上月通报")

    def handle(self, *args, month=None, scheduled=False, **options):
        if scheduled:
            target = scheduled_month()
            if target is None:
                self.stdout.write("今天不是本月第一个工作日，无需生成通报。")
                return
        elif month:
            try:
                target = Month.parse(month)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
        else:
            raise CommandError("请指定通报月份（YYYY-MM），或使用 --scheduled。")
        try:
            page, created = draft_bulletin(target)
        except BulletinError as exc:
            raise CommandError(str(exc)) from None
        verb = "已生成" if created else "已刷新"
        self.stdout.write(self.style.SUCCESS(f"{verb}{target.label}通报草稿：{page.title}（后台编辑后提交两级审核发布）"))
