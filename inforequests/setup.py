"""Grants for `setup_portal`: editors (综合股, who run 政务公开) and supervisors handle requests."""

from portal.roles import GROUP_EDITORS, GROUP_SUPERVISORS
from portal.workflow_setup import ensure_group

HANDLE = ("inforequests", "handle_inforequest")
REVIEW_PERMISSIONS = [("inforequests", f"{action}_inforequestreview") for action in ("add", "change", "view")]


def ensure_permissions():
    for group in (GROUP_EDITORS, GROUP_SUPERVISORS):
        ensure_group(group, HANDLE, *REVIEW_PERMISSIONS)
