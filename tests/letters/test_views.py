"""Public and staff pages of letters and 好差评, through the test client: form with SMS code,
honeypot, limits, duplicates, lookup with code and feedback, public pages (only consented
replied letters, masked), rating a case from 我的办件, guide feedback, staff screens."""

import re

import pytest
from django.urls import reverse

from letters import services
from letters.models import Letter, LetterStatus
from ratings.models import GuideFeedback, Rating
from tests import factories
from tests.online_apply import builders as case_builders

from .builders import GOOD, citizen, closed_case, letter

pytestmark = pytest.mark.django_db


def _code(sms_outbox):
    return re.search(r"\d{6}", sms_outbox[-1].text).group()


def _letter_data(**overrides):
    data = {
        "action": "submit", "letter_type": "complaint", "subject": "窗口排队太久",
        "content": "今天上午排队两小时，电话13912345678，住城关镇人民路8号。", "writer_name": "李四",
        "phone": "13912345678", "address": "示范县城关镇人民路8号", "consent_to_publish": "on", "website": "",
    }
    data.update(overrides)
    return data


def _write(client, sms_outbox, **overrides):
    data = _letter_data(**overrides)
    client.post(reverse("letters:write"), {**data, "action": "send_code"})
    return client.post(reverse("letters:write"), {**data, "code": _code(sms_outbox)})


def test_write_a_letter_with_sms_code(client, structure, sms_outbox):
    response = _write(client, sms_outbox)
    assert response.status_code == 302
    letter_row = Letter.objects.get()
    assert letter_row.phone_verified and letter_row.channel == "online" and letter_row.consent_to_publish
    page = client.get(response["Location"])
    assert letter_row.tracking_number in page.content.decode()


def test_wrong_code_keeps_everything_typed(client, structure, sms_outbox):
    data = _letter_data()
    client.post(reverse("letters:write"), {**data, "action": "send_code"})
    response = client.post(reverse("letters:write"), {**data, "code": "000000"})
    assert response.status_code == 400 and not Letter.objects.exists()
    body = response.content.decode()
    assert "验证码错误" in body and "今天上午排队两小时" in body


def test_missing_fields_get_chinese_messages(client, structure):
    response = client.post(reverse("letters:write"), {"action": "submit"})
    body = response.content.decode()
    assert response.status_code == 400
    for message in ("请选择信件类型", "请填写标题", "请填写内容", "请填写姓名", "请输入手机号码"):
        assert message in body


def test_anonymous_report_needs_no_phone_and_says_there_is_no_reply(client, structure):
    page = client.get(reverse("letters:write")).content.decode()
    assert "匿名举报不留姓名和电话" in page
    response = client.post(reverse("letters:write"), _letter_data(
        letter_type="report", anonymous="on", writer_name="", phone="", content="某窗口收取好处费"))
    assert response.status_code == 302
    assert Letter.objects.get().anonymous
    assert "匿名举报不提供查询和答复" in client.get(response["Location"]).content.decode()


def test_only_reports_may_be_anonymous(client, structure):
    response = client.post(reverse("letters:write"), _letter_data(anonymous="on", phone="", writer_name=""))
    assert response.status_code == 400 and "只有举报可以匿名" in response.content.decode()


def test_honeypot_is_quiet(client, structure, sms_outbox):
    response = client.post(reverse("letters:write"), _letter_data(
        letter_type="report", anonymous="on", phone="", writer_name="", website="http://spam.example"))
    assert response.status_code == 302 and not Letter.objects.exists()


def test_duplicate_content_is_refused(client, structure, sms_outbox):
    _write(client, sms_outbox)
    client.post(reverse("letters:write"), {**_letter_data(), "action": "send_code", "phone": "13700000001"})
    response = client.post(reverse("letters:write"), {**_letter_data(phone="13700000001"), "code": _code(sms_outbox)})
    assert response.status_code == 400 and "相同内容的信件已经提交过" in response.content.decode()
    assert Letter.objects.count() == 1


def test_per_phone_daily_limit(client, structure, sms_outbox):
    for n in range(3):
        letter(content=f"第{n}封", phone="13912345678")
    client.post(reverse("letters:write"), {**_letter_data(), "action": "send_code"})
    response = client.post(reverse("letters:write"), {**_letter_data(content="第四封"), "code": _code(sms_outbox)})
    assert response.status_code == 400 and "每天最多提交 3 封" in response.content.decode()


def test_per_address_limit(client, structure):
    data = _letter_data(letter_type="report", anonymous="on", phone="", writer_name="")
    for n in range(10):
        assert client.post(reverse("letters:write"), {**data, "content": f"举报{n}"}).status_code == 302
    response = client.post(reverse("letters:write"), {**data, "content": "举报 11"})
    assert response.status_code == 400 and "提交过于频繁" in response.content.decode()


def test_lookup_shows_reply_and_takes_feedback(client, structure, sms_outbox):
    sup = case_builders.supervisor()
    row = letter()
    services.route(row, sup, factories.department())
    services.reply(row, sup, "已核实并整改。", "partly")
    response = client.post(reverse("letters:lookup"), {"tracking_number": row.tracking_number, "phone": "13812345678"})
    assert response.status_code == 302
    response = client.post(reverse("letters:lookup_verify"), {"code": _code(sms_outbox)})
    assert response["Location"] == reverse("letters:lookup_result")
    page = client.get(reverse("letters:lookup_result")).content.decode()
    assert "已核实并整改。" in page and "您对答复是否满意" in page
    assert row.notices.get(kind="letter_reply").number in page  # the numbered 答复意见书
    client.post(reverse("letters:lookup_result"), {"feedback": "dissatisfied", "note": "没解决"})
    row.refresh_from_db()
    assert row.status == LetterStatus.REVIEWING and row.feedback_note == "没解决"


def test_lookup_answers_unknown_numbers_alike(client, structure, sms_outbox):
    response = client.post(reverse("letters:lookup"), {"tracking_number": "XJ209901010001", "phone": "13812345678"})
    assert response.status_code == 302 and not sms_outbox
    response = client.post(reverse("letters:lookup_verify"), {"code": "123456"})
    assert response.status_code == 400 and "验证码不正确" in response.content.decode()


def test_public_page_lists_only_consented_replied_letters_masked(client, structure):
    sup = case_builders.supervisor()
    dept = factories.department()
    shown = letter(content="我叫王小明，电话13812345678，身份证330521199001011237。")
    hidden_no_consent = letter(content="不同意公开的信", consent_to_publish=False)
    not_replied = letter(content="尚未答复的信")
    report = letter(letter_type="report", content="举报内容", consent_to_publish=True)
    for row in (shown, hidden_no_consent, report):
        services.route(row, sup, dept)
        services.reply(row, sup, "已答复王小明。", "partly")
    body = client.get(reverse("letters:public")).content.decode()
    assert shown.tracking_number in body
    for row in (hidden_no_consent, not_replied, report):
        assert row.tracking_number not in body
    detail = client.get(reverse("letters:detail", args=[shown.tracking_number])).content.decode()
    assert "13812345678" not in detail and "王小明" not in detail and "330521199001011237" not in detail
    assert "138****5678" in detail and "王**" in detail
    assert client.get(reverse("letters:detail", args=[hidden_no_consent.tracking_number])).status_code == 404
    assert "收到信件" in body and "按期答复" in body


def test_rate_a_closed_case_from_my_cases(client, structure):
    user = citizen()
    case = closed_case(user)
    client.force_login(user)
    listing = client.get(reverse("online_apply:my_cases")).content.decode()
    rate_url = reverse("ratings:rate_case", args=[case.pk])
    assert rate_url in listing
    response = client.post(rate_url, {**GOOD, "comment": "很好"})
    assert response.status_code == 302 and Rating.objects.get().case == case
    page = client.get(rate_url).content.decode()
    assert "一事一评" in page and "提交评价" not in page
    assert client.post(rate_url, GOOD).status_code == 200 and Rating.objects.count() == 1


def test_rating_form_errors_and_others_cases(client, structure):
    user = citizen()
    case = closed_case(user)
    client.force_login(user)
    response = client.post(reverse("ratings:rate_case", args=[case.pk]), {"overall": "5"})
    assert response.status_code == 400 and "办事效率" in response.content.decode()
    other = citizen(username="lisi", phone="13900000002", id_number="110101199003077774", real_name="李四")
    client.force_login(other)
    assert client.get(reverse("ratings:rate_case", args=[case.pk])).status_code == 404


def test_completion_sms_links_to_the_rating_page(structure, django_capture_on_commit_callbacks, sms_outbox):
    from casework import services as case_services
    from casework.models import CaseStatus

    user = citizen()
    case = closed_case(user)
    case = case_builders.set_status(case, CaseStatus.ACCEPTED, acceptance_date=case.created_at.date(), due_date=None)
    staff = case_builders.staff("window_gaj", case.department)
    with django_capture_on_commit_callbacks(execute=True):
        case_services.close(case, staff, "已办结", "window")
    assert f"/my/cases/{case.pk}/rate/" in sms_outbox[-1].text and "我的办件" in sms_outbox[-1].text


def test_public_satisfaction_and_ledger_pages(client, structure):
    from ratings import services as rating_services

    user = citizen()
    rating_services.rate_case(closed_case(user), user, {**GOOD, "overall": 1}, "我叫张三，电话13812341234，太慢")
    body = client.get(reverse("ratings:satisfaction")).content.decode()
    assert "县公安局" in body and "0.0%" in body
    ledger = client.get(reverse("ratings:ledger")).content.decode()
    assert "13812341234" not in ledger and "138****1234" in ledger and "整改中" in ledger


def test_guide_feedback_is_stored_for_editors(client, structure):
    item = factories.service_item()
    page = client.get(item.url).content.decode()
    assert "这份指南是否准确、有用" in page
    response = client.post(reverse("ratings:guide_feedback", args=[item.pk]), {"useful": "0", "comment": "表格下载不到"})
    assert response.status_code == 302 and response["Location"].endswith("#guide-feedback")
    feedback = GuideFeedback.objects.get()
    assert feedback.useful is False and feedback.comment == "表格下载不到"
    client.post(reverse("ratings:guide_feedback", args=[item.pk]), {"useful": "1", "website": "x"})
    assert GuideFeedback.objects.count() == 1


def test_staff_screens_keep_identity_for_supervisors(client, structure):
    dept = factories.department()
    sup = case_builders.supervisor()
    staff = case_builders.staff("window_gaj", dept)
    row = letter()
    services.route(row, sup, dept)
    client.force_login(staff)
    page = client.get(reverse("letter_queue:detail", args=[row.pk])).content.decode()
    assert "王小明" not in page and "13812345678" not in page and "人民路18号" not in page
    assert "138****5678" in page  # the phone inside the letter, masked in the redacted text
    response = client.post(reverse("letter_queue:detail", args=[row.pk]), {
        "action": "reply", "reply-version": row.version, "reply-reply": "已整改", "reply-finding": "substantiated"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == LetterStatus.REPLIED
    client.force_login(sup)
    page = client.get(reverse("letter_queue:detail", args=[row.pk])).content.decode()
    assert "王小明" in page and "13812345678" in page
    other = case_builders.staff("window_x", factories.department("县市场监管局", "scjg"))
    client.force_login(other)
    assert client.get(reverse("letter_queue:detail", args=[row.pk])).status_code == 404


def test_staff_enter_a_12345_letter(client, structure):
    sup = case_builders.supervisor()
    client.force_login(sup)
    response = client.post(reverse("letter_queue:new"), {
        "channel": "phone", "hotline_ticket": "12345-0001", "received_on": "2026-11-30", "letter_type": "consultation",
        "subject": "咨询", "content": "来电咨询居住证", "writer_name": "赵六", "phone": "13700000000",
    })
    assert response.status_code == 302
    row = Letter.objects.get()
    assert (row.channel, row.hotline_ticket, row.entered_by) == ("phone", "12345-0001", sup)
    assert str(row.received_on) == "2026-11-30"


def test_staff_menu_offers_letters_and_ratings(client, structure):
    client.force_login(case_builders.supervisor())
    page = client.get("/admin/").content.decode()
    # The sidebar is JSON in the page, with non-ASCII characters escaped.
    for label in ("信件办理", "差评整改", "评价申诉"):
        assert label.encode("unicode_escape").decode() in page
