"""The request clock: 20 working days from receipt across holidays and 调休, a 补正 that pauses it
(asked within 7 working days, once), one extension of up to 20 with a recorded approval."""

from datetime import date

import pytest

from casework.engine import ActionError
from inforequests.choices import RequestStatus

from .builders import act, filed

pytestmark = pytest.mark.django_db
RECEIVED = date(2024, 9, 27)  # a Friday before the National Day holiday


def test_twenty_working_days_skip_the_holiday_and_count_make_up_days(national_day_2024):
    request = filed(RECEIVED)
    # 29 Sep (Sun, 调休) and 30 Sep, then 8 Oct…; 12 Oct (Sat, 调休) counts; 1–7 Oct do not.
    assert request.due_date == date(2024, 10, 30)
    assert request.status == RequestStatus.RECEIVED
    assert request.notices.get().kind == "inforequest_receipt"


def test_correction_pauses_the_clock_until_the_requester_answers(national_day_2024, handler):
    request = filed(RECEIVED)
    act(request, date(2024, 9, 30), handler, "request_correction", items="请写明文件名称。")
    request.refresh_from_db()
    assert request.status == RequestStatus.CORRECTING
    assert request.notices.filter(kind="inforequest_correction").count() == 1
    # Answered on 10 Oct: 8, 9 and 10 Oct (3 working days) were paused.
    act(request, date(2024, 10, 10), None, "receive_correction", answer="《窗口服务规范》")
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED
    assert request.paused_working_days == 3
    assert request.due_date == date(2024, 11, 4)
    assert [t.action for t in request.transitions.all()] == ["receive", "request_correction", "receive_correction"]


def test_correction_only_within_seven_working_days(national_day_2024, handler):
    late = filed(RECEIVED)
    with pytest.raises(ActionError, match="7 个工作日内"):
        act(late, date(2024, 10, 14), handler, "request_correction", items="x")  # 8th working day
    in_time = filed(RECEIVED, phone="13800001235")
    act(in_time, date(2024, 10, 11), handler, "request_correction", items="请补正")  # 6th working day
    assert in_time.status == RequestStatus.CORRECTING


def test_correction_is_asked_once(national_day_2024, handler):
    request = filed(RECEIVED)
    act(request, date(2024, 9, 30), handler, "request_correction", items="第一次")
    act(request, date(2024, 10, 8), None, "receive_correction", answer="补正")
    with pytest.raises(ActionError, match="一次性告知"):
        act(request, date(2024, 10, 9), handler, "request_correction", items="第二次")


def test_extension_once_with_approval_and_a_notice(national_day_2024, handler, sms_outbox):
    request = filed(RECEIVED)
    notice = act(request, date(2024, 10, 28), handler, "extend", approved_by="王建国", reason="需要征求第三方意见", days=20)
    request.refresh_from_db()
    assert request.due_date == date(2024, 11, 27)
    assert request.extension_approved_by == "王建国" and request.extended_at is not None
    assert notice.kind == "inforequest_extension" and "2024-11-27" in notice.body["due_date"]
    assert "需要征求第三方意见" in notice.body["text"]
    with pytest.raises(ActionError, match="只能延长一次"):
        act(request, date(2024, 10, 29), handler, "extend", approved_by="王建国", reason="再延", days=5)


def test_extension_after_a_pause_adds_to_the_paused_deadline(national_day_2024, handler):
    request = filed(RECEIVED)
    act(request, date(2024, 9, 30), handler, "request_correction", items="请补正")
    act(request, date(2024, 10, 10), None, "receive_correction", answer="补正")
    act(request, date(2024, 10, 30), handler, "extend", approved_by="王建国", reason="数量较大", days=20)
    request.refresh_from_db()
    assert request.due_date == date(2024, 12, 2)  # 4 Nov + 20 working days


def test_extension_needs_an_approver_and_a_lawful_length(national_day_2024, handler):
    request = filed(RECEIVED)
    with pytest.raises(ActionError, match="延长批准人"):
        act(request, date(2024, 10, 8), handler, "extend", approved_by=" ", reason="x", days=20)
    with pytest.raises(ActionError, match="1 到 20"):
        act(request, date(2024, 10, 8), handler, "extend", approved_by="王建国", reason="x", days=21)
    request.refresh_from_db()
    assert request.extended_at is None


def test_only_handlers_act(national_day_2024, django_user_model):
    request = filed(RECEIVED)
    stranger = django_user_model.objects.create_user("visitor")
    with pytest.raises(ActionError, match="权限"):
        act(request, date(2024, 9, 30), stranger, "reply", kind="disclose")


def test_correction_notice_states_a_reasonable_period_and_closing_waits_for_it(national_day_2024, handler):
    """条例第三十条: the notice names what to add *and* by when; "逾期不补正" only after that day."""
    request = filed(RECEIVED)
    notice = act(request, date(2024, 9, 30), handler, "request_correction", items="请写明文件名称。", days=10)
    # 10 working days after 30 Sep: 8–11 Oct, 12 Oct (调休), 14–18 Oct → 18 Oct.
    pause = request.pauses.get()
    assert pause.answer_by == date(2024, 10, 18) and notice.body["answer_by"] == "2024-10-18"
    assert "请于 2024年10月18日 前补正以下内容：请写明文件名称。答复期限" in notice.body["text"]  # one full stop
    with pytest.raises(ActionError, match="补正期限 2024-10-18 尚未届满"):
        act(request, date(2024, 10, 18), handler, "reply", kind="other", reason="no_correction")
    act(request, date(2024, 10, 21), handler, "reply", kind="other", reason="no_correction")
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED and request.pauses.get().ended_on == date(2024, 10, 21)


def test_correction_period_defaults_to_fifteen_working_days_and_is_bounded(national_day_2024, handler):
    request = filed(RECEIVED)
    with pytest.raises(ActionError, match="1 到 30 个工作日"):
        act(request, date(2024, 9, 30), handler, "request_correction", items="请补正", days=31)
    act(request, date(2024, 9, 30), handler, "request_correction", items="请补正")
    assert request.pauses.get().answer_by == date(2024, 10, 25)  # 8 Oct … 25 Oct, 12 Oct counted
