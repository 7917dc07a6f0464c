"""Letter rules (docs/domain.md "## 投诉与信件"): deadlines per type across holidays, routing,
reply, feedback, 复核, 回访, confidentiality, anonymous reports, duplicates."""

from datetime import date

import pytest
from django.utils import timezone

from letters import services
from letters.models import Letter, LetterSettings, LetterStatus, LetterTransition
from tests import factories
from tests.online_apply import builders as case_builders

from .builders import letter, national_day_2030

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept():
    return factories.department("县公安局", "gaj")


@pytest.fixture
def sup():
    return case_builders.supervisor("sup1")


def test_registration_numbers_redacts_and_texts_the_writer(sms_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = letter()
    assert item.tracking_number.startswith(f"XJ{timezone.localdate():%Y%m%d}")
    assert "13812345678" not in item.redacted_content and "王小明" not in item.redacted_content
    assert "138****5678" in item.redacted_content and "王**" in item.redacted_content
    assert item.status == LetterStatus.REGISTERED
    (message,) = sms_outbox
    assert message.phone == "13812345678" and item.tracking_number in message.text


@pytest.mark.parametrize(("letter_type", "days"), [("consultation", 5), ("suggestion", 15), ("complaint", 15), ("report", 15)])
def test_reply_deadline_per_type_in_working_days(letter_type, days):
    from workdays.calendar import working_days_between

    item = letter(letter_type=letter_type, content=f"内容{letter_type}")
    assert working_days_between(item.received_on, item.due_date) == days


def test_deadline_skips_holidays_and_is_configurable(structure):
    national_day_2030()
    assert services.reply_due_date("consultation", date(2030, 9, 27)) == date(2030, 10, 11)
    from wagtail.models import Site

    row = LetterSettings.for_site(Site.objects.get(is_default_site=True))
    row.consultation_days = 3
    row.save()
    # 30 Sep, 8 Oct, 9 Oct.
    assert services.reply_due_date("consultation", date(2030, 9, 27)) == date(2030, 10, 9)


def test_full_path_route_reply_dissatisfied_review_send_back_and_close(dept, sup):
    item = letter()
    staff = case_builders.staff("window_gaj", dept)
    assert not services.letters_visible_to(staff).exists()  # not routed yet
    services.route(item, sup, dept, "请核实")
    assert list(services.letters_visible_to(staff)) == [item]
    with pytest.raises(services.LetterError, match="属实"):
        services.reply(item, staff, "已批评教育")
    item = services.reply(item, staff, "经核实，已对王小明反映的问题批评教育。", "substantiated")
    assert item.answered_on_time and item.reply_working_days == 0
    assert "王小明" not in item.redacted_reply
    item = services.give_feedback(item, satisfied=False, note="没解决")
    assert item.status == LetterStatus.REVIEWING
    with pytest.raises(services.LetterError, match="督查"):
        services.re_verify(item, staff, "x", send_back=True)
    item = services.re_verify(item, sup, "答复过于简单，请重新办理", send_back=True)
    assert item.status == LetterStatus.ROUTED and item.due_date >= item.received_on
    item = services.reply(item, staff, "已约谈当事人并整改。", "substantiated")
    assert item.status == LetterStatus.REPLIED
    services.record_callback(item, sup, "satisfied", "回访，来信人满意")
    item = services.give_feedback(item, satisfied=True)
    assert item.status == LetterStatus.CLOSED
    actions = list(LetterTransition.objects.filter(letter=item).values_list("action", flat=True))
    # The 回访 is a logged step too (it keeps the status).
    assert actions == ["register", "route", "reply", "feedback", "re_verify", "reply", "callback", "feedback"]


def test_review_can_uphold_the_reply(dept, sup):
    item = letter(letter_type="consultation", content="咨询社保转移")
    services.route(item, sup, dept)
    services.reply(item, sup, "请携带身份证到社保窗口办理。")
    services.give_feedback(item, satisfied=False)
    item = services.re_verify(item, sup, "答复正确，维持", send_back=False)
    assert item.status == LetterStatus.CLOSED and item.review_conclusion == "答复正确，维持"


def test_other_department_cannot_reply(dept, sup):
    item = letter()
    services.route(item, sup, dept)
    other = case_builders.staff("window_x", factories.department("县市场监管局", "scjg"))
    with pytest.raises(services.LetterError, match="无权"):
        services.reply(item, other, "答复", "unsubstantiated")
    assert not services.letters_visible_to(other).exists()
    assert not services.can_see_identity(other) and services.can_see_identity(sup)


def test_late_reply_is_recorded_as_late(dept, sup):
    item = letter()
    services.route(item, sup, dept)
    Letter.objects.filter(pk=item.pk).update(received_on=date(2026, 1, 5), due_date=date(2026, 1, 26))
    item = services.reply(item, sup, "答复", "partly")
    assert item.answered_on_time is False and item.reply_working_days > 15


def test_overdue_and_due_soon_lists(dept, sup):
    item = letter()
    services.route(item, sup, dept)
    assert list(services.overdue(Letter.objects.all(), today=date(2099, 1, 1))) == [item]
    assert list(services.due_soon(Letter.objects.all(), today=item.due_date)) == [item]
    assert services.escalate(item) == 1 and services.escalate(item) == 0


def test_anonymous_report_keeps_no_identity_and_is_never_published(sms_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        item = letter(letter_type="report", content="某窗口收取好处费", anonymous=True)
    assert (item.writer_name, item.phone, item.address, item.consent_to_publish) == ("", "", "", False)
    assert not sms_outbox
    with pytest.raises(services.LetterError, match="匿名"):
        letter(letter_type="complaint", content="匿名投诉", anonymous=True)


def test_duplicates_and_phone_limit():
    letter(content="大厅空调坏了，请维修！")
    assert services.duplicate_of("大厅 空调坏了，请维修。") is not None
    assert services.duplicate_of("大厅的灯坏了") is None
    letter(content="第二封")
    assert not services.phone_limit_reached("13812345678")
    letter(content="第三封")
    assert services.phone_limit_reached("13812345678")


def test_transitions_and_letters_cannot_be_deleted_or_changed():
    item = letter()
    with pytest.raises(ValueError):
        item.delete()
    transition = item.transitions.first()
    with pytest.raises(ValueError):
        transition.save()


def test_callback_needs_a_reply_and_a_channel(dept, sup):
    item = letter()
    with pytest.raises(services.LetterError, match="答复后"):
        services.record_callback(item, sup, "satisfied", "x")
    services.route(item, sup, dept)
    services.reply(item, sup, "答复", "partly")
    with pytest.raises(services.LetterError, match="回访"):
        services.close_without_feedback(item, sup, "逾期未评价")
    services.record_callback(item, sup, "unreachable", "三次未接通")
    assert services.close_without_feedback(item, sup, "逾期未评价").status == LetterStatus.CLOSED
