"""Exports the catalogue in the same exchange format the importer reads.

Order is fixed (items by 事项编码, themes by name, child rows by their editor order), so an
export imported into an empty database exports to the identical file.
"""

from django.db.models import Prefetch

from guides.models import FAQ, FeeItem, LegalBasis, Material, ProcessStep, ServiceItemPage, SpecialStep
from guides.models.rules import parse_citation

# Child rows in editor order; the id breaks ties for rows saved without a sort_order.
CHILD_ROWS = {
    "legal_bases": LegalBasis, "materials": Material, "fee_items": FeeItem,
    "steps": ProcessStep, "special_steps": SpecialStep, "faqs": FAQ,
}


def export_items(queryset=None):
    """Every service item (live or draft, in its current saved state) as exchange-format dicts."""
    pages = (queryset if queryset is not None else ServiceItemPage.objects.all()).order_by("item_code")
    pages = pages.select_related("department", "result_sample").prefetch_related(
        "themes",
        Prefetch("prerequisites", queryset=ServiceItemPage.objects.only("item_code")),
        *(Prefetch(name, queryset=_child_rows(model)) for name, model in CHILD_ROWS.items()),
    )
    return [item_to_dict(page) for page in pages]


def _child_rows(model):
    rows = model.objects.order_by("sort_order", "pk")
    return rows.select_related("blank_form", "sample") if model is Material else rows


def item_to_dict(page):
    legal_bases = list(page.legal_bases.all())
    data = {
        "code": page.item_code,
        "name": page.title,
        "item_type": page.item_type,
        "department": page.department.name,
        "themes": sorted(theme.name for theme in page.themes.all()),
        "audience": page.audience,
        "summary": page.summary,
        "status": page.status,
        "version": page.version,
        "effective_date": page.effective_date.isoformat() if page.effective_date else None,
        "basis": "\n".join(f"{b.law_name}{b.article}" for b in legal_bases),
        "conditions": page.conditions,
        "quantity_limit": page.quantity_limit,
        "legal_limit_days": page.legal_limit_days,
        "promised_limit_days": page.promised_limit_days,
        "processing_kind": page.processing_kind,
        "materials": [_material(m) for m in page.materials.all()],
        "fee": {
            "charged": page.is_charged,
            "items": [{"name": f.name, "amount": f.amount, "unit": f.unit} for f in page.fee_items.all()],
            "basis": page.fee_basis,
        },
        "visits": page.visits,
        "online": page.is_online,
        "reservable": page.is_reservable,
        "location": page.location,
        "window": page.window,
        "hours": page.hours,
        "phone": page.phone,
        "complaint_phone": page.complaint_phone,
        "steps": [_step(s) for s in page.steps.all()],
        "result": page.result_name,
        "result_sample": document_reference(page.result_sample),
        "notes": page.notes,
        "prerequisites": sorted(p.item_code for p in page.prerequisites.all()),
        "special_steps": [
            {"kind": s.kind, "limit_days": s.limit_days, "counts_in_limit": s.counts_in_limit, "description": s.description}
            for s in page.special_steps.all()
        ],
        "faqs": [{"question": f.question, "answer": f.answer} for f in page.faqs.all()],
    }
    # The one-line-per-citation `basis` text cannot carry excerpts, nor split a law name typed
    # without 《》 from its article; add the detailed rows only when the one-line form would lose
    # something, so plain catalogues stay in the simple format.
    if any(b.excerpt or parse_citation(f"{b.law_name}{b.article}") != (b.law_name, b.article) for b in legal_bases):
        data["legal_bases"] = [{"law_name": b.law_name, "article": b.article, "excerpt": b.excerpt} for b in legal_bases]
    return data


def _material(m):
    return {
        "name": m.name, "form": m.form, "copies": m.copies, "required": m.required,
        "condition": m.condition, "source": m.source_display, "source_category": m.source,
        "signer": m.signer, "specification": m.specification,
        "blank_form": document_reference(m.blank_form), "sample": document_reference(m.sample),
    }


def document_reference(document):
    """An attached document as the exchange format names it: its stored file name, which
    the importer looks up again (documents themselves are not copied into the file)."""
    return document.file.name if document is not None else ""


def _step(step):
    return {"title": step.title, "description": step.description} if step.description else step.title
