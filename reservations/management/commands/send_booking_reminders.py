from django.core.management.base import BaseCommand

from reservations.reminders import send_reminders


class Command(BaseCommand):
    help = "向明天有预约的申请人发送提醒短信（每个预约只发一次，可每天定时运行）。"

    def handle(self, *args, **options):
        self.stdout.write(f"已发送预约提醒短信 {send_reminders()} 条。")
