"""Staff queue, case view with action forms, material previews, notices, overdue supervision.

Scoping: window staff see only their department's cases (plus cases whose joint opinion was
asked of their department), supervisors see all, anyone else gets 403. A case outside the
user's scope is a 404, so its existence is not disclosed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from casework import access, deadlines, services
from casework.engine import ActionError
from casework.files import ALLOWED_TYPES, file_response
from casework.models import Case, CaseNotice, CaseStatus, PhoneReveal
from casework.notices import render_notice
from citizens.masking import mask_id_number, mask_phone
from privacy.reveal import record_reveal, take_reveal

from .filters import CaseQueueFilter

PAGE_SIZE = 30


def _require_case_staff(user):
    if not access.is_case_staff(user):
        raise PermissionDenied("只有窗口工作人员和督查人员可以查看办件。")


def _visible_case(request, pk):
    _require_case_staff(request.user)
    return get_object_or_404(access.cases_visible_to(request.user).select_related("item", "department"), pk=pk)


def _can_process(user, case):
    return access.is_supervisor(user) or access.staff_department_id(user) == case.department_id


# ---------------------------------------------------------------- queue


def queue(request):
    _require_case_staff(request.user)
    scoped = access.cases_visible_to(request.user).select_related("item", "department")
    counts = dict(scoped.order_by().values_list("status").annotate(n=Count("pk", distinct=True)))
    status_counts = [(value, label, counts.get(value, 0)) for value, label in CaseStatus.choices if value != CaseStatus.DRAFT]
    filterset = CaseQueueFilter(request.GET or None, queryset=scoped)
    if filterset.is_bound and not filterset.is_valid():
        messages.error(request, "筛选条件有误，已显示全部办件：" + "；".join(
            f"{filterset.form.fields[k].label}：{' '.join(v)}" for k, v in filterset.form.errors.items()
        ))
        cases = scoped
    else:
        cases = filterset.qs
    # Cases without a deadline yet (待预审 and the like: the window's next work) first on every
    # database: PostgreSQL would otherwise put them after every dated case, SQLite before.
    cases = cases.order_by(F("due_date").asc(nulls_first=True), "-submitted_at", "-pk")
    # Open stops come in one prefetch, so a page of stopped cases costs no query per row.
    page = Paginator(deadlines.with_open_stops(cases), PAGE_SIZE).get_page(request.GET.get("p"))
    today = timezone.localdate()
    rows = [(case, deadlines.deadline_info(case, today)) for case in page]
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(request, "casework/admin/queue.html", {
        "filterset": filterset, "page": page, "rows": rows, "status_counts": status_counts,
        "total": page.paginator.count, "query": query.urlencode(), "is_supervisor": access.is_supervisor(request.user),
        "today": today,
    })


def overdue(request):
    """督查: every running case past its deadline, most overdue first."""
    if not access.is_supervisor(request.user):
        raise PermissionDenied("只有督查人员可以查看超期督办列表。")
    cases = deadlines.overdue(Case.objects.select_related("item", "department")).order_by("due_date")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("p"))
    rows = [(case, deadlines.overdue_days(case)) for case in page]
    return TemplateResponse(request, "casework/admin/overdue.html", {"page": page, "rows": rows})


# ---------------------------------------------------------------- case view and actions


def _action_forms(request, case, data=None, posted=None):
    """The forms for exactly the actions lawful now (bound only for the one posted), as the
    registry (casework.services.CASES) describes them."""
    result = {}
    if not _can_process(request.user, case):
        return result
    for name in services.lawful_actions(case):
        action = services.CASES.actions[name]
        kwargs = action.form_kwargs(case) if action.form_kwargs else {}
        bound = data if posted == name else None
        result[name] = action.form(bound, initial={"action": name, "version": case.version}, prefix=name, **kwargs)
    return result


def _answer_forms(request, case, data=None, posted_id=None):
    """Joint-opinion answer forms for the asked department's staff (or a supervisor)."""
    if case.status != CaseStatus.ACCEPTED:
        return []
    dept_id = access.staff_department_id(request.user)
    pending = case.joint_opinions.filter(answered_at=None).select_related("department")
    if not access.is_supervisor(request.user):
        pending = pending.filter(department_id=dept_id)
    result = []
    for opinion in pending:
        bound = data if posted_id == opinion.pk else None
        initial = {"action": "answer_joint_opinion", "version": case.version, "opinion_id": opinion.pk}
        form_class = services.CASES.actions["answer_joint_opinion"].form
        result.append((opinion, form_class(bound, initial=initial, prefix=f"answer{opinion.pk}")))
    return result


def case_detail(request, pk):
    case = _visible_case(request, pk)
    posted = request.POST.get("action") if request.method == "POST" else None
    data = request.POST if posted else None
    action_forms = _action_forms(request, case, data, posted)
    answer_forms = _answer_forms(request, case, data, _int(request.POST.get("opinion")) if posted else None)
    if posted:
        response = _handle_post(request, case, posted, action_forms, answer_forms)
        if response:
            return response
    return TemplateResponse(request, "casework/admin/case_detail.html", _detail_context(request, case, action_forms, answer_forms))


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _handle_post(request, case, posted, action_forms, answer_forms):
    """Validate the posted form and call the service; None means re-render with errors."""
    if posted == "answer_joint_opinion":
        form = next((fm for op, fm in answer_forms if fm.is_bound), None)
    else:
        form = action_forms.get(posted)
    if form is None:
        # Not lawful now (or not this user's to do): refuse, whatever was posted.
        messages.error(request, "该操作在办件当前状态下不可用，或您无权进行。请刷新后重试。")
        return redirect(_detail_url(case))
    if not form.is_valid():
        messages.error(request, "请更正下面标出的错误。")
        return None
    try:
        result = services.CASES.perform(
            case, request.user, posted, expected_version=form.cleaned_data["version"], **form.action_data()
        )
        text = services.CASES.actions[posted].message(result, case)
    except ActionError as error:
        messages.error(request, str(error))
        return redirect(_detail_url(case))
    messages.success(request, text)
    return redirect(_detail_url(case))


def _detail_url(case):
    return reverse("case_queue:detail", args=[case.pk])


REVEALED_SESSION_KEY = "casework_revealed_phone"


def _detail_context(request, case, action_forms, answer_forms):
    materials = case.materials.order_by("material_name", "-uploaded_at")
    # A reveal shows the number on the next render of this case only (it was audited then).
    revealed = take_reveal(request, REVEALED_SESSION_KEY, case.pk)
    return {
        "case": case,
        "masked_id": mask_id_number(case.applicant_id_number),
        "masked_phone": mask_phone(case.applicant_phone),
        "revealed_phone": case.applicant_phone if revealed else "",
        "phone_reveals": case.phone_reveals.select_related("user")[:10],
        "materials": materials,
        "transitions": case.transitions.all(),
        "notices": case.notices.all(),
        "stops": case.clock_stops.select_related("reason"),
        "opinions": case.joint_opinions.select_related("department"),
        "promises": case.deficiency_promises.all(),
        "corrections": case.correction_requests.prefetch_related("items"),
        "pre_review_overdue": bool(
            case.status == CaseStatus.SUBMITTED and case.pre_review_due_date
            and case.pre_review_due_date < timezone.localdate()
        ),
        "due": deadlines.effective_due_date(case),
        "days_left": deadlines.working_days_left(case),
        "overdue_days": deadlines.overdue_days(case),
        "due_soon": deadlines.is_due_soon(case),
        "action_forms": [(name, services.CASES.actions[name].label, form) for name, form in action_forms.items()],
        "answer_forms": answer_forms,
        "can_process": _can_process(request.user, case),
    }


def reveal_phone(request, pk):
    """One click shows the applicant's full phone so staff can call; who, when and which case
    is recorded (docs/domain.md "办件引擎: 个人信息")."""
    if request.method != "POST":
        return redirect(_detail_url(_visible_case(request, pk)))
    case = _visible_case(request, pk)
    PhoneReveal.objects.create(case=case, user=request.user)
    # Also in the site-wide audit log supervisors review (audit app).
    record_reveal(request, REVEALED_SESSION_KEY, case.pk, f"办件 {case.receipt_number or case.pk}", "查看申请人联系电话")
    return redirect(_detail_url(case) + "#h-applicant")


def receipt(request, pk):
    from .intake import case_receipt

    return case_receipt(request, pk, _visible_case)


# ---------------------------------------------------------------- files and notices


def case_file(request, pk, file_pk):
    """Serve one uploaded material inline for the case page's preview (permission-checked here)."""
    case = _visible_case(request, pk)
    material = get_object_or_404(case.materials, pk=file_pk)
    if material.content_type not in ALLOWED_TYPES:
        raise Http404("不支持预览该文件类型。")
    response = file_response(material, inline=True)
    # Previews are embedded in our own case page.
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


def case_notice(request, pk, notice_pk):
    case = _visible_case(request, pk)
    notice = get_object_or_404(CaseNotice.objects.select_related("case"), pk=notice_pk, case=case)
    return render_notice(request, notice)
