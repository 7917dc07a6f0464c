"""Mail department staff about letters due within N working days, and escalate overdue letters
to the supervisors (docs/domain.md "## 投诉与信件"). Safe to run several times a day."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from casework import access
from casework.models import StaffAssignment
from citizens.messaging import send_logged_once
from letters import services
from letters.models import Letter, LetterReminder


class Command(BaseCommand):
    help = "向承办部门发送信件临近答复期限提醒，向督查人员发送超期督办（每天每件每人一次）。"

    def handle(self, *args, **options):
        today = timezone.localdate()
        letters = Letter.objects.select_related("department")
        soon = services.due_soon(letters.exclude(department=None), today)
        late = services.overdue(letters, today)
        sent_staff = sent_sup = 0
        for letter in soon:
            context = {"tracking_number": letter.tracking_number, "letter_type": letter.get_letter_type_display(),
                       "due_date": f"{letter.due_date:%Y-%m-%d}"}
            for email in _department_emails(letter.department_id):
                sent_staff += send_logged_once(LetterReminder, "letter_due_soon_staff", context, email=email,
                                               letter=letter, kind="due_soon", recipient=email, sent_on=today)
        supervisors = list(access.supervisors().exclude(email="").values_list("email", flat=True))
        for letter in late:
            services.escalate(letter)
            context = {"tracking_number": letter.tracking_number, "letter_type": letter.get_letter_type_display(),
                       "department": letter.department.name if letter.department else "（未转办）",
                       "due_date": f"{letter.due_date:%Y-%m-%d}"}
            for email in supervisors:
                sent_sup += send_logged_once(LetterReminder, "letter_overdue_supervisor", context, email=email,
                                             letter=letter, kind="overdue", recipient=email, sent_on=today)
        self.stdout.write(f"临近期限信件 {soon.count()} 件，提醒 {sent_staff} 条；超期信件 {late.count()} 件，督办 {sent_sup} 条。")


def _department_emails(department_id):
    ids = StaffAssignment.objects.filter(department_id=department_id).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).exclude(email="").values_list("email", flat=True))
