"""The applicant's printable receipt (网上申报回执) with a QR code linking to the lookup page."""

from django.shortcuts import redirect, render

from casework.models import CaseStatus
from casework.receipts import receipt_context
from citizens.decorators import citizen_required

from .common import own_case_or_404


@citizen_required
def receipt(request, pk):
    case = own_case_or_404(request, pk)
    if case.status == CaseStatus.DRAFT or not case.receipt_number:
        return redirect("online_apply:step", pk=case.pk, step=case.draft_step)
    return render(request, "online_apply/receipt.html", receipt_context(request, case))
