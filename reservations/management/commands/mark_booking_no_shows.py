from django.core.management.base import BaseCommand

from reservations.reminders import mark_no_shows


class Command(BaseCommand):
    help = "将超过签到时间仍未签到的预约记为爽约，并按失信规则警告或暂停预约（可每半小时运行）。"

    def handle(self, *args, **options):
        self.stdout.write(f"记为爽约的预约 {mark_no_shows()} 个。")
