"""The application wizard (网上申报): 1 申请人信息 → 2 上传材料 → 3 申请承诺与确认提交.

The case is saved as a draft at every step (status 草稿, draft_step = the furthest step
reached), so the applicant can stop and resume from 我的办件.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casework import services
from casework.models import ApplicantType, Case, CaseStatus
from citizens.decorators import citizen_required
from guides.models import ServiceItemPage
from guides.models.choices import ItemStatus
from online_apply.forms import DECLARATION_TEXT, ApplicantForm, DeclarationForm, MaterialUploadForm
from online_apply.uploads import MAX_CASE_BYTES, MAX_FILE_BYTES, Slot, accept_uploads

from .common import bound, own_case_or_404

STEPS = ((1, "填写申请人信息"), (2, "上传申请材料"), (3, "承诺并提交"))
LAST_STEP = len(STEPS)


def unavailable_reason(item):
    """Why this item cannot be applied for online now, or "" when it can."""
    if not item.live:
        return "该事项已下线，暂不受理申请。"
    if item.status != ItemStatus.ACTIVE:
        return f"该事项当前状态为“{item.get_status_display()}”，暂不受理申请。"
    if not item.is_online:
        where = "、".join(part for part in (item.location, item.window) if part)
        return "该事项暂不支持网上申办，请携带材料到" + (where or "政务服务中心窗口") + "办理。"
    return ""


def material_slots(item):
    return [Slot.for_material(m) for m in item.materials.all()]


def _wizard_context(case, step, **extra):
    return {"case": case, "item": case.item, "steps": STEPS, "step": step, "last_step": LAST_STEP, **extra}


def _profile_initial(user):
    profile = user.citizen
    return {
        "applicant_type": ApplicantType.INDIVIDUAL,
        "applicant_name": profile.real_name,
        "applicant_id_number": profile.id_number,
        "applicant_phone": profile.phone,
    }


@citizen_required
@require_http_methods(["GET", "POST"])
def start(request, item_code):
    """Step 1 for a new application; the draft is created when it is first saved."""
    item = get_object_or_404(ServiceItemPage.objects.select_related("department"), item_code=item_code)
    reason = unavailable_reason(item)
    if reason:
        return render(request, "online_apply/unavailable.html", {"item": item, "reason": reason})
    drafts = Case.objects.filter(applicant=request.user, item=item, status=CaseStatus.DRAFT)
    form = ApplicantForm(*bound(request), item=item, initial=_profile_initial(request.user))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            case = form.save(commit=False)
            case.item = item
            case.department = item.department
            # A case keeps the rules it was filed under (docs/domain.md "办件类型"): copied, never edited.
            case.processing_kind = item.processing_kind
            case.promised_limit_days = item.promised_limit_days
            case.applicant = request.user
            case.draft_step = 2
            case.save()
        return _after_save(request, case, 2)
    context = {"item": item, "steps": STEPS, "step": 1, "last_step": LAST_STEP, "form": form, "drafts": drafts}
    return render(request, "online_apply/wizard_step1.html", context)


def _after_save(request, case, next_step):
    if "save_draft" in request.POST:
        messages.success(request, f"草稿已保存。您可以随时在“我的办件”中继续填写“{case.item.title}”的申请。")
        return redirect("online_apply:my_cases")
    return redirect("online_apply:step", pk=case.pk, step=next_step)


@citizen_required
@require_http_methods(["GET", "POST"])
def step(request, pk, step):
    case = own_case_or_404(request, pk)
    if case.status != CaseStatus.DRAFT:
        messages.info(request, "该申请已提交，不能再修改。")
        return redirect("online_apply:case_detail", pk=case.pk)
    if step < 1 or step > LAST_STEP:
        return redirect("online_apply:step", pk=case.pk, step=case.draft_step)
    if step > case.draft_step:
        messages.info(request, "请先完成前面的步骤。")
        return redirect("online_apply:step", pk=case.pk, step=case.draft_step)
    reason = unavailable_reason(case.item)
    if reason:
        return render(request, "online_apply/unavailable.html", {"item": case.item, "reason": reason, "case": case})
    handler = {1: _applicant_step, 2: _materials_step, 3: _submit_step}[step]
    return handler(request, case)


def _advance(case, next_step):
    if next_step > case.draft_step:
        case.draft_step = next_step
        case.save(update_fields=["draft_step"])


def _applicant_step(request, case):
    form = ApplicantForm(*bound(request), instance=case, item=case.item)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            _advance(case, 2)
        return _after_save(request, case, 2)
    return render(request, "online_apply/wizard_step1.html", _wizard_context(case, 1, form=form))


def slot_rows(case, slots, form):
    """What the template shows per slot: the field, the current file, the listed material."""
    rows = []
    for slot in slots:
        rows.append({"slot": slot, "field": form.bound_field(slot), "current": list(slot.current_files(case))})
    return rows


def _materials_step(request, case):
    slots = material_slots(case.item)
    form = MaterialUploadForm(*bound(request, files=True), slots=slots)
    if request.method == "POST" and form.is_valid():
        rows, errors = accept_uploads(case, form.files_by_slot())
        if errors:
            form.add_upload_errors(errors)
        else:
            _advance(case, 3)
            if rows:
                messages.success(request, f"已上传 {len(rows)} 个文件。")
            if "upload_only" in request.POST:
                return redirect("online_apply:step", pk=case.pk, step=2)
            return _after_save(request, case, 3)
    context = _wizard_context(
        case, 2, form=form, rows=slot_rows(case, slots, form),
        max_file_bytes=MAX_FILE_BYTES, max_case_bytes=MAX_CASE_BYTES,
    )
    status = 400 if form.errors else 200
    return render(request, "online_apply/wizard_step2.html", context, status=status)


def _submit_step(request, case):
    form = DeclarationForm(*bound(request), initial={"declaration": case.declaration_accepted})
    missing = services.missing_required_materials(case)
    if request.method == "POST" and "save_draft" in request.POST:
        return _after_save(request, case, 3)
    if request.method == "POST" and form.is_valid():
        case.declaration_accepted = True
        case.save(update_fields=["declaration_accepted"])
        try:
            services.submit(case, request.user)
        except services.CaseActionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"申请已提交，收件编号 {case.receipt_number}。请保存或打印回执。")
            return redirect("online_apply:receipt", pk=case.pk)
    context = _wizard_context(
        case, 3, form=form, missing=missing, declaration_text=DECLARATION_TEXT,
        files=case.materials.filter(superseded=False),
        materials_url=reverse("online_apply:step", kwargs={"pk": case.pk, "step": 2}),
    )
    return render(request, "online_apply/wizard_step3.html", context, status=400 if form.errors else 200)
