"""The printable receipt (受理回执) with a QR code linking to the lookup page."""

import segno
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from citizens.decorators import citizen_required
from citizens.masking import mask_phone
from online_apply.models import CaseStatus

from .common import own_case_or_404


def lookup_url(request, case):
    return request.build_absolute_uri(reverse("online_apply:lookup")) + "?" + urlencode({"receipt": case.receipt_number})


def qr_svg(url):
    """Inline SVG (no image request, prints crisply); segno escapes the title itself."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, title="扫码查询办件进度", dark="#000", light="#fff")
    return mark_safe(svg)  # noqa: S308 - produced by segno from a URL we built, not user HTML


@citizen_required
def receipt(request, pk):
    case = own_case_or_404(request, pk)
    if case.status == CaseStatus.DRAFT or not case.receipt_number:
        return redirect("online_apply:step", pk=case.pk, step=case.draft_step)
    url = lookup_url(request, case)
    context = {
        "case": case,
        "lookup_url": url,
        "qr_svg": qr_svg(url),
        "masked_phone": mask_phone(case.applicant_phone),
        "files": case.materials.filter(superseded=False),
    }
    return render(request, "online_apply/receipt.html", context)
