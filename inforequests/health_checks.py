"""Site-health check of 依申请公开: requests near or past their answer deadline, or unanswered
for longer than the inspection limit (sitehealth/deadlines.py holds the rule)."""

from django.urls import reverse

from sitehealth.deadlines import OpenMatter, answer_deadline_findings
from sitehealth.registry import register

from .choices import RequestStatus
from .models import InfoRequest


@register("inforequests_deadline", "依申请公开答复期限", order=50)
def inforequests_deadline(ctx):
    open_requests = InfoRequest.objects.exclude(status=RequestStatus.ANSWERED).order_by("due_date")
    matters = (
        OpenMatter(subject=f"{r.number}（{r.requester_name}）", received=r.received_on,
                   due=r.due_date if r.status == RequestStatus.RECEIVED else None,
                   fix_url=reverse("inforequests_admin:detail", args=[r.pk]))
        for r in open_requests
    )
    yield from answer_deadline_findings(ctx, matters, noun="政府信息公开申请")
