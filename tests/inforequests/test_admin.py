"""Staff entry of requests received by post or in person, the staff page's actions, the site-health
check of answer deadlines and the demo data in every state."""

import datetime

import pytest
from django.utils import timezone

from inforequests.choices import RequestStatus
from inforequests.models import InfoRequest
from sitehealth.registry import run_checks
from workdays.calendar import add_working_days

from .builders import filed

pytestmark = pytest.mark.django_db
STAFF_FORM = {
    "channel": "post", "requester_type": "business", "requester_name": "示范县鑫达建材有限公司",
    "id_number": "91330421MA2B000002", "contact_person": "王经理", "phone": "13900002222", "email": "",
    "address": "示范县工业园区 3 号", "description": "本企业 2025 年行政处罚决定书", "document_hint": "",
    "delivery_form": "paper", "delivery_method": "post",
}


def test_staff_enter_a_posted_request(client, handler, sms_outbox):
    client.force_login(handler)
    response = client.post("/admin/info-requests/new/", STAFF_FORM)
    request = InfoRequest.objects.get()
    assert response.status_code == 302 and response.url == f"/admin/info-requests/{request.pk}/"
    assert request.channel == "post" and request.received_on == timezone.localdate()
    assert request.created_by == handler and request.transitions.get().actor_name == "公开专员"
    html = client.get(response.url).content.decode()
    assert "要求补正" in html and "延期答复" in html and "答复" in html


def test_staff_entry_checks_a_credit_code_but_registers_a_letter_without_one(client, handler):
    client.force_login(handler)
    response = client.post("/admin/info-requests/new/", {**STAFF_FORM, "id_number": "91330421MA2B000000"})
    assert response.status_code == 200 and "统一社会信用代码校验位不正确" in response.content.decode()
    response = client.post("/admin/info-requests/new/", {**STAFF_FORM, "id_number": ""})
    assert response.status_code == 302 and InfoRequest.objects.get().id_number == ""


def test_staff_act_through_the_page_and_stale_forms_are_refused(client, handler):
    client.force_login(handler)
    request = filed(timezone.localdate())
    url = f"/admin/info-requests/{request.pk}/"
    response = client.post(url, {"action": "extend", "extend-version": request.version, "extend-days": 20,
                                 "extend-approved_by": "王建国", "extend-reason": "需要会商"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.extended_at is not None
    stale = client.post(url, {"action": "reply", "reply-version": request.version - 1, "reply-kind": "disclose"})
    assert "已被他人处理" in stale.content.decode()
    client.post(url, {"action": "reply", "reply-version": request.version, "reply-kind": "withhold", "reply-reason": "process"})
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED and request.reply_reason == "process"


def test_staff_ask_for_a_correction_with_its_period(client, handler):
    client.force_login(handler)
    request = filed(timezone.localdate())
    url = f"/admin/info-requests/{request.pk}/"
    assert 'name="request_correction-days"' in client.get(url).content.decode()
    response = client.post(url, {"action": "request_correction", "request_correction-version": request.version,
                                 "request_correction-items": "请写明文件名称", "request_correction-days": 5})
    assert response.status_code == 302
    pause = request.pauses.get()
    assert pause.answer_by == add_working_days(timezone.localdate(), 5)
    assert f"补正期限 {pause.answer_by:%Y-%m-%d}" in client.get(url).content.decode()


def test_staff_pages_need_the_grant(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("other", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get("/admin/info-requests/")  # Wagtail turns PermissionDenied into a redirect home
    assert response.status_code == 302 and response.url == "/admin/"


def test_site_health_flags_requests_near_and_past_their_deadline(handler, structure):
    today = timezone.localdate()
    keys = {"inforequests_deadline"}
    fresh = filed(today)
    assert run_checks(keys=keys)[0].findings == []
    filed(today - datetime.timedelta(days=40), phone="13800002000")  # 20 working days are over
    [finding] = run_checks(keys=keys)[0].findings
    assert "已超过答复期限" in finding.message and finding.fix_url.startswith("/admin/info-requests/")
    old = filed(today - datetime.timedelta(days=100), phone="13800003000", requester_name="李老申")
    found = run_checks(keys=keys)[0].findings
    assert any("已 100 天仍未答复（超过 90 天）" in f.message for f in found)
    # Findings are e-mailed to every editor: a natural person's name is masked, as for letters.
    assert f"{old.number}（李**）" in [f.subject for f in found] and not any("李老申" in f.subject for f in found)
    company = filed(today - datetime.timedelta(days=40), phone="13800004000", requester_type="business",
                    requester_name="示范县鑫达建材有限公司", contact_person="王经理")
    assert f"{company.number}（示范县鑫达建材有限公司）" in [f.subject for f in run_checks(keys=keys)[0].findings]
    assert fresh.status == RequestStatus.RECEIVED


def test_demo_requests_cover_every_state(handler):
    from inforequests.demo import ensure_demo_requests

    created = ensure_demo_requests()
    assert created and ensure_demo_requests() == 0  # idempotent
    requests = InfoRequest.objects.all()
    assert set(requests.values_list("status", flat=True)) == set(RequestStatus.values)
    kinds = set(requests.exclude(reply_kind="").values_list("reply_kind", flat=True))
    assert kinds == {"disclose", "partial", "withhold", "unavailable", "not_processed", "other"}
    assert requests.exclude(extended_at=None).exists() and requests.filter(paused_working_days__gt=0).exists()
