"""Site-health check of 依申请公开: requests near or past their answer deadline, or unanswered
for longer than the inspection limit (sitehealth/deadlines.py holds the rule)."""

from django.urls import reverse

from citizens.masking import mask_name
from sitehealth.deadlines import OpenMatter, answer_deadline_findings
from sitehealth.registry import register

from .choices import RequesterType, RequestStatus
from .models import InfoRequest


def _requester(info_request):
    if info_request.requester_type == RequesterType.PERSON:
        return mask_name(info_request.requester_name)
    return info_request.requester_name


@register("inforequests_deadline", "依申请公开答复期限", order=50)
def inforequests_deadline(ctx):
    open_requests = InfoRequest.objects.exclude(status=RequestStatus.ANSWERED).order_by("due_date")
    matters = (
        # A natural person's name masked: the findings are e-mailed to every editor (as for letters).
        OpenMatter(subject=f"{r.number}（{_requester(r)}）", received=r.received_on,
                   due=r.due_date if r.status == RequestStatus.RECEIVED else None,
                   fix_url=reverse("inforequests_admin:detail", args=[r.pk]))
        for r in open_requests
    )
    yield from answer_deadline_findings(ctx, matters, noun="政府信息公开申请")
