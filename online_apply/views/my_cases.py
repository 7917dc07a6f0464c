"""我的办件: every case of the signed-in applicant, its timeline, deadline, notices and
corrections (re-upload exactly the flagged materials, then resubmit)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casework import access, deadlines, services
from casework.models import Case, CaseNotice, CaseStatus
from casework.notices import render_notice
from citizens.decorators import citizen_required
from online_apply.forms import MaterialUploadForm
from online_apply.uploads import Slot, accept_uploads

from .common import bound, own_case_or_404, working_days_left

# A citizen with many cases would otherwise scroll through all of them on a phone (25 cases
# were 8,800 px at 375 px, 21,000 px in 长辈版); newest first, ten to a page.
CASES_PER_PAGE = 10


@citizen_required
def my_cases(request):
    # Open stops come in one prefetch, not one query per stopped case.
    own = deadlines.with_open_stops(
        Case.objects.filter(applicant=request.user).select_related("item", "department", "rating")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(own, CASES_PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for case in page:
        case.days_left = working_days_left(case, today) if case.is_open else None
    return render(request, "online_apply/my_cases.html", {"cases": page, "page_obj": page})


def open_correction(case):
    """The unresolved 补正告知 of a case waiting for corrections, or None."""
    if case.status != CaseStatus.CORRECTION:
        return None
    return case.correction_requests.filter(resolved_at=None).select_related("notice").order_by("-requested_at").first()


def correction_slots(case, request):
    """Upload slots for EXACTLY the flagged materials (items that are not files get none)."""
    listed = {m.name: m for m in case.item.materials.all()}
    slots = []
    for item in request.items.select_related("material").order_by("pk"):
        material = item.material or listed.get(item.material_name)
        if material is not None:
            slots.append(Slot(key=f"c{item.pk}", name=material.name, material=material))
    return slots


@citizen_required
@require_http_methods(["GET", "POST"])
def case_detail(request, pk):
    case = own_case_or_404(request, pk)
    correction = open_correction(case)
    form = None
    if correction is not None:
        slots = correction_slots(case, correction)
        form = MaterialUploadForm(*bound(request, files=True), slots=slots, required_all=True)
        if request.method == "POST" and form.is_valid():
            if _resubmit(request, case, form):
                return redirect("online_apply:case_detail", pk=case.pk)
    elif request.method == "POST":
        messages.info(request, "该办件当前不需要补正材料。")
        return redirect("online_apply:case_detail", pk=case.pk)
    context = {
        "case": case,
        "days_left": working_days_left(case) if case.is_open else None,
        "transitions": case.transitions.all(),
        "notices": case.notices.all(),
        "files": case.materials.all(),
        "correction": correction,
        "correction_items": correction.items.all() if correction else (),
        "form": form,
    }
    return render(request, "online_apply/case_detail.html", context, status=400 if form and form.errors else 200)


def _resubmit(request, case, form):
    """Store the corrected files and resubmit in one transaction: both happen or neither."""
    rows = []
    try:
        with transaction.atomic():
            rows, errors = accept_uploads(case, form.files_by_slot())
            if errors:
                form.add_upload_errors(errors)
                return False
            services.resubmit_corrections(case, request.user)
    except services.CaseActionError as error:
        # The rows were rolled back; remove their files too (nothing half-saved).
        for row in rows:
            row.file.storage.delete(row.file.name)
        form.add_error(None, error.message)
        return False
    messages.success(request, "补正材料已提交，请等待窗口工作人员重新预审。")
    return True


@require_http_methods(["GET"])
def notice(request, pk, notice_pk):
    """A printable notice (受理通知书、材料补齐通知书…) for the applicant or entitled staff."""
    from django.contrib.auth.views import redirect_to_login

    from citizens.decorators import LOGIN_URL

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), LOGIN_URL)
    item = get_object_or_404(CaseNotice.objects.select_related("case", "case__item"), pk=notice_pk, case_id=pk)
    if not access.can_view_case(request.user, item.case):
        raise Http404("没有找到该文书。")
    return render_notice(request, item)
