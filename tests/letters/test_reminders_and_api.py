"""Reminder commands (once a day per recipient, escalation), the figures for the bulletin and
the small API other apps use (docs/domain.md "## 投诉与信件")."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from letters import api, services, stats
from letters.models import Letter
from ratings import services as rating_services
from ratings.models import Rectification
from tests import factories
from tests.online_apply import builders as case_builders

from .builders import BAD, citizen, closed_case, letter

pytestmark = pytest.mark.django_db


def test_overdue_letters_are_escalated_once_a_day(structure):
    dept = factories.department()
    sup = case_builders.supervisor()
    case_builders.staff("window_gaj", dept)
    row = letter()
    services.route(row, sup, dept)
    Letter.objects.filter(pk=row.pk).update(due_date=timezone.localdate() - timedelta(days=3))
    call_command("send_letter_reminders", stdout=StringIO())
    call_command("send_letter_reminders", stdout=StringIO())
    row.refresh_from_db()
    assert row.escalated_at is not None
    overdue_mail = [m for m in mail.outbox if "超期督办" in m.subject]
    assert len(overdue_mail) == 1 and overdue_mail[0].to == ["sup@example.gov.cn"]


def test_department_is_reminded_of_letters_due_soon(structure):
    dept = factories.department()
    sup = case_builders.supervisor()
    case_builders.staff("window_gaj", dept)
    row = letter()
    services.route(row, sup, dept)
    Letter.objects.filter(pk=row.pk).update(due_date=timezone.localdate() + timedelta(days=1))
    call_command("send_letter_reminders", stdout=StringIO())
    due_mail = [m for m in mail.outbox if "临近答复期限" in m.subject]
    assert [m.to for m in due_mail] == [["window_gaj@example.gov.cn"]]


def test_rectification_reminders_go_to_department_and_supervisors(structure):
    user = citizen()
    case = closed_case(user)
    case_builders.staff("window_gaj", case.department)
    case_builders.supervisor()
    rect = rating_services.rate_case(case, user, BAD).rectification
    Rectification.objects.filter(pk=rect.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    call_command("send_rectification_reminders", stdout=StringIO())
    call_command("send_rectification_reminders", stdout=StringIO())
    assert [m.to for m in mail.outbox if "已超期" in m.subject] == [["sup@example.gov.cn"]]


def test_month_figures_for_the_bulletin(structure):
    dept = factories.department()
    sup = case_builders.supervisor()
    complaint = letter()
    consultation = letter(letter_type="consultation", content="咨询内容")
    letter(letter_type="suggestion", content="建议内容")
    services.route(complaint, sup, dept)
    services.reply(complaint, sup, "答复", "substantiated")
    services.give_feedback(complaint, satisfied=True)
    services.route(consultation, sup, dept)
    services.reply(consultation, sup, "答复")
    services.give_feedback(consultation, satisfied=False)
    today = timezone.localdate()
    figures = api.month_figures(today.year, today.month)
    assert (figures.received, figures.replied, figures.answered_on_time) == (3, 2, 2)
    assert (figures.complaints, figures.complaints_substantiated, figures.complaints_answered_on_time) == (1, 1, 1)
    assert (figures.satisfied, figures.dissatisfied, figures.satisfaction_rate, figures.on_time_rate) == (1, 1, 50.0, 100.0)
    assert figures.average_reply_days == 0.0
    other_month = today.replace(day=1) - timedelta(days=1)
    assert stats.month_figures(other_month.year, other_month.month).received == 0


def test_problem_report_api_files_a_suggestion(structure):
    row = api.submit_problem_report(
        subject="无障碍问题：图片缺少替代文字", content="办事指南页的流程图读屏软件读不出来。", page_url="/item/XK-1/",
        writer_name="王五", phone="13900000009",
    )
    assert (row.letter_type, row.channel, row.status) == ("suggestion", "online", "registered")
    assert "/item/XK-1/" in row.content and row.tracking_number.startswith("XJ")


def test_unanswered_api_for_site_health(structure):
    old = letter(letter_type="consultation", content="三个月前的咨询")
    letter(letter_type="consultation", content="昨天的咨询")
    Letter.objects.filter(pk=old.pk).update(received_on=date.today() - timedelta(days=100))
    assert list(api.unanswered(older_than_days=90, letter_type="consultation")) == [Letter.objects.get(pk=old.pk)]
