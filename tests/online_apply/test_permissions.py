"""Who may see a case, its files and notices: the applicant, its department's staff, supervisors."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from casework.models import CaseStatus, StaffAssignment
from tests import factories

from . import citizen_factories
from .citizen_factories import ID_LI, applicant_data, citizen, pdf

# The shared fixture, bound to a name here so pytest finds it in this module.
private_root = citizen_factories.private_root
pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client, structure, private_root):
    item = factories.service_item(materials=(("申请表", True, ""),))
    owner = citizen()
    client.force_login(owner)
    client.post(reverse("online_apply:start", args=[item.item_code]), applicant_data())
    case = item.cases.get()
    client.post(reverse("online_apply:step", args=[case.pk, 2]), {f"file_m{item.materials.get().pk}": pdf("我的申请表.pdf")})
    client.post(reverse("online_apply:step", args=[case.pk, 3]), {"declaration": "on"})
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    client.logout()
    return case


def urls(case):
    file_row = case.materials.get()
    return {
        "detail": reverse("online_apply:case_detail", args=[case.pk]),
        "receipt": reverse("online_apply:receipt", args=[case.pk]),
        "file": reverse("online_apply:file", args=[case.pk, file_row.pk]),
    }


def test_owner_downloads_with_safe_headers(client, submitted):
    client.force_login(submitted.applicant)
    response = client.get(urls(submitted)["file"])
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;") and "filename*=utf-8''" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_other_citizen_gets_404_everywhere(client, submitted):
    client.force_login(citizen(username="lisi", phone="13900001111", real_name="李四", id_number=ID_LI))
    for url in urls(submitted).values():
        assert client.get(url).status_code == 404, url


def test_anonymous_redirected_to_login(client, submitted):
    for url in urls(submitted).values():
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/account/login/?next="), url


def test_file_url_must_match_its_case(client, submitted, structure):
    other_item = factories.service_item(code="XK-330521-0077", materials=(("表", True, ""),))
    client.force_login(submitted.applicant)
    client.post(reverse("online_apply:start", args=[other_item.item_code]), applicant_data())
    other_case = other_item.cases.get()
    file_row = submitted.materials.get()
    assert client.get(reverse("online_apply:file", args=[other_case.pk, file_row.pk])).status_code == 404


def test_staff_of_department_yes_of_other_department_no(client, submitted, django_user_model):
    own = django_user_model.objects.create_user("win1", password="x-very-long-pass", is_staff=True)
    StaffAssignment.objects.create(user=own, department=submitted.department)
    other = django_user_model.objects.create_user("win2", password="x-very-long-pass", is_staff=True)
    StaffAssignment.objects.create(user=other, department=factories.department(name="县市场监管局", code="scjg"))
    file_url = urls(submitted)["file"]
    client.force_login(own)
    assert client.get(file_url).status_code == 200
    client.force_login(other)
    assert client.get(file_url).status_code == 404


def test_supervisor_sees_every_file(client, submitted, django_user_model):
    supervisor = django_user_model.objects.create_user("dc1", password="x-very-long-pass", is_staff=True)
    supervisor.groups.add(Group.objects.get_or_create(name="督查")[0])
    client.force_login(supervisor)
    assert client.get(urls(submitted)["file"]).status_code == 200


def test_staff_cannot_use_citizen_pages(client, submitted, django_user_model):
    staff = django_user_model.objects.create_user("win3", password="x-very-long-pass", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("online_apply:my_cases")).status_code == 403


def test_notice_page_for_owner_only(client, submitted, django_user_model):
    from casework import services

    supervisor = django_user_model.objects.create_user("dc2", password="x-very-long-pass", is_staff=True)
    supervisor.groups.add(Group.objects.get_or_create(name="督查")[0])
    notice = services.reject(submitted, supervisor, "申请事项不属于本中心受理范围")
    url = reverse("online_apply:notice", args=[submitted.pk, notice.pk])
    client.force_login(submitted.applicant)
    page = client.get(url).content.decode()
    assert "不予受理告知书" in page and notice.number in page and "行政复议" in page
    client.force_login(citizen(username="lisi", phone="13900001111", real_name="李四", id_number=ID_LI))
    assert client.get(url).status_code == 404


def test_client_address_ignores_x_real_ip_unless_a_proxy_is_trusted(rf, settings):
    from online_apply.views.common import client_ip

    request = rf.get("/cases/lookup/", HTTP_X_REAL_IP="203.0.113.9", REMOTE_ADDR="10.0.0.2")
    settings.TRUST_X_REAL_IP = False
    assert client_ip(request) == "10.0.0.2"
    settings.TRUST_X_REAL_IP = True
    assert client_ip(request) == "203.0.113.9"
