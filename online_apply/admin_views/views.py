"""Staff queue, case view with action forms, material previews, notices, overdue supervision.

Scoping: window staff see only their department's cases (plus cases whose joint opinion was
asked of their department), supervisors see all, anyone else gets 403. A case outside the
user's scope is a 404, so its existence is not disclosed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from citizens.masking import mask_id_number, mask_phone

from .. import access, deadlines, services
from ..file_views import file_response
from ..models import Case, CaseNotice, CaseStatus
from ..notices import render_notice
from ..uploads import ALLOWED_TYPES
from . import forms as f
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
    cases = cases.order_by("due_date", "-submitted_at", "-pk")
    # Open stops come in one prefetch, so a page of stopped cases costs no query per row.
    page = Paginator(deadlines.with_open_stops(cases), PAGE_SIZE).get_page(request.GET.get("p"))
    today = timezone.localdate()
    rows = [(case, deadlines.deadline_info(case, today)) for case in page]
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(request, "online_apply/admin/queue.html", {
        "filterset": filterset, "page": page, "rows": rows, "status_counts": status_counts,
        "total": page.paginator.count, "query": query.urlencode(), "is_supervisor": access.is_supervisor(request.user),
    })


def overdue(request):
    """督查: every running case past its deadline, most overdue first."""
    if not access.is_supervisor(request.user):
        raise PermissionDenied("只有督查人员可以查看超期督办列表。")
    cases = deadlines.overdue(Case.objects.select_related("item", "department")).order_by("due_date")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("p"))
    rows = [(case, deadlines.overdue_days(case)) for case in page]
    return TemplateResponse(request, "online_apply/admin/overdue.html", {"page": page, "rows": rows})


# ---------------------------------------------------------------- case view and actions


def _action_forms(request, case, data=None, posted=None):
    """The forms for exactly the actions lawful now (bound only for the one posted)."""
    version = {"version": case.version}
    result = {}
    if not _can_process(request.user, case):
        return result
    for name in services.lawful_actions(case):
        form_class, kwargs = _form_spec(case, name)
        bound = data if posted == name else None
        result[name] = form_class(bound, initial={"action": name, **version}, prefix=name, **kwargs)
    return result


def _form_spec(case, name):
    if name == "request_corrections":
        return f.CorrectionForm, {"materials": list(case.item.materials.all())}
    if name == "accept" and case.item.is_immediate:
        return f.ImmediateAcceptForm, {}
    if name == "request_joint_opinions":
        return f.JointOpinionsForm, {"lead_department": case.department}
    return {
        "pre_approve": f.NoteForm, "reject": f.RejectForm, "accept": f.AcceptForm,
        "accept_with_deficiency": f.DeficiencyForm, "stop_clock": f.StopForm, "resume_clock": f.NoteForm,
        "forward": f.ForwardForm, "record_higher_decision": f.HigherDecisionForm, "close": f.CloseForm,
        "fulfil_deficiency": f.FulfilForm,
    }[name], {}


def _run(case, user, name, d):
    """Call the service for one validated form; returns a success message."""
    v = d["version"]
    if name == "pre_approve":
        services.pre_approve(case, user, note=d["note"], expected_version=v)
        return "已预审通过，申请人可预约到窗口办理。"
    if name == "request_corrections":
        notice = services.request_corrections(case, user, d["items"], note=d["note"], expected_version=v)
        return f"已出具《材料补齐通知书》{notice.number}，并通知申请人。"
    if name == "reject":
        notice = services.reject(case, user, d["reasons"], expected_version=v)
        return f"已出具《不予受理告知书》{notice.number}。"
    if name == "accept":
        notice = services.accept(case, user, note=d["note"], expected_version=v)
        if d.get("close_now"):
            services.close(case, user, d["result"], d["delivery_method"], d.get("address", ""), expected_version=case.version)
            return f"已受理（{notice.number}）并当场办结。"
        return f"已受理，《受理通知书》{notice.number}，承诺办结日期 {case.due_date:%Y-%m-%d}。"
    if name == "accept_with_deficiency":
        notice = services.accept_with_deficiency(
            case, user, material_name=d["material_name"], due_date=d["due_date"], promise_text=d["promise_text"],
            note=d["note"], expected_version=v,
        )
        return f"已容缺受理，《受理通知书》{notice.number}。"
    if name == "stop_clock":
        services.stop_clock(case, user, d["reason"], d["approved_by"], d["note"], expected_version=v)
        return "已暂停计时。"
    if name == "resume_clock":
        stop = services.resume_clock(case, user, note=d["note"], expected_version=v)
        return f"已恢复计时，本次暂停 {stop.working_days} 个工作日。"
    if name == "forward":
        services.forward(case, user, d["forwarded_to"], note=d["note"], expected_version=v)
        return "已转报上级机关。"
    if name == "record_higher_decision":
        services.record_higher_decision(
            case, user, d["decision"], close_case=d["close_case"], result=d["result"],
            delivery_method=d["delivery_method"], address=d["address"], overdue_reason=d["overdue_reason"],
            expected_version=v,
        )
        return "已登记上级机关决定。"
    if name == "request_joint_opinions":
        services.request_joint_opinions(case, user, list(d["departments"]), expected_version=v)
        return "已向所选部门征求意见。"
    if name == "fulfil_deficiency":
        promise = get_object_or_404(case.deficiency_promises, pk=d["promise_id"])
        services.fulfil_deficiency(case, user, promise, expected_version=v)
        return "已登记容缺材料补交。"
    if name == "close":
        notice = services.close(
            case, user, d["result"], d["delivery_method"], d["address"], d["overdue_reason"], expected_version=v
        )
        return f"已办结，《办结通知书》{notice.number}。"
    raise services.CaseActionError("未知的操作。")


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
        result.append((opinion, f.AnswerOpinionForm(bound, initial=initial, prefix=f"answer{opinion.pk}")))
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
    return TemplateResponse(request, "online_apply/admin/case_detail.html", _detail_context(request, case, action_forms, answer_forms))


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
        if posted == "answer_joint_opinion":
            opinion = get_object_or_404(case.joint_opinions, pk=form.cleaned_data["opinion_id"])
            services.answer_joint_opinion(
                opinion, request.user, form.cleaned_data["agrees"], form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
            text = "已答复联办意见。"
        else:
            text = _run(case, request.user, posted, form.cleaned_data)
    except services.CaseActionError as error:
        messages.error(request, str(error))
        return redirect(_detail_url(case))
    messages.success(request, text)
    return redirect(_detail_url(case))


def _detail_url(case):
    return reverse("case_queue:detail", args=[case.pk])


def _detail_context(request, case, action_forms, answer_forms):
    materials = case.materials.order_by("material_name", "-uploaded_at")
    return {
        "case": case,
        "masked_id": mask_id_number(case.applicant_id_number),
        "masked_phone": mask_phone(case.applicant_phone),
        "materials": materials,
        "transitions": case.transitions.all(),
        "notices": case.notices.all(),
        "stops": case.clock_stops.select_related("reason"),
        "opinions": case.joint_opinions.select_related("department"),
        "promises": case.deficiency_promises.all(),
        "corrections": case.correction_requests.prefetch_related("items"),
        "due": deadlines.effective_due_date(case),
        "days_left": deadlines.working_days_left(case),
        "overdue_days": deadlines.overdue_days(case),
        "due_soon": deadlines.is_due_soon(case),
        "action_forms": [(name, services.ACTIONS[name].label, form) for name, form in action_forms.items()],
        "answer_forms": answer_forms,
        "can_process": _can_process(request.user, case),
    }


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
