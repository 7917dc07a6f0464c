"""窗口收件: one walk-in applicant's case per registration, each of the five kinds, 即办件
closed on the spot, the admin screens in Chinese, server times only."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from casework import intake, services
from casework.engine import ActionError
from casework.models import Case, CaseStatus, Channel
from citizens.masking import mask_phone
from tests import factories
from tests.online_apply import builders as b
from tests.online_apply.citizen_factories import ID_LI, ID_ZHANG, citizen

WALK_IN = intake.WalkInApplicant(name="李四", id_number=ID_LI, phone="13900001111")


@pytest.fixture
def env(db, tmp_path):
    b.use_tmp_private_storage(tmp_path)
    dept = factories.department("县市场监管局", "scj")
    return {"dept": dept, "staff": b.staff("window_scj", dept), "sup": b.supervisor()}


def _item(env, kind, days, code):
    return b.item(code=code, kind=kind, days=days, dept=env["dept"], title=f"{kind}测试事项")


KINDS = [("即办件", 0), ("承诺件", 5), ("答复件", 10), ("联办件", 15), ("报批件", 20)]


@pytest.mark.parametrize("kind,days", KINDS)
def test_window_intake_of_each_kind_runs_the_same_lifecycle(env, kind, days):
    item = _item(env, kind, days, "XK-330521-0901")
    case = intake.register_window_case(env["staff"], item, WALK_IN, ["申请表", "身份证明"], mode=intake.ACCEPT)
    assert case.channel == Channel.WINDOW and case.status == CaseStatus.ACCEPTED
    assert re.fullmatch(rf"YS{timezone.localdate():%Y%m%d}-\d{{6}}", case.receipt_number)
    assert case.processing_kind == kind and case.item_code == "XK-330521-0901"
    assert case.received_by == env["staff"] and case.handled_by == env["staff"]
    assert case.submitted_on == timezone.localdate() and case.acceptance_date == timezone.localdate()
    assert case.pre_review_due_date is None  # accepted at once: no pre-review runs
    assert list(case.transitions.values_list("action", flat=True)) == ["receive_at_window", "accept"]
    assert case.notices.get().kind == "acceptance"
    assert case.applicant is None  # no account needed
    assert case.receipt_snapshot["materials"] == [{"name": "申请表", "files": []}, {"name": "身份证明", "files": []}]
    # …and the rest of the lifecycle is the same as online: close it.
    services.close(case, env["staff"], "准予许可", "window")
    assert case.status == CaseStatus.CLOSED and case.closed_on == timezone.localdate() and not case.closed_late


def test_immediate_case_received_accepted_and_closed_in_one_step(env):
    item = _item(env, "即办件", 0, "XK-330521-0902")
    case = intake.register_window_case(
        env["staff"], item, WALK_IN, ["申请表", "身份证明"], mode=intake.CLOSE, result="当场发放证明",
    )
    assert case.status == CaseStatus.CLOSED
    assert case.result == "当场发放证明" and case.working_days_used == 0 and case.closed_late is False
    assert [t.action for t in case.transitions.all()] == ["receive_at_window", "accept", "close"]
    assert sorted(case.notices.values_list("kind", flat=True)) == ["acceptance", "completion"]
    assert case.submitted_at <= case.accepted_at <= case.closed_at


def test_close_on_the_spot_refused_for_other_kinds_and_bad_result_saves_nothing(env):
    item = _item(env, "承诺件", 5, "XK-330521-0903")
    with pytest.raises(ActionError, match="只有即办件"):
        intake.register_window_case(env["staff"], item, WALK_IN, ["申请表", "身份证明"], mode=intake.CLOSE, result="x")
    immediate = _item(env, "即办件", 0, "XK-330521-0904")
    with pytest.raises(ActionError, match="办理结果"):
        intake.register_window_case(env["staff"], immediate, WALK_IN, ["申请表", "身份证明"], mode=intake.CLOSE, result=" ")
    assert not Case.objects.exists()  # the receipt and acceptance rolled back with the refused close


def test_missing_required_material_is_refused_with_nothing_saved(env):
    item = _item(env, "承诺件", 5, "XK-330521-0905")
    with pytest.raises(ActionError, match="身份证明"):
        intake.register_window_case(env["staff"], item, WALK_IN, ["申请表"])
    assert not Case.objects.exists()


def test_only_the_items_department_receives(env):
    other = b.staff("window_other", factories.department("县公安局", "gaj"))
    item = _item(env, "承诺件", 5, "XK-330521-0906")
    with pytest.raises(ActionError, match="无权"):
        intake.register_window_case(other, item, WALK_IN, ["申请表", "身份证明"])
    assert not Case.objects.exists()


def test_linked_to_the_citizen_account_whose_phone_matches(env):
    user = citizen(phone="13900001111", id_number=ID_ZHANG)
    item = _item(env, "承诺件", 5, "XK-330521-0907")
    case = intake.register_window_case(env["staff"], item, WALK_IN, ["申请表", "身份证明"])
    assert case.applicant == user
    assert case.status == CaseStatus.SUBMITTED and case.pre_review_due_date is not None


def test_pre_review_deadline_shown_in_queue_receipt_and_my_cases(env, client):
    """A walk-in case only received (not accepted): its 预审期限 is in the staff queue, on the
    收件回执 and in the linked citizen's 我的办件; the citizen's case page lists the paper
    materials the window received (not "暂无材料")."""
    user = citizen(phone="13900001111", id_number=ID_ZHANG)
    item = _item(env, "承诺件", 5, "XK-330521-0914")
    case = intake.register_window_case(env["staff"], item, WALK_IN, ["申请表", "身份证明"], mode=intake.RECEIVE)
    due = case.pre_review_due_date
    assert due is not None
    client.force_login(env["staff"])
    queue = client.get("/admin/cases/").content.decode()
    assert case.receipt_number in queue and f"{due:%Y-%m-%d}" in queue
    receipt = client.get(f"/admin/cases/{case.pk}/receipt/").content.decode()
    assert "预审期限" in receipt and f"{due.year}年{due.month}月{due.day}日前完成预审" in receipt
    client.force_login(user)
    mine = client.get("/my/cases/").content.decode()
    assert case.receipt_number in mine and f"预审期限 {due:%Y-%m-%d}" in mine
    page = client.get(f"/my/cases/{case.pk}/").content.decode()
    assert f"{due.year}年{due.month}月{due.day}日" in page
    assert "窗口收取的纸质材料：申请表、身份证明" in page and "暂无材料" not in page


def test_a_double_submit_is_one_case_not_two(env):
    item = _item(env, "承诺件", 5, "XK-330521-0908")
    intake.register_window_case(env["staff"], item, WALK_IN, ["申请表", "身份证明"])
    with pytest.raises(ActionError, match="请勿重复登记"):
        intake.register_window_case(env["staff"], item, WALK_IN, ["申请表", "身份证明"])
    assert Case.objects.count() == 1


# ---------------------------------------------------------------- the admin screens


def test_item_search_by_chinese_name_and_by_code(env, client):
    _item(env, "即办件", 0, "XK-330521-0910")
    client.force_login(env["staff"])
    page = client.get("/admin/cases/intake/", {"q": "即办件测试"}).content.decode()
    assert "即办件测试事项" in page and "XK-330521-0910" in page
    page = client.get("/admin/cases/intake/", {"q": "0910"}).content.decode()
    assert "即办件测试事项" in page
    page = client.get("/admin/cases/intake/", {"q": "不存在的事项"}).content.decode()
    assert "没有找到" in page


def test_admin_intake_closes_an_immediate_case_and_prints_the_receipt(env, client):
    item = _item(env, "即办件", 0, "XK-330521-0911")
    client.force_login(env["staff"])
    form = client.get(f"/admin/cases/intake/item/{item.pk}/").content.decode()
    assert "申请表" in form and "收件、受理并当场办结" in form and 'type="date"' not in form
    response = client.post(f"/admin/cases/intake/item/{item.pk}/", {
        "applicant_type": "自然人", "applicant_name": "李四", "applicant_id_number": ID_LI.lower(),
        "applicant_phone": "13900001111", "materials": ["申请表", "身份证明"], "mode": "close",
        "result": "当场办结，发放证明", "delivery_method": "window",
        # Posted times are ignored: the server's clock is the only clock.
        "submitted_at": "2020-01-01 09:00", "created_at": "2020-01-01 09:00",
    })
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == f"/admin/cases/{case.pk}/receipt/"
    assert case.status == CaseStatus.CLOSED and case.applicant_id_number == ID_LI
    assert timezone.now() - case.submitted_at < timedelta(minutes=5)
    receipt = client.get(response.url).content.decode()
    assert "收件回执" in receipt and case.receipt_number in receipt and "<svg" in receipt
    assert mask_phone("13900001111") in receipt and "13900001111" not in receipt
    assert "申请表" in receipt and "身份证明" in receipt


def test_admin_intake_closes_on_the_spot_with_postal_delivery(env, client):
    """The form offers 邮寄送达, so it asks for the address: without it a Chinese field error and
    nothing saved; with it the case closes and the 办结通知书 carries the address."""
    item = _item(env, "即办件", 0, "XK-330521-0913")
    client.force_login(env["staff"])
    assert "邮寄地址（邮寄送达时必填）" in client.get(f"/admin/cases/intake/item/{item.pk}/").content.decode()
    data = {
        "applicant_type": "自然人", "applicant_name": "李四", "applicant_id_number": ID_LI,
        "applicant_phone": "13900001111", "materials": ["申请表", "身份证明"], "mode": "close",
        "result": "已办结，证明邮寄送达", "delivery_method": "post",
    }
    response = client.post(f"/admin/cases/intake/item/{item.pk}/", data)
    assert response.status_code == 400 and "邮寄送达请填写邮寄地址。" in response.content.decode()
    assert not Case.objects.exists()
    response = client.post(f"/admin/cases/intake/item/{item.pk}/", {**data, "delivery_address": "示范县人民大道 8 号"})
    case = Case.objects.get()
    assert response.status_code == 302 and case.status == CaseStatus.CLOSED
    assert case.delivery_method == "post" and case.delivery_address == "示范县人民大道 8 号"
    assert case.notices.get(kind="completion").body["delivery_address"] == "示范县人民大道 8 号"


def test_admin_intake_form_errors_are_chinese_and_keep_the_input(env, client):
    item = _item(env, "承诺件", 5, "XK-330521-0912")
    client.force_login(env["staff"])
    response = client.post(f"/admin/cases/intake/item/{item.pk}/", {
        "applicant_type": "自然人", "applicant_name": "李四", "applicant_id_number": "110101199003077775",
        "applicant_phone": "1390000", "materials": ["申请表"], "mode": "accept",
    })
    page = response.content.decode()
    assert response.status_code == 400
    assert "校验位不正确" in page and "手机号码" in page and 'value="李四"' in page
    assert not Case.objects.exists()
    response = client.post(f"/admin/cases/intake/item/{item.pk}/", {
        "applicant_type": "自然人", "applicant_name": "李四", "applicant_id_number": ID_LI,
        "applicant_phone": "13900001111", "materials": ["申请表"], "mode": "accept",
    })
    assert response.status_code == 400 and "以下必须提交的材料未收到：身份证明" in response.content.decode()
    assert not Case.objects.exists()


def test_staff_without_a_department_cannot_open_intake(env, client):
    from django.contrib.auth.models import User

    clerk = User.objects.create_user("nobody", password="x-Strong-pass-1", is_staff=True)
    client.force_login(clerk)
    assert client.get("/admin/cases/intake/", {"q": "测试"}).status_code in (302, 403)


def test_messages_to_a_walk_in_offer_only_what_they_can_use(env, sms_outbox, django_capture_on_commit_callbacks):
    """The 办结 SMS invites a rating in 我的办件 only an applicant with an account can open; a
    walk-in without one is not sent there (they rate the hall visit), and a 不予受理 tells them
    to collect the notice at the window instead of logging in. No doubled punctuation."""
    item = _item(env, "即办件", 0, "XK-330521-0915")
    with django_capture_on_commit_callbacks(execute=True):
        alone = intake.register_window_case(
            env["staff"], item, WALK_IN, ["申请表", "身份证明"], mode=intake.CLOSE, result="已发放证明。",
        )
    assert alone.applicant is None
    closed = [m.text for m in sms_outbox if alone.receipt_number in m.text and "已办结" in m.text]
    assert closed and all("我的办件" not in t and "/rate/" not in t for t in closed)
    assert all("。。" not in t and "，。" not in t for t in closed)

    user = citizen(phone="13700002222", id_number=ID_ZHANG)
    linked_walk_in = intake.WalkInApplicant(name="张三", id_number=ID_ZHANG, phone="13700002222")
    with django_capture_on_commit_callbacks(execute=True):
        linked = intake.register_window_case(
            env["staff"], item, linked_walk_in, ["申请表", "身份证明"], mode=intake.CLOSE, result="已发放证明",
        )
    assert linked.applicant == user
    texts = [m.text for m in sms_outbox if linked.receipt_number in m.text and "已办结" in m.text]
    assert texts and f"/my/cases/{linked.pk}/rate/" in texts[0] and "我的办件" in texts[0]

    promised = _item(env, "承诺件", 5, "XK-330521-0916")
    received = intake.register_window_case(env["staff"], promised, WALK_IN, ["申请表", "身份证明"], mode=intake.RECEIVE)
    sms_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(received, env["staff"], "不属于本部门受理范围。")
    (text,) = [m.text for m in sms_outbox]
    assert "不予受理" in text and "请到受理窗口领取" in text and "登录" not in text


def test_stored_message_templates_are_reworded_unless_edited(db):
    """citizens 0007 rewrites the old default wording; an administrator's own text stays."""
    import importlib

    from django.apps import apps as django_apps

    from citizens.default_messages import default_fields
    from citizens.models import MessageTemplate

    migration = importlib.import_module("citizens.migrations.0007_walk_in_messages_promise_only_what_exists")
    closed = MessageTemplate.objects.get(key="case_closed")
    closed.sms_text = migration.OLD["case_closed"]["sms_text"]
    closed.email_body = "管理员改写的正文"
    closed.save()
    rejected = MessageTemplate.objects.get(key="case_rejected")
    rejected.sms_text, rejected.variables = migration.OLD["case_rejected"]["sms_text"], migration.OLD["case_rejected"]["variables"]
    rejected.save()
    migration.forward(django_apps, None)
    closed.refresh_from_db()
    rejected.refresh_from_db()
    assert closed.sms_text == default_fields("case_closed")["sms_text"] and closed.email_body == "管理员改写的正文"
    assert rejected.sms_text == default_fields("case_rejected")["sms_text"]
    assert rejected.variables == default_fields("case_rejected")["variables"]


def test_public_lookup_of_a_walk_in_case_points_to_the_window_not_a_login(env, client, sms_outbox):
    """The receipt's QR opens the public lookup; a walk-in without an account cannot log in to
    我的办件, so the result page does not send them there."""
    item = _item(env, "承诺件", 5, "XK-330521-0917")
    case = intake.register_window_case(env["staff"], item, WALK_IN, ["申请表", "身份证明"], mode=intake.ACCEPT)
    client.post("/cases/lookup/", {"receipt_number": case.receipt_number, "phone": WALK_IN.phone}, follow=True)
    code = re.search(r"\d{6}", sms_outbox[-1].text).group()
    html = client.post("/cases/lookup/verify/", {"code": code}, follow=True).content.decode()
    assert case.receipt_number in html and "已受理" in html
    assert "请到受理窗口领取" in html and "我的办件”中操作" not in html
