"""Draft (or refresh) a month's bulletin page; never touch a published one."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from portal.models import HomePage
from workdays.calendar import is_working_day

from .metrics.periods import Month
from .metrics.snapshot import build_snapshot
from .models import BulletinIndexPage, BulletinPage


class BulletinError(Exception):
    """A bulletin that cannot be drafted now (month not over, already published, no index)."""


def ensure_index():
    index = BulletinIndexPage.objects.first()
    if index:
        return index
    home = HomePage.objects.first()
    if home is None:
        raise BulletinError("尚未初始化门户首页，请先运行 python manage.py setup_portal。")
    index = BulletinIndexPage(
        title="运行情况通报", slug="bulletins",
        intro="<p>每月通报政务服务中心办件、预约、评价和投诉处理情况，数据由系统根据实际记录自动统计。</p>",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def bulletin_title(month):
    return f"{month.label}政务服务运行情况通报"


@transaction.atomic
def draft_bulletin(month, *, today=None, user=None):
    """Create the month's draft page, or refresh the figures of an unpublished one.

    Returns (page, created). The page is left as a draft for editors to add the narrative and
    submit to the 政务公开两级审核 workflow.
    """
    today = today or timezone.localdate()
    if not month.has_ended(today):
        raise BulletinError(f"{month.label}尚未结束，月结后才能生成通报。")
    index = ensure_index()
    page = BulletinPage.objects.select_for_update().filter(month=month.first_day).first()
    if page is not None and page.first_published_at is not None:
        raise BulletinError(f"{month.label}的通报已经发布，数据已冻结，不再变动。")
    snapshot = build_snapshot(month, today)
    if page is None:
        page = BulletinPage(title=bulletin_title(month), slug=str(month), month=month.first_day, figures=snapshot, live=False)
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        return page, True
    draft = page.get_latest_revision_as_object()
    draft.figures = snapshot
    draft.save_revision(user=user, log_action=True)
    BulletinPage.objects.filter(pk=page.pk).update(figures=snapshot)
    page.refresh_from_db()
    return page, False


def first_working_day(month):
    day = month.first_day
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def scheduled_month(today=None):
    """The month to draft when run daily: last month, but only on this month's first working day."""
    today = today or timezone.localdate()
    current = Month.of(today)
    return current.previous() if today == first_working_day(current) else None
