"""setup_portal is idempotent; the 政务公开两级审核 workflow takes a page from draft to live."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Revision,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from guides.models import ServiceItemPage
from portal.demo_setup import DEMO_CATALOG, DEMO_PASSWORD
from portal.models import HomePage, NoticePage, SiteIdentity
from portal.roles import (
    ALL_GROUPS,
    GROUP_APPROVAL,
    GROUP_EDITORS,
    GROUP_PRE_REVIEW,
    GROUP_SUPERVISORS,
    GROUP_WINDOW_STAFF,
)
from portal.workflow_setup import APPROVAL_TASK, PRE_REVIEW_TASK, WORKFLOW_NAME
from tests import factories

pytestmark = pytest.mark.django_db


def setup(*args):
    out = StringIO()
    call_command("setup_portal", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "items": ServiceItemPage.objects.count(),
        "notices": NoticePage.objects.count(),
        "groups": Group.objects.count(),
        "group_permissions": sum(g.permissions.count() for g in Group.objects.all()),
        "page_permissions": GroupPagePermission.objects.count(),
        "collection_permissions": GroupCollectionPermission.objects.count(),
        "workflows": Workflow.objects.count(),
        "tasks": Task.objects.count(),
        "workflow_tasks": WorkflowTask.objects.count(),
        "workflow_pages": WorkflowPage.objects.count(),
        "users": get_user_model().objects.count(),
        "site_identities": SiteIdentity.objects.count(),
    }


def test_setup_portal_twice_is_idempotent():
    setup()
    first = counts()
    setup()
    assert counts() == first
    assert set(ALL_GROUPS) <= set(Group.objects.values_list("name", flat=True))
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert [t.name for t in workflow.tasks] == [PRE_REVIEW_TASK, APPROVAL_TASK]
    assert WorkflowPage.objects.get(workflow=workflow).page.specific_class is HomePage
    assert first["site_identities"] == 1 and first["users"] == 0


def test_setup_portal_restores_a_deactivated_review_stage():
    setup()
    Task.objects.filter(name=PRE_REVIEW_TASK).update(active=False)  # a workflow skips inactive tasks
    setup()
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert [t.name for t in workflow.tasks.filter(active=True)] == [PRE_REVIEW_TASK, APPROVAL_TASK]


@pytest.mark.skipif(not DEMO_CATALOG.exists(), reason="guides/fixtures/demo_catalog.json 尚未提供（由另一位工程师编写）")
def test_setup_portal_demo_twice_is_idempotent_and_prints_credentials():
    output = setup("--demo")
    first = counts()
    assert first["items"] > 0 and first["notices"] == 3 and first["users"] == 3
    assert "用户名 editor  密码 Zwfw-Demo-2026" in output
    assert "仅供演示" in output

    again = setup("--demo")
    assert counts() == first
    assert "演示事项已全部存在" in again


def test_demo_accounts_are_in_their_groups_and_a_changed_password_is_kept():
    setup("--demo")
    users = get_user_model().objects
    for username, group in (("editor", GROUP_EDITORS), ("reviewer", GROUP_PRE_REVIEW), ("approver", GROUP_APPROVAL)):
        user = users.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.has_perm("wagtailadmin.access_admin")

    editor = users.get(username="editor")
    editor.set_password("Changed-by-editor-99")
    editor.save()
    setup("--demo")
    editor.refresh_from_db()
    assert editor.check_password("Changed-by-editor-99")


def test_groups_have_the_intended_permissions():
    setup()
    home = HomePage.objects.get()
    for name in (GROUP_WINDOW_STAFF, GROUP_SUPERVISORS):
        assert Group.objects.get(name=name).permissions.filter(codename="access_admin").exists()
    editor = get_user_model().objects.create_user("e1", password="x-Unused-123")
    editor.groups.add(Group.objects.get(name=GROUP_EDITORS))
    perms = home.permissions_for_user(editor)
    assert perms.can_add_subpage() and perms.can_edit()
    assert not perms.can_publish()  # publishing goes through the two-stage review
    assert editor.has_perm("guides.change_department") and editor.has_perm("guides.add_theme")
    assert GroupCollectionPermission.objects.filter(
        group__name=GROUP_EDITORS, permission=Permission.objects.get(codename="add_document")
    ).exists()


# ------------------------------------------------------------------ the workflow
@pytest.fixture
def staff():
    setup()
    users = get_user_model().objects
    people = {}
    for username, group in (("editor", GROUP_EDITORS), ("reviewer", GROUP_PRE_REVIEW), ("approver", GROUP_APPROVAL)):
        people[username] = users.create_user(username, password="Unused-pass-123")
        people[username].groups.add(Group.objects.get(name=group))
    return people


def submit_draft(editor):
    """An editor drafts a new item page and submits it for review."""
    page = factories.service_item(title="新设事项", code="XK-330521-0100", publish=False)
    page.title = "新设事项（提交审核）"
    page.save_revision(user=editor)
    workflow = page.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    return page, workflow.start(page, editor)


def act(page, user, action):
    """Act on the current task the way the admin does: only if the task offers the action."""
    state = WorkflowState.objects.get(pk=page.current_workflow_state.pk)
    task_state = state.current_task_state
    task = task_state.task.specific
    assert action in [name for name, _, _ in task.get_actions(page, user)], f"{user} 不能对“{task.name}”执行 {action}"
    task.on_action(task_state, user, action)


def test_page_goes_draft_pre_review_approval_live(staff):
    page, state = submit_draft(staff["editor"])
    assert state.current_task_state.task.name == PRE_REVIEW_TASK
    task = state.current_task_state.task.specific
    assert task.get_actions(page, staff["editor"]) == []  # editors cannot approve their own work
    assert task.get_actions(page, staff["approver"]) == []  # approval is not the first stage

    act(page, staff["reviewer"], "approve")
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_task.name == APPROVAL_TASK
    assert page.current_workflow_task.specific.get_actions(page, staff["reviewer"]) == []

    act(page, staff["approver"], "approve")
    page = ServiceItemPage.objects.get(pk=page.pk)
    assert page.live and page.title == "新设事项（提交审核）"
    assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_APPROVED


def test_rejection_sends_the_page_back_to_the_editor(staff):
    page, state = submit_draft(staff["editor"])
    act(page, staff["reviewer"], "reject")
    page = ServiceItemPage.objects.get(pk=page.pk)
    assert not page.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    # The editor fixes it and resubmits; the review starts again at the first stage.
    page.title = "新设事项（已修改）"
    page.save_revision(user=staff["editor"])
    state.resume(staff["editor"])
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == PRE_REVIEW_TASK


def test_notice_pages_also_fall_under_the_workflow(structure):
    setup()
    notice = NoticePage(title="测试通知", date="2026-01-05")
    structure.notices.add_child(instance=notice)
    assert notice.get_workflow().name == WORKFLOW_NAME


def test_admin_access_follows_the_roles(client, staff):
    page = factories.service_item(title="后台可编辑事项", code="XK-330521-0200")
    window_staff = get_user_model().objects.create_user("window1", password="Unused-pass-123")
    window_staff.groups.add(Group.objects.get(name=GROUP_WINDOW_STAFF))

    client.force_login(staff["editor"])
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{page.get_parent().pk}/add_subpage/").status_code == 200

    client.force_login(window_staff)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code in (302, 403)
