"""Filing online with the phone checked by SMS code, tracking by number + phone + code, answering
a 补正 online, and who may see a request's page and notices."""

import re

import pytest

from inforequests.choices import RequestStatus
from inforequests.models import InfoRequest

pytestmark = pytest.mark.django_db
PHONE = "13900001111"
FORM = {
    "requester_type": "person", "requester_name": "李四", "id_number": "11010519491231002X",
    "contact_person": "", "email": "", "address": "示范县人民大道 9 号", "description": "2025 年窗口服务规范全文",
    "document_hint": "", "delivery_form": "electronic", "delivery_method": "collect", "phone": PHONE,
}


def last_code(outbox):
    return re.search(r"验证码为 (\d{6})", outbox[-1].text).group(1)


def file_online(client, outbox, **changes):
    client.post("/info-request/", {**FORM, **changes, "action": "send_code"})
    return client.post("/info-request/", {**FORM, **changes, "code": last_code(outbox), "action": "submit"})


def test_file_online_after_the_phone_code(client, sms_outbox, django_capture_on_commit_callbacks):
    response = client.post("/info-request/", {**FORM, "action": "send_code"})
    assert response.status_code == 200 and "请输入短信验证码" not in response.content.decode()
    assert sms_outbox[-1].phone == PHONE and "政府信息公开申请" in sms_outbox[-1].text
    with django_capture_on_commit_callbacks(execute=True):  # the SMS goes out once the request is saved
        response = client.post("/info-request/", {**FORM, "code": last_code(sms_outbox), "action": "submit"})
    request = InfoRequest.objects.get()
    assert response.status_code == 302 and response.url == f"/info-request/{request.number}/"
    assert request.channel == "online" and request.status == RequestStatus.RECEIVED
    assert request.due_date is not None and request.id_number == "11010519491231002X"
    assert any(request.number in m.text and "已收到" in m.text for m in sms_outbox)
    page = client.get(response.url).content.decode()
    assert request.number in page and "李*" in page and "139****1111" in page and "政府信息公开申请登记回执" in page


def test_wrong_code_and_bad_fields_lose_nothing(client, sms_outbox):
    client.post("/info-request/", {**FORM, "action": "send_code"})
    response = client.post("/info-request/", {**FORM, "code": "000000", "action": "submit"})
    html = response.content.decode()
    assert "验证码错误或已失效" in html and "2025 年窗口服务规范全文" in html
    response = client.post("/info-request/", {**FORM, "requester_type": "business", "contact_person": "",
                                              "delivery_method": "email", "code": "123456", "action": "submit"})
    html = response.content.decode()
    assert "法人或其他组织申请请填写联系人" in html and "选择电子邮件获取时请填写电子邮箱" in html
    response = client.post("/info-request/", {**FORM, "id_number": "110105194912310021", "code": "123456", "action": "submit"})
    assert "身份证" in response.content.decode()
    assert not InfoRequest.objects.exists()


@pytest.mark.parametrize("requester_type, id_number, error", [
    ("business", "91330421MA2B000000", "统一社会信用代码校验位不正确"),
    ("business", "9133042112345", "统一社会信用代码应为 18 位"),
    ("research", "", "请填写统一社会信用代码"),
])
def test_an_organisation_proves_itself_by_a_valid_credit_code(client, sms_outbox, requester_type, id_number, error):
    org = {"requester_type": requester_type, "requester_name": "示范县鑫达建材有限公司", "contact_person": "王经理",
           "id_number": id_number}
    response = file_online(client, sms_outbox, **org)
    assert response.status_code == 200 and error in response.content.decode()
    assert not InfoRequest.objects.exists()


@pytest.mark.parametrize("requester_type, id_number", [("business", "91330421ma2b000002"), ("other_org", "")])
def test_an_organisation_with_a_valid_code_or_an_other_org_without_one_files(client, sms_outbox, requester_type, id_number):
    org = {"requester_type": requester_type, "requester_name": "示范县某小区业主委员会", "contact_person": "王主任",
           "id_number": id_number}
    assert file_online(client, sms_outbox, **org).status_code == 302
    assert InfoRequest.objects.get().id_number == id_number.upper()


def test_track_with_number_phone_and_code(client, sms_outbox):
    file_online(client, sms_outbox)
    request = InfoRequest.objects.get()
    client.logout()
    client.cookies.clear()
    assert client.get(f"/info-request/{request.number}/").status_code == 302  # no grant yet
    client.post("/info-request/track/", {"number": request.number, "phone": PHONE, "action": "send_code"})
    code = last_code(sms_outbox)
    response = client.post("/info-request/track/", {"number": request.number, "phone": PHONE, "code": code, "action": "verify"})
    assert response.status_code == 302 and response.url == f"/info-request/{request.number}/"
    html = client.get(response.url).content.decode()
    assert "办理中" in html and request.due_date.strftime("%Y-%m-%d") in html
    notice = request.notices.get()
    assert client.get(f"/info-request/{request.number}/notice/{notice.pk}/").status_code == 200


def test_tracking_does_not_reveal_which_numbers_exist(client, sms_outbox):
    file_online(client, sms_outbox)
    request = InfoRequest.objects.get()
    sent = len(sms_outbox)
    other = client.__class__()
    wrong_phone = other.post("/info-request/track/", {"number": request.number, "phone": "13700000000", "action": "send_code"})
    unknown = other.post("/info-request/track/", {"number": "YSGK20990101-000001", "phone": PHONE, "action": "send_code"})
    assert len(sms_outbox) == sent  # nothing sent for a mismatch
    assert "如申请编号与手机号码匹配" in wrong_phone.content.decode() and "如申请编号与手机号码匹配" in unknown.content.decode()
    response = other.post("/info-request/track/", {"number": request.number, "phone": PHONE, "code": "123456", "action": "verify"})
    assert "验证码不正确或已失效" in response.content.decode()
    assert other.get(f"/info-request/{request.number}/notice/{request.notices.get().pk}/").status_code == 404


def test_requester_answers_a_correction_online(client, sms_outbox, handler):
    from casework.engine import ActionError  # noqa: F401 - the engine is what refuses a stale form

    file_online(client, sms_outbox)
    request = InfoRequest.objects.get()
    from inforequests.workflow import workflow

    workflow.perform(request, handler, "request_correction", items="请写明文件名称。")
    request.refresh_from_db()
    answer_by = f"{request.pauses.get().answer_by:%Y-%m-%d}"
    assert f"并于 {answer_by} 前补正" in sms_outbox[-1].text
    html = client.get(f"/info-request/{request.number}/").content.decode()
    assert "待申请人补正" in html and "补正申请告知书" in html and "提交补正" in html
    assert f"于 <strong>{answer_by}</strong> 前在下方补正" in html
    response = client.post(f"/info-request/{request.number}/", {"answer": "《窗口服务规范》（2025 年版）", "version": request.version})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED and request.pauses.get().answer.startswith("《窗口服务规范》")
    stale = client.post(f"/info-request/{request.number}/", {"answer": "再次补正", "version": request.version - 1})
    assert "不能登记补正" in stale.content.decode() or "已被他人处理" in stale.content.decode()


def test_seeded_correction_message_gets_the_date_and_an_edited_one_is_kept():
    import importlib

    from django.apps import apps

    from citizens.models import MessageTemplate

    migration = importlib.import_module("citizens.migrations.0008_inforequest_correction_date")
    template = MessageTemplate.objects.get(key="inforequest_correction")
    MessageTemplate.objects.filter(pk=template.pk).update(sms_text=migration.OLD_SMS, email_body="编辑改过的邮件")
    migration.forwards(apps, None)
    template.refresh_from_db()
    assert "{{ answer_by }} 前补正" in template.sms_text and template.email_body == "编辑改过的邮件"
    assert template.variables == "name, number, answer_by"
