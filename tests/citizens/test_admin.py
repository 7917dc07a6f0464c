"""申请人服务 admin: message templates editable with validation; accounts shown masked."""

import pytest

from citizens.models import MessageTemplate

from .factories import citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(username="admin", password="Admin-pass-2025"))
    return client


def test_edit_message_template(admin_client):
    template = MessageTemplate.objects.get(key="case_closed")
    url = f"/admin/message_templates/edit/{template.pk}/"
    assert admin_client.get(url).status_code == 200
    data = {"name": "已办结", "sms_text": "【示范县】{{ case_number }} 已办结。", "email_subject": "", "email_body": ""}
    assert admin_client.post(url, data).status_code == 302
    template.refresh_from_db()
    assert template.sms_text == "【示范县】{{ case_number }} 已办结。"
    assert template.key == "case_closed"  # read-only in the form


def test_broken_template_is_refused_in_admin(admin_client):
    template = MessageTemplate.objects.get(key="case_closed")
    data = {"name": "已办结", "sms_text": "{% if %}", "email_subject": "", "email_body": ""}
    response = admin_client.post(f"/admin/message_templates/edit/{template.pk}/", data)
    assert response.status_code == 200 and "模板语法错误" in response.content.decode()


def test_citizen_list_is_masked(admin_client):
    citizen(phone="13812341234", real_name="张三丰")
    body = admin_client.get("/admin/citizen_profiles/").content.decode()
    assert "138****1234" in body and "张**" in body
    assert "13812341234" not in body


def test_message_templates_and_accounts_cannot_be_added_in_admin(admin_client):
    # A template's key is what the code sends by and is read-only in the form; accounts are
    # created by citizens. Wagtail answers a refused view with a redirect to the dashboard.
    count = MessageTemplate.objects.count()
    response = admin_client.post("/admin/message_templates/new/", {"name": "新模板", "sms_text": "您好"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert MessageTemplate.objects.count() == count and not MessageTemplate.objects.filter(key="").exists()
    assert admin_client.get("/admin/citizen_profiles/new/").status_code == 302
    assert "/admin/message_templates/new/" not in admin_client.get("/admin/message_templates/").content.decode()
