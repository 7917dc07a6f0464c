"""Staff screens of 好差评 (Wagtail admin → 好差评与信件): rectifications with their open / due /
overdue lists, 回访 and completion, appeals with review and second approval, guide feedback."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from casework import access
from citizens.masking import mask_name, mask_phone
from portal.roles import GROUP_EDITORS
from privacy.reveal import record_reveal, reveals_of, take_reveal

from . import services
from .models import AppealReason, AppealStatus, CallbackResult, GuideFeedback, RatingAppeal, RectificationStatus


class CallbackForm(forms.Form):
    result = forms.ChoiceField(label="回访结果", choices=CallbackResult.choices)
    note = forms.CharField(label="回访记录", widget=forms.Textarea(attrs={"rows": 3}))


class CompleteForm(forms.Form):
    measures = forms.CharField(label="整改措施", widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(label="整改结果", widget=forms.Textarea(attrs={"rows": 3}))


class AppealForm(forms.Form):
    reason = forms.ChoiceField(label="申诉理由", choices=AppealReason.choices)
    explanation = forms.CharField(label="申诉说明（事实和证据）", widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    agree = forms.TypedChoiceField(
        label="意见", coerce=lambda v: v == "1", widget=forms.RadioSelect, choices=[("1", "同意"), ("0", "不同意")],
    )
    note = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 3}))


class HandledForm(forms.Form):
    editor_note = forms.CharField(label="处理说明", widget=forms.Textarea(attrs={"rows": 2}))


def _require_staff(user):
    if not access.is_case_staff(user):
        raise PermissionDenied("只有督查人员和部门工作人员可以查看。")


def rectifications(request):
    _require_staff(request.user)
    scoped = services.rectifications_visible_to(request.user)
    lists = services.open_due_overdue(scoped)
    tab = request.GET.get("tab", "open")
    rows = lists.get(tab) if tab in lists else scoped
    page = Paginator(rows.order_by("due_date", "pk"), 30).get_page(request.GET.get("p"))
    context = {
        "page": page, "tab": tab, "today": timezone.localdate(),
        "tabs": [("open", "整改中", lists["open"].count()), ("due", "临近期限", lists["due"].count()),
                 ("overdue", "已超期", lists["overdue"].count()), ("all", "全部", scoped.count())],
    }
    return TemplateResponse(request, "ratings/admin/rectifications.html", context)


def _rect_actions(rect, user):
    names = []
    if rect.status == RectificationStatus.OPEN and services.can_handle_rectification(user, rect):
        names = ["callback", "complete"]
    if rect.rating.status == "counted" and not rect.rating.appeals.filter(
        status__in=(AppealStatus.PENDING, AppealStatus.REVIEWED)
    ).exists() and services.can_handle_rectification(user, rect):
        names.append("appeal")
    return names


RECT_ACTIONS = {
    "callback": ("登记回访", CallbackForm, lambda r, u, d: services.record_callback(r, u, d["result"], d["note"])),
    "complete": ("整改完成", CompleteForm, lambda r, u, d: services.complete_rectification(r, u, d["measures"], d["outcome"])),
    "appeal": ("提出申诉", AppealForm, lambda r, u, d: services.file_appeal(r.rating, u, d["reason"], d["explanation"])),
}


REVEALED_SESSION_KEY = "ratings_revealed_phone"


def _may_call_rater(user, rect):
    """Who makes the 回访 call: supervisors and the rectification's handlers."""
    return access.is_supervisor(user) or services.can_handle_rectification(user, rect)


def _reveal_target(rect):
    return f"差评整改 {rect.pk}"


def _phone_context(request, rect):
    """The rater's phone masked; in full on the one render after a recorded reveal
    (docs/domain.md 个人信息的存储与显示)."""
    revealed = take_reveal(request, REVEALED_SESSION_KEY, rect.pk) and _may_call_rater(request.user, rect)
    return {"rater_phone_full": rect.rating.rater_phone if revealed else "", "phone_reveals": reveals_of(_reveal_target(rect))}


def reveal_rater_phone(request, pk):
    """The full number for the 回访 call, the look recorded in the audit log first."""
    _require_staff(request.user)
    rect = get_object_or_404(services.rectifications_visible_to(request.user), pk=pk)
    if not _may_call_rater(request.user, rect):
        raise PermissionDenied("只有督查人员和整改承办人可以查看评价人电话。")
    if request.method == "POST":
        record_reveal(request, REVEALED_SESSION_KEY, rect.pk, _reveal_target(rect), "查看评价人回访电话")
    return redirect(reverse("rectifications:detail", args=[rect.pk]) + "#rater")


def rectification_detail(request, pk):
    _require_staff(request.user)
    rect = get_object_or_404(services.rectifications_visible_to(request.user), pk=pk)
    posted = request.POST.get("action") if request.method == "POST" else None
    forms_ = {n: RECT_ACTIONS[n][1](request.POST if posted == n else None, prefix=n) for n in _rect_actions(rect, request.user)}
    if posted in forms_ and forms_[posted].is_valid():
        try:
            RECT_ACTIONS[posted][2](rect, request.user, forms_[posted].cleaned_data)
        except services.RatingError as error:
            forms_[posted].add_error(None, str(error))
        else:
            messages.success(request, f"已{RECT_ACTIONS[posted][0]}。")
            return redirect("rectifications:detail", pk=rect.pk)
    rating = rect.rating
    context = {
        "rect": rect, "rating": rating, "supervisor": access.is_supervisor(request.user),
        "rater": {"name": mask_name(rating.rater_name), "phone": mask_phone(rating.rater_phone)},
        "may_reveal_phone": _may_call_rater(request.user, rect), **_phone_context(request, rect),
        "forms": [(n, RECT_ACTIONS[n][0], f) for n, f in forms_.items()], "posted": posted,
        "appeals": rating.appeals.all(), "today": timezone.localdate(),
    }
    failed = posted in forms_ and bool(forms_[posted].errors)
    return TemplateResponse(request, "ratings/admin/rectification_detail.html", context, status=400 if failed else 200)


def appeals(request):
    if not access.is_supervisor(request.user):
        raise PermissionDenied("只有督查人员可以审核申诉。")
    status = request.GET.get("status", "")
    rows = RatingAppeal.objects.select_related("rating", "rating__department", "requested_by").order_by("-requested_at")
    if status in AppealStatus.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, 30).get_page(request.GET.get("p"))
    return TemplateResponse(request, "ratings/admin/appeals.html", {"page": page, "status": status, "statuses": AppealStatus.choices})


def appeal_detail(request, pk):
    if not access.is_supervisor(request.user):
        raise PermissionDenied("只有督查人员可以审核申诉。")
    appeal = get_object_or_404(RatingAppeal.objects.select_related("rating", "rating__department"), pk=pk)
    stage = {AppealStatus.PENDING: "review", AppealStatus.REVIEWED: "approve"}.get(appeal.status)
    form = DecisionForm(request.POST or None) if stage else None
    if form is not None and request.method == "POST" and form.is_valid():
        step = services.review_appeal if stage == "review" else services.approve_appeal
        try:
            step(appeal, request.user, form.cleaned_data["agree"], form.cleaned_data["note"])
        except services.RatingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "已提交复核意见。" if stage == "review" else "已审批。")
            return redirect("rating_appeals:detail", pk=appeal.pk)
    context = {"appeal": appeal, "rating": appeal.rating, "stage": stage, "form": form}
    return TemplateResponse(request, "ratings/admin/appeal_detail.html", context, status=400 if form and form.errors else 200)


def is_editor(user):
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name=GROUP_EDITORS).exists())


def guide_feedback(request):
    if not is_editor(request.user):
        raise PermissionDenied("只有编辑可以处理指南反馈。")
    if request.method == "POST":
        item = get_object_or_404(GuideFeedback, pk=request.POST.get("pk"), handled_at=None)
        form = HandledForm(request.POST)
        if form.is_valid():
            item.handled_at, item.handled_by = timezone.now(), request.user
            item.editor_note = form.cleaned_data["editor_note"].strip()
            item.save(update_fields=["handled_at", "handled_by", "editor_note"])
            messages.success(request, "已标记为已处理。")
        else:
            messages.error(request, "请填写处理说明。")
        return redirect(request.get_full_path())
    show = request.GET.get("show", "open")
    rows = GuideFeedback.objects.select_related("page")
    if show == "open":
        rows = rows.filter(handled_at=None)
    page = Paginator(rows, 30).get_page(request.GET.get("p"))
    return TemplateResponse(request, "ratings/admin/guide_feedback.html", {"page": page, "show": show})
