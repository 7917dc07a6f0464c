"""Mail the responsible department about rectifications due soon, and the supervisors about
overdue ones (docs/domain.md "## 好差评"). Safe to run several times a day."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from casework import access
from casework.models import StaffAssignment
from citizens.messaging import send_logged_once
from ratings import services
from ratings.models import RatingReminder, Rectification


class Command(BaseCommand):
    help = "向责任部门发送差评整改临近期限提醒，向督查人员发送超期提醒（每天每条每人一次）。"

    def handle(self, *args, **options):
        today = timezone.localdate()
        lists = services.open_due_overdue(Rectification.objects.select_related("department"), today)
        sent = 0
        for rect in lists["due"]:
            context = {"department": rect.department.name, "due_date": f"{rect.due_date:%Y-%m-%d}", "overdue": False}
            ids = StaffAssignment.objects.filter(department_id=rect.department_id).values_list("user_id", flat=True)
            staff = get_user_model().objects.filter(pk__in=ids, is_active=True).exclude(email="")
            for email in staff.values_list("email", flat=True):
                sent += send_logged_once(RatingReminder, "rectification_reminder", context, email=email,
                                         rectification=rect, kind="due_soon", recipient=email, sent_on=today)
        supervisors = list(access.supervisors().exclude(email="").values_list("email", flat=True))
        for rect in lists["overdue"]:
            context = {"department": rect.department.name, "due_date": f"{rect.due_date:%Y-%m-%d}", "overdue": True}
            for email in supervisors:
                sent += send_logged_once(RatingReminder, "rectification_reminder", context, email=email,
                                         rectification=rect, kind="overdue", recipient=email, sent_on=today)
        self.stdout.write(f"临近期限 {lists['due'].count()} 条，已超期 {lists['overdue'].count()} 条，发送提醒 {sent} 条。")
