"""The mandatory columns under the two-stage workflow, 窗口人员公示 with consent only, and the
admin's 待公开信息 list of what must go public within 20 working days of being made or changed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from disclosure.models import (
    CommitmentsPage,
    DisclosureCatalogPage,
    DisclosureColumnPage,
    LeadershipPage,
    StaffDirectoryPage,
    WindowStaffMember,
)
from disclosure.publication import pending_documents
from disclosure.setup import ensure_demo_disclosure
from portal.roles import GROUP_EDITORS
from portal.workflow_setup import WORKFLOW_NAME, ensure_groups_and_workflow
from workdays.calendar import add_working_days

from .builders import document, section

pytestmark = pytest.mark.django_db


def test_every_mandatory_column_exists_and_editors_publish_only_through_the_two_stage_review(django_user_model):
    index, columns = section()
    groups, _ = ensure_groups_and_workflow(index.get_parent())
    kinds = {c.column_kind for c in DisclosureColumnPage.objects.child_of(index)}
    assert kinds == {"functions", "rules", "reporting", "guide", "annual_reports"}
    for model in (LeadershipPage, StaffDirectoryPage, CommitmentsPage, DisclosureCatalogPage):
        assert model.objects.child_of(index).count() == 1
    editor = django_user_model.objects.create_user("bianji")
    editor.groups.add(groups[GROUP_EDITORS])
    doc = document("待审核的文件", "W/2026-00001", live=False)
    for page in [*columns.values(), doc]:
        assert page.get_workflow().name == WORKFLOW_NAME
        permissions = page.permissions_for_user(editor)
        assert permissions.can_edit() and not permissions.can_publish()


def test_window_staff_directory_shows_only_staff_who_consented(client):
    _, columns = section()
    ensure_demo_disclosure(columns)
    html = client.get(columns["staff"].url).content.decode()
    for name in ("张丽", "陈明", "刘芳"):
        assert name in html
    assert "赵强" not in html  # no recorded consent
    assert "1 号窗口" in html and "户政窗口受理员" in html and "身份证、户口迁移等户政业务受理。" in html


def test_consent_needs_its_date():
    member = WindowStaffMember(name="王五", post="受理员", duties="受理", consented=True)
    with pytest.raises(ValidationError) as error:
        member.clean()
    assert "请填写同意日期" in str(error.value)
    WindowStaffMember(name="王五", post="受理员", duties="受理", consented=False).clean()


def test_pending_list_shows_due_and_overdue_and_counts_from_the_change(admin_client):
    today = timezone.localdate()
    section()
    document("新文件", "P/2026-00001", live=False, written=today)
    document("逾期文件", "P/2026-00002", live=False, written=today - datetime.timedelta(days=60))
    old = document("2019 年的文件", "P/2019-00001", written=datetime.date(2019, 3, 1),
                   publication_date=datetime.date(2019, 3, 8))
    draft = old.get_latest_revision_as_object()
    draft.summary = "修改了错别字"
    draft.save_revision()  # a change to a live document, no 变更日期 given: counted from today
    rows = {row.page.title: row for row in pending_documents(today)}
    assert rows["新文件"].status.deadline == add_working_days(today, 20) and not rows["新文件"].status.overdue
    assert rows["逾期文件"].status.overdue
    assert rows["2019 年的文件"].information_date == today and not rows["2019 年的文件"].status.overdue

    draft = old.get_latest_revision_as_object()
    draft.changed_date = today - datetime.timedelta(days=60)  # the editor says when it really changed
    draft.save_revision()
    assert {row.page.title: row for row in pending_documents(today)}["2019 年的文件"].status.overdue

    html = admin_client.get("/admin/disclosure/pending/").content.decode()
    assert "<strong>逾期 2 件</strong>" in html
    for title in ("新文件", "逾期文件", "2019 年的文件"):
        assert title in html
    assert "已发布，有修改待审" in html and "未发布" in html


def test_pending_list_is_for_admin_users_only(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("citizen"))
    response = client.get("/admin/disclosure/pending/")
    assert response.status_code in (302, 403)
