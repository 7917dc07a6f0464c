"""窗口收件: registering a walk-in application (docs/domain.md "窗口收件").

One call registers ONE applicant's ONE case: there is no count field and no list of
applicants, so a day's work can never be entered as one record. The case gets the same receipt
number series and runs the same lifecycle as an online one; every time comes from the server
(casework.clock). A 即办件 can be received, accepted and closed in the same transaction.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction

from guides.models import ProcessingKind
from guides.models.choices import ItemStatus

from . import clock
from .engine import ActionError
from .models import ApplicantType, Case, CaseStatus, Channel, DeliveryMethod
from .services import CASES

RECEIVE, ACCEPT, CLOSE = "receive", "accept", "close"
MODES = {RECEIVE: "仅收件（稍后受理）", ACCEPT: "收件并受理", CLOSE: "收件、受理并当场办结（即办件）"}
# A second registration of the same person and item this soon is a double click, not a new case.
DUPLICATE_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class WalkInApplicant:
    name: str
    id_number: str
    phone: str
    applicant_type: str = ApplicantType.INDIVIDUAL
    organisation_name: str = ""
    organisation_code: str = ""
    address: str = ""


def linked_account(phone):
    """The citizen account whose verified phone is the applicant's, if any (so the case also
    appears in that citizen's 我的办件)."""
    from citizens.models import CitizenProfile

    profile = CitizenProfile.objects.select_related("user").filter(phone=phone).first()
    return profile.user if profile else None


def missing_required(item, received_names):
    """Required, unconditional materials of the guide that were not ticked as received."""
    return [m.name for m in item.required_materials if not m.condition and m.name not in received_names]


def register_window_case(
    actor, item, applicant: WalkInApplicant, materials_received, *, mode=RECEIVE, description="",
    result="", delivery_method=DeliveryMethod.WINDOW, address="", note="", window=None,
):
    """Register one walk-in case; returns it. Raises ActionError (nothing saved) when refused."""
    if mode not in MODES:
        raise ActionError("请选择办理方式。")
    if mode == CLOSE and item.processing_kind != ProcessingKind.IMMEDIATE:
        raise ActionError(f"只有即办件可以当场办结，本事项为{item.processing_kind}。")
    if not item.live or item.status != ItemStatus.ACTIVE:
        raise ActionError("该事项未在用，不能收件。")
    names = [m if isinstance(m, str) else m.name for m in materials_received]
    missing = missing_required(item, set(names))
    if missing:
        raise ActionError("以下必须提交的材料未收到：" + "、".join(missing) + "。请一次性告知申请人补齐后再收件。")
    with transaction.atomic():
        _refuse_duplicate(item, applicant)
        case = Case.objects.create(
            channel=Channel.WINDOW, item=item, item_code=item.item_code, department=item.department,
            processing_kind=item.processing_kind, promised_limit_days=item.promised_limit_days,
            applicant=linked_account(applicant.phone), applicant_type=applicant.applicant_type,
            applicant_name=applicant.name, applicant_id_number=applicant.id_number, applicant_phone=applicant.phone,
            organisation_name=applicant.organisation_name, organisation_code=applicant.organisation_code,
            address=applicant.address, description=description, declaration_accepted=True, created_at=clock.now(),
        )
        CASES.perform(case, actor, "receive_at_window", materials=names, accepting=mode != RECEIVE, window=window)
        if mode in (ACCEPT, CLOSE):
            CASES.perform(
                case, actor, "accept", note=note, close_now=mode == CLOSE, result=result,
                delivery_method=delivery_method, address=address,
            )
    return case


def _refuse_duplicate(item, applicant):
    recent = Case.objects.filter(
        channel=Channel.WINDOW, item=item, applicant_id_number=applicant.id_number,
        created_at__gte=clock.now() - DUPLICATE_WINDOW,
    ).exclude(status=CaseStatus.WITHDRAWN).first()
    if recent:
        raise ActionError(f"该申请人刚登记过同一事项（收件编号 {recent.receipt_number}），请勿重复登记。")
