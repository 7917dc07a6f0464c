"""Staff groups, their permissions and the 政务公开两级审核 workflow, created idempotently.

docs/domain.md "发布审核": public content goes draft → 分管领导 pre-review → 领导小组 approval → published.
Editors may add and edit pages but not publish; only a completed workflow (or the approval
group, for urgent take-downs) publishes. Other apps grant their own permissions to the
groups in portal.roles (e.g. casework's case permissions) with `ensure_group`.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from portal.roles import (
    ALL_GROUPS,
    GROUP_APPROVAL,
    GROUP_EDITORS,
    GROUP_PRE_REVIEW,
    GROUP_SUPERVISORS,
    GROUP_WINDOW_STAFF,
)

WORKFLOW_NAME = "政务公开两级审核"
PRE_REVIEW_TASK = "分管领导预审"
APPROVAL_TASK = "领导小组审批"

# Page permissions on the home page (and so on every public page below it).
PAGE_PERMISSIONS = {
    GROUP_EDITORS: ["add_page", "change_page"],
    GROUP_PRE_REVIEW: ["change_page"],
    GROUP_APPROVAL: ["change_page", "publish_page"],
}
# Model permissions: snippets the editors maintain.
MODEL_PERMISSIONS = {
    GROUP_EDITORS: [
        ("guides", "add_department"), ("guides", "change_department"), ("guides", "delete_department"),
        ("guides", "add_theme"), ("guides", "change_theme"), ("guides", "delete_theme"),
    ],
    # Window staff work their department's queue; supervisors see every case (also granted by
    # casework's migration 0001 so a freshly migrated database has them before set-up).
    GROUP_WINDOW_STAFF: [("casework", "process_case"), ("casework", "view_case")],
    GROUP_SUPERVISORS: [
        ("casework", "supervise_case"), ("casework", "process_case"), ("casework", "view_case"),
        ("casework", "view_stopreason"), ("casework", "view_staffassignment"),
    ],
}
# Collection permissions on the root collection: editors upload documents (blank forms,
# samples) and images.
COLLECTION_PERMISSIONS = {
    GROUP_EDITORS: [
        ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document"),
        ("wagtailimages", "add_image"), ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"),
    ],
    GROUP_PRE_REVIEW: [("wagtaildocs", "choose_document"), ("wagtailimages", "choose_image")],
    GROUP_APPROVAL: [("wagtaildocs", "choose_document"), ("wagtailimages", "choose_image")],
}


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_group(name, *permissions):
    """Get or create a staff group with Wagtail admin access plus `permissions`
    ((app_label, codename) pairs). Safe to call repeatedly, from any app."""
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(permission("wagtailadmin", "access_admin"))
    if permissions:
        group.permissions.add(*(permission(app, code) for app, code in permissions))
    return group


def ensure_role_group(name):
    """The group `name` (a portal.roles constant) with exactly the grants set-up gives it."""
    return ensure_group(name, *MODEL_PERMISSIONS.get(name, ()))


@transaction.atomic
def ensure_groups_and_workflow(home_page):
    """Create/refresh every staff group and the two-stage workflow on `home_page`."""
    groups = {name: ensure_role_group(name) for name in ALL_GROUPS}
    # Wagtail's migration creates the root collection; a flushed database (restore, transactional
    # tests) may lack it.
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for name, codenames in PAGE_PERMISSIONS.items():
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=groups[name], page=home_page, permission=permission("wagtailcore", codename)
            )
    for name, perms in COLLECTION_PERMISSIONS.items():
        for app_label, codename in perms:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[name], collection=root_collection, permission=permission(app_label, codename)
            )
    workflow = ensure_workflow(home_page, groups[GROUP_PRE_REVIEW], groups[GROUP_APPROVAL])
    rename_wagtail_defaults()
    return groups, workflow


# Wagtail's own migrations create these rows with English names, which the admin's group and
# workflow listings would show to staff; the admin is Chinese only (docs/domain.md 适老化与无障碍).
WAGTAIL_DEFAULT_NAMES = {
    Group: {"Moderators": "Wagtail 默认审核组", "Editors": "Wagtail 默认编辑组"},
    Workflow: {"Moderators approval": "Wagtail 默认审核流程"},
    GroupApprovalTask: {"Moderators approval": "Wagtail 默认审核任务"},
}


def rename_wagtail_defaults():
    for model, names in WAGTAIL_DEFAULT_NAMES.items():
        for english, chinese in names.items():
            model.objects.filter(name=english).update(name=chinese)


def ensure_workflow(home_page, pre_review_group, approval_group):
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    stages = [(PRE_REVIEW_TASK, pre_review_group), (APPROVAL_TASK, approval_group)]
    for order, (task_name, group) in enumerate(stages):
        task, _ = GroupApprovalTask.objects.get_or_create(name=task_name, defaults={"active": True})
        if not task.active:  # an inactive task is skipped, which would drop a review stage
            task.active = True
            task.save(update_fields=["active"])
        task.groups.set([group])
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    # Assigned to the home page, so every public page below it inherits the workflow.
    WorkflowPage.objects.update_or_create(page=home_page, defaults={"workflow": workflow})
    return workflow
