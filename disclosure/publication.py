"""The 20-working-day rule for proactive disclosure (docs/domain.md § 政务公开).

Information goes public within 20 working days of being made or changed (信息形成或者变更之日起
20 个工作日内). Counted with the project's working-day calendar, so holidays and 调休 count right.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from workdays.calendar import add_working_days, working_days_between

PUBLICATION_WORKING_DAYS = 20
# Shown as 即将到期 when this many working days or fewer are left.
DUE_SOON_WORKING_DAYS = 5


def publication_deadline(information_date: date) -> date:
    return add_working_days(information_date, PUBLICATION_WORKING_DAYS)


@dataclass
class PublicationStatus:
    """Where one not-yet-public document stands against its deadline."""

    deadline: date
    days_left: int  # working days; negative when overdue

    @property
    def overdue(self):
        return self.days_left < 0

    @property
    def due_soon(self):
        return 0 <= self.days_left <= DUE_SOON_WORKING_DAYS

    @property
    def label(self):
        if self.overdue:
            return f"已逾期 {-self.days_left} 个工作日"
        if self.days_left == 0:
            return "今日到期"
        return f"剩余 {self.days_left} 个工作日"


def publication_status(information_date: date, today: date | None = None) -> PublicationStatus:
    today = today or timezone.localdate()
    deadline = publication_deadline(information_date)
    if today <= deadline:
        days_left = working_days_between(today, deadline)
    else:
        days_left = -working_days_between(deadline, today)
    return PublicationStatus(deadline=deadline, days_left=days_left)


@dataclass
class PendingDocument:
    page: object
    information_date: date  # the day the clock started: made, or changed
    status: PublicationStatus


def changed_on(live_page, draft):
    """When the unpublished change to a live document was made: the 变更日期 the editor gave with
    it, else the day the first revision after the last publish was saved. Never the original
    成文日期, which would make fixing a typo in an old document "overdue" at once."""
    if draft.changed_date and draft.changed_date != live_page.changed_date:
        return draft.changed_date
    revisions = live_page.revisions.order_by("created_at")
    if live_page.last_published_at:
        revisions = revisions.filter(created_at__gt=live_page.last_published_at)
    first = revisions.first()
    return timezone.localtime(first.created_at).date() if first else draft.information_date


def pending_documents(today: date | None = None):
    """Catalogue documents not yet public in their current form (never published, or with
    changes waiting in review), most urgent first."""
    from django.db.models import Q

    from .models import DisclosureDocumentPage

    pages = DisclosureDocumentPage.objects.filter(Q(live=False) | Q(has_unpublished_changes=True))
    rows = []
    for page in pages:
        draft = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
        information_date = changed_on(page, draft) if page.live else draft.information_date
        rows.append(PendingDocument(page=draft, information_date=information_date,
                                    status=publication_status(information_date, today)))
    return sorted(rows, key=lambda row: row.status.days_left)
