"""Remind each department's window staff of cases due within 2 working days, and supervisors of
overdue ones (docs/domain.md "工作日与期限"). Safe to run several times a day: each reminder goes once a day."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework import access, deadlines
from casework.models import Case, DeadlineReminder, StaffAssignment
from citizens.messaging import send_message


class Command(BaseCommand):
    help = "向窗口人员发送临近办结时限提醒，向督查人员发送超期督办提醒（每天每件每人一次）。"

    def handle(self, *args, **options):
        today = timezone.localdate()
        running = Case.objects.select_related("item", "department")
        soon = deadlines.due_within(running, deadlines.DUE_SOON_WORKING_DAYS).filter(due_date__gte=today)
        late = deadlines.overdue(running)
        sent_staff = sent_sup = 0
        for case in soon:
            for user in self._staff_of(case.department_id):
                context = {
                    "staff_name": user.get_full_name() or user.get_username(), "item_title": case.item.title,
                    "case_number": case.receipt_number, "deadline": f"{case.due_date:%Y-%m-%d}",
                    "days_left": deadlines.working_days_left(case),
                }
                sent_staff += self._send_once(case, DeadlineReminder.KIND_DUE_SOON, user.email, "deadline_reminder_staff", context, today)
        supervisors = list(self._supervisors())
        for case in late:
            context = {
                "department": case.department.name, "item_title": case.item.title, "case_number": case.receipt_number,
                "deadline": f"{case.due_date:%Y-%m-%d}", "overdue_days": deadlines.overdue_days(case),
            }
            for user in supervisors:
                sent_sup += self._send_once(case, DeadlineReminder.KIND_OVERDUE, user.email, "overdue_supervisor", context, today)
        self.stdout.write(
            f"临近时限办件 {soon.count()} 件，发送提醒 {sent_staff} 条；超期办件 {late.count()} 件，发送督办 {sent_sup} 条。"
        )

    def _staff_of(self, department_id):
        ids = StaffAssignment.objects.filter(department_id=department_id).values_list("user_id", flat=True)
        return get_user_model().objects.filter(pk__in=ids, is_active=True).exclude(email="")

    def _supervisors(self):
        return access.supervisors().exclude(email="")

    def _send_once(self, case, kind, email, template_key, context, today):
        """Record first, then send: the unique row is what makes a second run a no-op."""
        try:
            with transaction.atomic():
                DeadlineReminder.objects.create(case=case, kind=kind, recipient=email, sent_on=today)
                send_message(template_key, context, email=email)
        except IntegrityError:
            return 0
        return 1
