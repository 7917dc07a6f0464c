"""Letters on the case engine (docs/domain.md "## 投诉与信件"): every step is a registered action of
one casework Workflow, refused by the engine outside its statuses, logged in an immutable
TransitionLog, and the reply and 复核意见 are numbered notices of registered kinds."""

import importlib
from datetime import date, datetime, time

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from casework import clock, engine, notices
from casework.engine import ActionError
from letters import services
from letters.models import Letter, LetterStatus, LetterTransition
from letters.workflow import LETTERS
from tests import factories
from tests.online_apply import builders as case_builders

from .builders import letter, national_day_2030

pytestmark = pytest.mark.django_db
S = LetterStatus


@pytest.fixture
def dept():
    return factories.department("县公安局", "gaj")


@pytest.fixture
def sup():
    return case_builders.supervisor("sup1")


def _calls(sup, dept):
    """One valid call per registered action (data that passes once the status is lawful)."""
    return {
        "route": lambda row: services.route(row, sup, dept),
        "reply": lambda row: services.reply(row, sup, "已核实。", "partly"),
        "feedback": lambda row: services.give_feedback(row, satisfied=True),
        "re_verify": lambda row: services.re_verify(row, sup, "维持原答复", send_back=False),
        "callback": lambda row: services.record_callback(row, sup, "satisfied", "电话回访"),
        "close": lambda row: services.close_without_feedback(row, sup, "逾期未评价"),
    }


def test_the_letter_workflow_is_registered_on_the_engine():
    assert engine.workflow("letter") is LETTERS
    assert set(LETTERS.actions) == set(_calls(None, None))
    assert services.LetterError is ActionError


@pytest.mark.parametrize("action", sorted(LETTERS.actions))
def test_every_action_against_every_status(action, sup, dept):
    """In a status the action does not list, the engine refuses with a Chinese message naming
    the status, and neither the letter nor its log changes."""
    for status in S.values:
        row = letter(content=f"{action} {status}")
        Letter.objects.filter(pk=row.pk).update(status=status, department=dept)
        row.refresh_from_db()
        before = (row.transitions.count(), row.version)
        if status in LETTERS.actions[action].from_statuses:
            continue  # lawful statuses are walked through in test_letters.py
        with pytest.raises(ActionError) as refused:
            _calls(sup, dept)[action](row)
        assert refused.value.message == f"信件当前状态为“{S(status).label}”，不能{LETTERS.actions[action].label}。"
        row.refresh_from_db()
        assert (row.status, row.transitions.count(), row.version) == (status, *before)


def test_each_step_writes_one_transition_with_the_engine_clock(sup, dept):
    at = timezone.make_aware(datetime(2026, 11, 2, 9, 30))
    with clock.replaying(at):
        row = letter()
        services.route(row, sup, dept, "请核实")
    (registered, routed) = row.transitions.all()
    assert (registered.from_status, registered.to_status, registered.actor_name) == ("", S.REGISTERED, "来信人")
    assert (routed.from_status, routed.to_status, routed.actor, routed.note) == (S.REGISTERED, S.ROUTED, sup, "请核实")
    assert registered.at == routed.at == at and routed.public_label == f"已转{dept.name}办理"
    assert row.version == 2 and row.received_on == date(2026, 11, 2)


def test_the_log_is_immutable(sup, dept):
    row = letter()
    services.route(row, sup, dept)
    step = row.transitions.last()
    step.note = "改写"
    with pytest.raises(ValueError, match="不可修改"):
        step.save()
    with pytest.raises(ValueError, match="不可删除"):
        step.delete()
    assert LetterTransition.objects.get(pk=step.pk).note == ""


def test_a_stale_form_is_refused(sup, dept):
    row = letter()
    rendered_version = row.version
    services.route(row, sup, dept)
    with pytest.raises(ActionError, match="已被他人处理"):
        services.route(row, sup, factories.department("县市场监管局", "scjg"), expected_version=rendered_version)
    row.refresh_from_db()
    assert row.department == dept


def test_only_the_writer_gives_feedback(sup, dept):
    row = letter()
    services.route(row, sup, dept)
    services.reply(row, sup, "已核实。", "partly")
    with pytest.raises(ActionError, match="来信人"):
        LETTERS.perform(row, sup, "feedback", satisfied=True)
    assert "feedback" not in LETTERS.lawful_actions(row)  # never offered on the staff page


def test_reply_and_review_issue_registered_numbered_notices(sup, dept):
    kinds = notices.registered_kinds()
    assert (kinds["letter_reply"].prefix, kinds["letter_review"].prefix) == ("XJDF", "XJFH")
    row = letter()
    services.route(row, sup, dept)
    services.reply(row, sup, "经核实，已对王小明反映的问题整改。", "substantiated")
    (reply_notice,) = row.notices.all()
    assert reply_notice.number == f"XJDF{clock.today():%Y%m%d}-000001"
    assert reply_notice.body["text"] == "经核实，已对王小明反映的问题整改。" and reply_notice.body["finding"] == "属实"
    # The body names no writer: the department may print it (confidentiality).
    assert "王小明" not in reply_notice.body["subject"] and "13812345678" not in str(reply_notice.body)
    services.give_feedback(row, satisfied=False)
    services.re_verify(row, sup, "答复过于简单，请重新办理", send_back=True)
    review = row.notices.get(kind="letter_review")
    assert review.number.startswith("XJFH") and "退回承办部门重新办理" in review.body["result"]


def test_deadline_terms_and_the_send_back_restart_on_working_days(structure, sup, dept):
    national_day_2030()
    with clock.replaying(timezone.make_aware(datetime(2030, 9, 27, 10))):
        row = letter(letter_type="consultation", content="咨询居住证")
    assert (row.deadline_start, row.limit_working_days, row.due_date) == (date(2030, 9, 27), 5, date(2030, 10, 11))
    with clock.replaying(timezone.make_aware(datetime(2030, 9, 27, 14))):
        services.route(row, sup, dept)
        services.reply(row, sup, "请携带身份证办理。")
        services.give_feedback(row, satisfied=False)
    with clock.replaying(timezone.make_aware(datetime(2030, 9, 30, 10))):
        services.re_verify(row, sup, "请重新答复", send_back=True)
    # A fresh 5 working days from 30 Sep: 8, 9, 10, 11, 12 Oct (12 Oct is a 调休 working day).
    assert (row.deadline_start, row.due_date, row.status) == (date(2030, 9, 30), date(2030, 10, 12), S.ROUTED)


def test_data_migration_fills_the_terms_of_earlier_letters(sup, dept):
    migration = importlib.import_module("letters.migrations.0004_fill_letter_deadline_terms")
    plain = letter(letter_type="consultation", content="早先的咨询")
    sent_back = letter(content="早先的投诉")
    services.route(sent_back, sup, dept)
    services.reply(sent_back, sup, "已核实。", "partly")
    services.give_feedback(sent_back, satisfied=False)
    with clock.replaying(timezone.make_aware(datetime.combine(date(2026, 11, 20), time(10)))):
        services.re_verify(sent_back, sup, "重新办理", send_back=True)
    Letter.objects.update(deadline_start=None, limit_working_days=0)
    migration.fill_terms(apps, None)
    plain.refresh_from_db()
    sent_back.refresh_from_db()
    assert (plain.deadline_start, plain.limit_working_days) == (plain.received_on, 5)
    assert (sent_back.deadline_start, sent_back.limit_working_days) == (date(2026, 11, 20), 15)


def test_staff_page_offers_what_the_engine_allows_and_prints_notices(client, structure, sup, dept):
    staff = case_builders.staff("window_gaj", dept)
    row = letter()
    services.route(row, sup, dept)
    client.force_login(staff)
    url = reverse("letter_queue:detail", args=[row.pk])
    page = client.get(url).content.decode()
    assert 'value="reply"' in page and 'value="route"' not in page  # routing is for supervisors
    stale = client.post(url, {"action": "reply", "reply-version": row.version - 1, "reply-reply": "已整改",
                              "reply-finding": "substantiated"})
    assert stale.status_code == 400 and "已被他人处理" in stale.content.decode()
    # An action the engine would refuse this user is not offered, and a forged post changes nothing.
    forged = client.post(url, {"action": "route", "route-version": row.version, "route-department": dept.pk})
    assert forged.status_code == 302 and Letter.objects.get(pk=row.pk).version == row.version
    client.post(url, {"action": "reply", "reply-version": row.version, "reply-reply": "已整改", "reply-finding": "substantiated"})
    row.refresh_from_db()
    notice = row.notices.get()
    assert row.status == S.REPLIED and notice.number in client.get(url).content.decode()
    printed = client.get(reverse("letter_queue:notice", args=[row.pk, notice.pk])).content.decode()
    assert "信件答复意见书" in printed and "已整改" in printed and "王小明" not in printed
