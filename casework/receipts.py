"""The 收件回执 of a case, for every channel (docs/domain.md "办件引擎: 收件回执").

What it shows was frozen at first submission (Case.receipt_snapshot): the materials as first
submitted and the pre-review deadline then. A resubmission after 补正 never changes it; later
versions of files appear in the case's timeline. The QR code links to the public lookup page.
"""

from datetime import date

import segno
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from citizens.masking import mask_phone

from .models import Channel


def lookup_url(request, case):
    """The public 免登录查询 page, pre-filled with the receipt number."""
    return request.build_absolute_uri(reverse("online_apply:lookup")) + "?" + urlencode({"receipt": case.receipt_number})


def qr_svg(url):
    """Inline SVG (no image request, prints crisply); segno escapes the title itself."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, title="扫码查询办件进度", dark="#000", light="#fff")
    return mark_safe(svg)  # noqa: S308 - produced by segno from a URL we built, not user HTML


def submitted_materials(case):
    """[{name, files}] as first submitted; for cases older than the snapshot, the first file
    of each material."""
    materials = (case.receipt_snapshot or {}).get("materials")
    if materials is not None:
        return materials
    first = {}
    for row in case.materials.order_by("uploaded_at", "pk"):
        first.setdefault(row.material_name, [row.original_name])
    return [{"name": name, "files": files} for name, files in first.items()]


def receipt_context(request, case):
    snapshot = case.receipt_snapshot or {}
    due = snapshot.get("pre_review_due")
    url = lookup_url(request, case)
    return {
        "case": case,
        "receipt_title": "收件回执" if case.channel == Channel.WINDOW else "网上申报回执",
        "item_title": snapshot.get("item_title") or case.item.title,
        "item_code": case.item_code or case.item.item_code,
        "materials": submitted_materials(case),
        "pre_review_due": date.fromisoformat(due) if due else None,
        "masked_phone": mask_phone(case.applicant_phone),
        "lookup_url": url,
        "qr_svg": qr_svg(url),
    }
