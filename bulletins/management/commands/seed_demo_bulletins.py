"""Demo: draft the last N complete months' bulletins from the seeded activity and publish them
(the latest included), so that the overview shows a real 12-month trend."""

from django.core.management.base import BaseCommand
from django.db import transaction

from bulletins.drafting import BulletinError, draft_bulletin
from bulletins.metrics.periods import Month
from bulletins.models import BulletinPage

DEMO_NARRATIVE = {
    "summary": "本月各进驻部门办件总体平稳，按时办结率保持较高水平。",
    "commendations": "<p>对按时办结率、提前办结率均居前列的部门和窗口提出表扬。</p>",
    "problems": "<p>个别承诺件超期办结，少数办件暂停计时时间较长。</p>",
    "measures": "<p>督查股对超期件逐件督办；暂停计时超过事由最长期限的，由督查人员审核后方可恢复计时。</p>",
}


class Command(BaseCommand):
    help = "演示数据：根据演示办件生成最近 N 个完整月份的运行情况通报并发布（含最近一期；可重复运行，已发布的不变）。"

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=12)

    def handle(self, *args, months, **options):
        last = Month.current().previous()
        for n in reversed(range(months)):
            month = last.minus(n)
            try:
                draft_bulletin(month)
            except BulletinError as exc:  # a published month stays as it was
                self.stdout.write(f"{month.label}：{exc}")
        for page in BulletinPage.objects.filter(month__gte=last.minus(months - 1).first_day, first_published_at=None):
            self._publish(page)
        self.stdout.write(self.style.SUCCESS(f"演示通报就绪：最近 {months} 个月均已发布。"))

    @transaction.atomic
    def _publish(self, page):
        draft = page.get_latest_revision_as_object()
        for field, value in DEMO_NARRATIVE.items():
            setattr(draft, field, value)
        draft.save_revision().publish()
