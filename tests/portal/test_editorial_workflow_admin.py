"""The editorial path end to end through the real Wagtail admin views, as the three roles
that setup_portal creates: an editor drafts an item and submits it; the 分管领导 approves
the pre-review; the 领导小组 approves; only then is the item public."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from guides.models import ServiceItemPage
from portal.roles import GROUP_APPROVAL, GROUP_EDITORS, GROUP_PRE_REVIEW
from portal.site_structure import ensure_site_structure
from tests.guides.test_admin_forms import item_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    call_command("setup_portal", stdout=io.StringIO())
    users = {}
    for username, group in (("editor", GROUP_EDITORS), ("reviewer", GROUP_PRE_REVIEW), ("approver", GROUP_APPROVAL)):
        users[username] = get_user_model().objects.create_user(username, password="Unused-pass-123")
        users[username].groups.add(Group.objects.get(name=group))
    return users


def approve_current_task(client, user, page):
    client.force_login(user)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": "同意"})
    assert response.status_code in (200, 302), response.content[:500]
    page.refresh_from_db()


def test_item_goes_live_only_after_both_approvals(client, people):
    catalog = ensure_site_structure().catalog
    client.force_login(people["editor"])
    data = item_form_data()
    data["action-submit"] = "action-submit"
    response = client.post(reverse("wagtailadmin_pages:add", args=["guides", "serviceitempage", catalog.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    page = ServiceItemPage.objects.get(item_code="XK-330521-0100")
    assert not page.live
    assert page.current_workflow_task.name == "分管领导预审"
    assert client.get(f"/item/{page.item_code}/").status_code == 404  # not public yet

    approve_current_task(client, people["reviewer"], page)
    assert not page.live
    assert page.current_workflow_task.name == "领导小组审批"

    approve_current_task(client, people["approver"], page)
    assert page.live
    assert page.current_workflow_state is None
    client.logout()
    assert client.get(f"/item/{page.item_code}/", follow=True).status_code == 200
    assert page.revisions.count() >= 1


def test_editor_cannot_publish_directly(client, people):
    catalog = ensure_site_structure().catalog
    client.force_login(people["editor"])
    data = item_form_data()
    data["action-publish"] = "action-publish"
    client.post(reverse("wagtailadmin_pages:add", args=["guides", "serviceitempage", catalog.pk]), data)
    page = ServiceItemPage.objects.filter(item_code="XK-330521-0100").first()
    assert page is None or not page.live
