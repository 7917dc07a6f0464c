"""Filing a request (online, or entered by staff for one received by post or in person)."""

from django.db import transaction

from casework import clock, notices
from casework.deadlines import due_date_of
from casework.engine import actor_name, audit_action

from .choices import Channel, RequestStatus
from .models import ANSWER_WORKING_DAYS, NUMBER_PREFIX, InfoRequest, InfoRequestTransition
from .workflow import ACTION_LABELS, _issue, _tell, cn_date, workflow

REQUEST_FIELDS = (
    "requester_type", "requester_name", "id_number", "contact_person", "phone", "email", "address",
    "description", "document_hint", "delivery_form", "delivery_method",
)


@transaction.atomic
def file_request(data, *, channel=Channel.ONLINE, actor=None):
    """Record a request received today (server date: receipt cannot be backdated) and start
    its 20-working-day clock; issue the 登记回执 and tell the requester."""
    received = clock.today()

    def create(number):
        request = InfoRequest(number=number, channel=channel, received_on=received, deadline_start=received,
                              limit_working_days=ANSWER_WORKING_DAYS, created_by=actor,
                              **{name: data.get(name, "") for name in REQUEST_FIELDS})
        request.due_date = due_date_of(request)
        request.save()
        return request

    request = notices.next_number(NUMBER_PREFIX, InfoRequest, "number", create)
    InfoRequestTransition.objects.create(
        request=request, action="receive", from_status="", to_status=RequestStatus.RECEIVED, actor=actor,
        actor_name=actor_name(actor) if actor else request.requester_name, at=clock.now(),
        note=f"{Channel(channel).label}收到申请",
    )
    # Filing creates the matter rather than moving it, so it is not a Workflow.record step.
    audit_action(workflow, request, actor, "receive", label=ACTION_LABELS["receive"])
    _issue(request, actor, "inforequest_receipt", due_date=f"{request.due_date:%Y-%m-%d}", text=(
        f"你（单位）的政府信息公开申请本机关已于 {cn_date(received)} 收到。本机关将在收到申请之日起 "
        f"{ANSWER_WORKING_DAYS} 个工作日内（{cn_date(request.due_date)} 前）答复；需要延长的，将另行告知。"))
    if not clock.is_replaying():
        transaction.on_commit(lambda: _tell(request, "inforequest_received", due_date=f"{request.due_date:%Y-%m-%d}"))
    return request
