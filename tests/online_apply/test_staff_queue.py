"""Staff queue in the admin: scoping by department, filters, counts, lawful forms, refusals."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from casework import clock, services
from casework.models import CaseStatus
from tests import factories

from . import builders as b


@pytest.fixture
def env(db, tmp_path):
    b.use_tmp_private_storage(tmp_path)
    a = factories.department("县住建局", "zjj")
    c = factories.department("县消防救援大队", "xf")
    item_a = b.item(dept=a)
    item_b = b.item(code="XK-330521-0201", dept=c, title="消防验收")
    case_a = b.draft_case(item_a)
    services.submit(case_a, case_a.applicant)
    case_b = b.draft_case(item_b)
    services.submit(case_b, case_b.applicant)
    return {"a": case_a, "b": case_b, "staff_a": b.staff("window_zjj", a), "sup": b.supervisor(), "item_a": item_a}


def test_staff_see_only_their_department(env, client):
    client.force_login(env["staff_a"])
    page = client.get("/admin/cases/").content.decode()
    assert env["a"].receipt_number in page and env["b"].receipt_number not in page
    assert client.get(f"/admin/cases/{env['b'].pk}/").status_code == 404
    response = client.post(f"/admin/cases/{env['b'].pk}/", {"action": "pre_approve", "pre_approve-version": 1})
    assert response.status_code == 404
    env["b"].refresh_from_db()
    assert env["b"].status == CaseStatus.SUBMITTED


def test_supervisor_sees_all_and_others_get_403(env, client, django_user_model):
    client.force_login(env["sup"])
    page = client.get("/admin/cases/").content.decode()
    assert env["a"].receipt_number in page and env["b"].receipt_number in page
    assert client.get("/admin/cases/overdue/").status_code == 200
    editor = django_user_model.objects.create_user("editor", password="x-Strong-pass-1")
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with an error message.
    for url in ("/admin/cases/", f"/admin/cases/{env['a'].pk}/", "/admin/cases/overdue/"):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert env["a"].receipt_number not in response.content.decode()
    client.force_login(env["staff_a"])
    assert client.get("/admin/cases/overdue/").status_code in (302, 403)


def test_counts_and_filters(env, client):
    today = timezone.localdate()
    late = b.draft_case(env["item_a"])
    b.set_status(late, CaseStatus.ACCEPTED, receipt_number="YS20240101-000099", acceptance_date=today - timedelta(days=30),
                 due_date=today - timedelta(days=7))
    client.force_login(env["staff_a"])
    page = client.get("/admin/cases/").content.decode()
    assert 'data-status="submitted">1<' in page and 'data-status="accepted">1<' in page
    page = client.get("/admin/cases/?overdue=on").content.decode()
    assert "YS20240101-000099" in page and env["a"].receipt_number not in page
    assert "oa-badge--overdue" in page
    page = client.get("/admin/cases/?status=submitted").content.decode()
    assert env["a"].receipt_number in page and "YS20240101-000099" not in page
    page = client.get("/admin/cases/?due_within=2").content.decode()
    assert "YS20240101-000099" in page
    response = client.get("/admin/cases/?due_within=abc&status=nonsense")
    assert response.status_code == 200 and "筛选条件有误" in response.content.decode()


def test_queue_puts_cases_awaiting_pre_review_first_on_every_database(env, client):
    """待预审 has no 承诺办结日期 yet; it must not sink below every dated (even closed) case, as a
    plain ascending sort does on PostgreSQL."""
    today = timezone.localdate()
    done = b.draft_case(env["item_a"])
    b.set_status(done, CaseStatus.CLOSED, receipt_number="YS20240101-000098", acceptance_date=today - timedelta(days=30),
                 due_date=today - timedelta(days=20))
    client.force_login(env["staff_a"])
    page = client.get("/admin/cases/").content.decode()
    assert page.index(env["a"].receipt_number) < page.index("YS20240101-000098")


def test_case_page_shows_only_lawful_forms_and_masks_personal_data(env, client):
    client.force_login(env["staff_a"])
    page = client.get(f"/admin/cases/{env['a'].pk}/").content.decode()
    assert "33*************237" in page and "138****0001" in page
    assert 'value="pre_approve"' in page and 'value="request_corrections"' in page
    assert 'value="close"' not in page and 'value="accept"' not in page
    # Posting an action that is not lawful now is refused and changes nothing.
    client.post(f"/admin/cases/{env['a'].pk}/", {"action": "close", "close-version": env["a"].version})
    env["a"].refresh_from_db()
    assert env["a"].status == CaseStatus.SUBMITTED


def test_action_through_the_form_and_stale_version(env, client):
    client.force_login(env["staff_a"])
    url = f"/admin/cases/{env['a'].pk}/"
    version = env["a"].version
    client.post(url, {"action": "pre_approve", "pre_approve-action": "pre_approve", "pre_approve-version": version, "pre_approve-note": ""})
    env["a"].refresh_from_db()
    assert env["a"].status == CaseStatus.PRE_APPROVED
    response = client.post(url, {"action": "reject", "reject-action": "reject", "reject-version": version, "reject-reasons": "不符合"}, follow=True)
    assert "已被他人处理" in response.content.decode()
    env["a"].refresh_from_db()
    assert env["a"].status == CaseStatus.PRE_APPROVED


def test_material_preview_is_permission_checked(env, client):
    material = env["a"].materials.first()
    client.force_login(env["staff_a"])
    response = client.get(f"/admin/cases/{env['a'].pk}/files/{material.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline") and response["X-Frame-Options"] == "SAMEORIGIN"
    # A sandbox CSP would make Chrome block its PDF viewer inside the preview frame.
    assert "sandbox" not in response.get("Content-Security-Policy", "")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    other = env["b"].materials.first()
    assert client.get(f"/admin/cases/{env['b'].pk}/files/{other.pk}/").status_code == 404


def test_immediate_accept_and_close_refused_whole_when_post_address_missing(env, client):
    item = b.item(code="XK-330521-0202", kind="即办件", days=0, dept=env["a"].department, title="临时身份证明")
    case = b.draft_case(item)
    services.submit(case, case.applicant)
    services.pre_approve(case, env["staff_a"])
    client.force_login(env["staff_a"])
    data = {"action": "accept", "accept-action": "accept", "accept-version": case.version, "accept-note": "",
            "accept-close_now": "on", "accept-result": "当场出具证明", "accept-delivery_method": "post", "accept-address": ""}
    response = client.post(f"/admin/cases/{case.pk}/", data)
    assert response.status_code == 200 and "邮寄送达请填写邮寄地址" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.PRE_APPROVED and not case.notices.exists()
    data["accept-address"] = "示范县人民大道1号"
    client.post(f"/admin/cases/{case.pk}/", data)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.delivery_address == "示范县人民大道1号"


def test_plain_accept_of_an_immediate_case_and_the_deficiency_panel_only_when_accepted_so(env, client):
    """The 受理 form of a 即办件 leaves 当场办结 unticked, so a plain 受理 (no result) works; the
    容缺承诺 panel shows only on a case accepted 容缺."""
    item = b.item(code="XK-330521-0203", kind="即办件", days=0, dept=env["a"].department, title="临时身份证明")
    case = b.draft_case(item)
    services.submit(case, case.applicant)
    services.pre_approve(case, env["staff_a"])
    client.force_login(env["staff_a"])
    page = client.get(f"/admin/cases/{case.pk}/").content.decode()
    close_now = re.search(r'<input[^>]*name="accept-close_now"[^>]*>', page).group()
    assert "checked" not in close_now
    client.post(f"/admin/cases/{case.pk}/", {
        "action": "accept", "accept-action": "accept", "accept-version": case.version, "accept-note": "",
        "accept-delivery_method": "window", "accept-address": "",
    })
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and not case.result
    assert "容缺承诺" not in client.get(f"/admin/cases/{case.pk}/").content.decode()
    other, staff_b = env["b"], b.staff("window_xf", env["b"].department)
    services.pre_approve(other, staff_b)
    services.accept_with_deficiency(
        other, staff_b, material_name="户口簿", due_date=clock.today() + timedelta(days=7), promise_text="一周内补交",
    )
    client.force_login(staff_b)
    assert "容缺承诺" in client.get(f"/admin/cases/{other.pk}/").content.decode()


def test_used_stop_reason_cannot_be_deleted_only_retired(env, client, django_user_model):
    from django.urls import reverse

    from casework.models import StopReason

    used, unused = b.stop_reason("现场踏勘"), b.stop_reason("听证")
    env["a"].clock_stops.create(reason=used, approved_by="李局长", started_on=timezone.localdate())
    client.force_login(django_user_model.objects.create_superuser("admin", password="Admin-pass-2025"))
    response = client.post(reverse("stopreason:delete", args=[used.pk]), follow=True)
    assert response.status_code == 200 and "不能删除" in response.content.decode()
    assert StopReason.objects.filter(pk=used.pk).exists()
    client.post(reverse("stopreason:delete", args=[unused.pk]))
    assert not StopReason.objects.filter(pk=unused.pk).exists()


# ---------------------------------------------------------------- query count per page


def _stopped_cases(service_item, applicant, count, start):
    """`count` cases with the clock stopped (an open ClockStop each), numbered from `start`."""
    from casework.models import ClockStop

    today = timezone.localdate()
    reason = b.stop_reason("现场踏勘")
    for n in range(start, start + count):
        case = b.draft_case(service_item, user=applicant, upload=False)
        b.set_status(case, CaseStatus.STOPPED, receipt_number=f"YS20250101-{n:06d}", stopped_working_days=1,
                     acceptance_date=today - timedelta(days=20), due_date=today - timedelta(days=10))
        ClockStop.objects.create(case=case, reason=reason, approved_by="李局长", started_on=today - timedelta(days=n % 9))


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_queue_query_count_does_not_grow_with_stopped_cases(env, client):
    url = "/admin/cases/"
    applicant = env["a"].applicant
    _stopped_cases(env["item_a"], applicant, 3, start=1)
    client.force_login(env["staff_a"])
    client.get(url)  # warm the working-day calendar's per-process year cache
    few, page = _queries(client, url)
    assert "YS20250101-000003" in page
    _stopped_cases(env["item_a"], applicant, 12, start=4)
    many, page = _queries(client, url)
    assert "YS20250101-000015" in page and 'data-status="stopped">15<' in page
    assert many == few


def test_my_cases_query_count_does_not_grow_with_stopped_cases(db, client):
    from tests.online_apply.citizen_factories import citizen

    user = citizen()
    service_item = b.item()
    _stopped_cases(service_item, user, 3, start=1)
    client.force_login(user)
    url = "/my/cases/"
    client.get(url)
    few, page = _queries(client, url)
    assert "YS20250101-000003" in page
    _stopped_cases(service_item, user, 12, start=4)
    many, page = _queries(client, url)
    assert "YS20250101-000015" in page
    assert many == few


def test_my_cases_lists_ten_to_a_page_newest_first(db, client):
    from tests.online_apply.citizen_factories import citizen

    user = citizen()
    _stopped_cases(b.item(), user, 12, start=1)
    client.force_login(user)
    first = client.get("/my/cases/").content.decode()
    assert "YS20250101-000012" in first and "YS20250101-000003" in first
    assert "YS20250101-000002" not in first
    assert 'aria-label="分页"' in first and "第 1 / 2 页，共 12 项" in first
    second = client.get("/my/cases/?page=2").content.decode()
    assert "YS20250101-000002" in second and "YS20250101-000001" in second
    assert "YS20250101-000003" not in second
    # A page number out of range or not a number shows the last or first page, never an error.
    assert "YS20250101-000001" in client.get("/my/cases/?page=99").content.decode()
    assert "YS20250101-000012" in client.get("/my/cases/?page=abc").content.decode()


def test_prefetched_open_stops_give_the_same_deadline_figures(db):
    from casework import deadlines
    from casework.models import Case

    service_item = b.item()
    _stopped_cases(service_item, b.applicant(), 4, start=1)
    running = b.draft_case(service_item, upload=False)
    today = timezone.localdate()
    b.set_status(running, CaseStatus.ACCEPTED, receipt_number="YS20250101-000099", acceptance_date=today,
                 due_date=today + timedelta(days=1))
    for case in deadlines.with_open_stops(Case.objects.all()):
        plain = Case.objects.get(pk=case.pk)
        info = deadlines.deadline_info(case, today)
        assert info.days_left == deadlines.working_days_left(plain, today)
        assert info.overdue == deadlines.is_overdue(plain, today)
        assert info.due_soon == deadlines.is_due_soon(plain, today)
        assert deadlines.open_stop_days(case, today) == deadlines.open_stop_days(plain, today)
