"""Message templates render in a sandbox and go to the SMS backend and e-mail."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from citizens.messaging import MessageError, send_message
from citizens.models import MessageTemplate

pytestmark = pytest.mark.django_db

SEEDED = {
    "otp_code", "application_submitted", "correction_requested", "case_accepted", "case_rejected",
    "case_closed", "deadline_reminder_staff", "overdue_supervisor",
}


def test_seeded_templates_exist_and_are_valid():
    templates = MessageTemplate.objects.filter(key__in=SEEDED)
    assert set(templates.values_list("key", flat=True)) == SEEDED
    for template in templates:
        template.full_clean()


def test_case_accepted_goes_by_sms_and_email(sms_outbox):
    context = {"name": "张**", "item_title": "居民身份证补领", "case_number": "SL2025100900001", "deadline": "2025-10-16"}
    send_message("case_accepted", context, phone="13812341234", email="zhang@example.com")
    assert len(sms_outbox) == 1
    assert sms_outbox[0].text == (
        "【示范县政务服务】张**，您申请的“居民身份证补领”已受理，收件编号 SL2025100900001，承诺 2025-10-16 前办结。"
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "受理通知：居民身份证补领"
    assert mail.outbox[0].to == ["zhang@example.com"]
    assert "承诺办结日期为 2025-10-16" in mail.outbox[0].body


def test_channels_follow_recipients_and_texts(sms_outbox):
    send_message("otp_code", {"code": "123456", "purpose": "登录", "minutes": 5}, email="a@example.com")
    assert sms_outbox == [] and mail.outbox == []  # the OTP template has no e-mail text
    with pytest.raises(MessageError, match="没有收件人"):
        send_message("case_closed", {})


def test_unknown_key_is_a_clear_error():
    with pytest.raises(MessageError, match="不存在"):
        send_message("no_such_template", {}, phone="13812341234")


def test_admin_edit_changes_the_wording(sms_outbox):
    MessageTemplate.objects.filter(key="case_closed").update(sms_text="【示范县】{{ case_number }} 已办结，请到 A01 窗口领取。")
    send_message("case_closed", {"case_number": "SL1"}, phone="13812341234")
    assert sms_outbox[0].text == "【示范县】SL1 已办结，请到 A01 窗口领取。"


def test_templates_see_only_plain_values(sms_outbox, django_user_model):
    user = django_user_model.objects.create_user(username="13800000000", password="x" * 12)
    MessageTemplate.objects.create(key="probe", name="探测", sms_text="[{{ user.password }}][{{ user }}]")
    send_message("probe", {"user": user}, phone="13812341234")
    assert sms_outbox[0].text == "[][13800000000]"  # str() only, never attributes


@pytest.mark.parametrize("source", ["{% debug %}", "{% load static %}", "{% include 'base.html' %}", "{% if %}"])
def test_unsafe_or_broken_templates_are_refused(source):
    template = MessageTemplate(key="bad", name="坏模板", sms_text=source)
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "模板语法错误" in str(error.value.message_dict["sms_text"])


def test_email_body_needs_a_subject():
    template = MessageTemplate(key="x", name="x", email_body="正文")
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "邮件标题不能为空" in str(error.value.message_dict["email_subject"])


def test_deleted_portal_template_is_restored_with_default_wording(sms_outbox):
    MessageTemplate.objects.filter(key="otp_code").delete()
    send_message("otp_code", {"code": "654321", "purpose": "登录", "minutes": 5}, phone="13812341234")
    assert "654321" in sms_outbox[0].text
    assert MessageTemplate.objects.filter(key="otp_code").exists()
