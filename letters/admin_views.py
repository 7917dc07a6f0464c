"""Staff screens for letters (Wagtail admin → 好差评与信件 → 信件办理).

Supervisors see every letter with the writer's identity; department staff see the letters
routed to their department, redacted. A letter outside the user's scope is a 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from casework import access, clock
from casework.engine import ActionError
from casework.notices import render_notice
from citizens.masking import mask_phone
from privacy.reveal import record_reveal, reveals_of, take_reveal

from . import services
from .forms import StaffEntryForm
from .models import AWAITING_REPLY, LetterStatus, LetterType
from .workflow import LETTERS


def may_use_letters(user):
    return access.is_case_staff(user)


def _require(user):
    if not may_use_letters(user):
        raise PermissionDenied("只有督查人员和部门工作人员可以查看信件。")


def queue(request):
    _require(request.user)
    scoped = services.letters_visible_to(request.user).select_related("department")
    counts = dict(scoped.values_list("status").annotate(n=Count("pk")).order_by())
    letters = scoped
    status, letter_type, due = request.GET.get("status", ""), request.GET.get("type", ""), request.GET.get("due", "")
    if status in LetterStatus.values:
        letters = letters.filter(status=status)
    if letter_type in LetterType.values:
        letters = letters.filter(letter_type=letter_type)
    if due == "overdue":
        letters = services.overdue(letters)
    elif due == "soon":
        letters = services.due_soon(letters)
    page = Paginator(letters.order_by("due_date", "pk"), 30).get_page(request.GET.get("p"))
    context = {
        "page": page, "status_counts": [(v, label, counts.get(v, 0)) for v, label in LetterStatus.choices],
        "overdue_count": services.overdue(scoped).count(), "soon_count": services.due_soon(scoped).count(),
        "types": LetterType.choices, "statuses": LetterStatus.choices, "filters": request.GET,
        "today": clock.today(), "is_supervisor": access.is_supervisor(request.user),
    }
    return TemplateResponse(request, "letters/admin/queue.html", context)


def new_letter(request):
    """登记来访、来电、来信 (supervisors, who hold the writer's identity)."""
    if not access.is_supervisor(request.user):
        raise PermissionDenied("只有督查人员可以登记来信。")
    form = StaffEntryForm(request.POST or None, initial={"received_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            letter = services.register(
                letter_type=data["letter_type"], channel=data["channel"], hotline_ticket=data["hotline_ticket"],
                subject=data["subject"], content=data["content"], writer_name=data["writer_name"], phone=data["phone"],
                address=data["address"], anonymous=data["anonymous"], consent_to_publish=data["consent_to_publish"],
                related_department=data["related_department"], related_item=data["related_item"],
                entered_by=request.user, received_on=data["received_on"],
            )
        except services.LetterError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已登记，信件编号 {letter.tracking_number}。")
            return redirect("letter_queue:detail", pk=letter.pk)
    return TemplateResponse(request, "letters/admin/new.html", {"form": form})


def _offered(letter, user):
    """The staff actions the engine finds lawful now (status and guard) that this user may do."""
    names = []
    for name in LETTERS.lawful_actions(letter):
        try:
            LETTERS.actions[name].permission(letter, user)
        except ActionError:
            continue
        names.append(name)
    return names


def _form(name, letter, data=None):
    initial = {"version": letter.version}
    if name == "route":
        initial["department"] = letter.department_id
    return LETTERS.actions[name].form(data, prefix=name, initial=initial)


def _perform(request, letter, name, form):
    """Run one posted action through the engine; a refusal becomes the form's message."""
    if not form.is_valid():
        if "version" in form.errors:
            form.add_error(None, "页面已过期，请刷新后重试。")
        return None
    try:
        return LETTERS.run_form(letter, request.user, name, form.cleaned_data)
    except ActionError as error:
        form.add_error(None, str(error))
        return None


REVEALED_SESSION_KEY = "letters_revealed_phone"


def _reveal_target(letter):
    return f"信件 {letter.tracking_number}"


def _phone_context(request, letter):
    """The writer's phone masked even for supervisors; in full on the one render after a
    recorded reveal (docs/domain.md 个人信息的存储与显示)."""
    revealed = take_reveal(request, REVEALED_SESSION_KEY, letter.pk)
    return {
        "masked_phone": mask_phone(letter.phone), "revealed_phone": letter.phone if revealed else "",
        "phone_reveals": reveals_of(_reveal_target(letter)),
    }


def reveal_phone(request, pk):
    """督查 staff call the writer (答复, 回访): the full number, with the look recorded first."""
    _require(request.user)
    letter = get_object_or_404(services.letters_visible_to(request.user), pk=pk)
    if not services.can_see_identity(request.user):
        raise PermissionDenied("来信人身份保密，仅督查人员可见。")
    detail_url = reverse("letter_queue:detail", args=[letter.pk])
    if request.method == "POST":
        record_reveal(request, REVEALED_SESSION_KEY, letter.pk, _reveal_target(letter), "查看来信人联系电话")
    return redirect(detail_url + "#writer")


def detail(request, pk):
    _require(request.user)
    letter = get_object_or_404(services.letters_visible_to(request.user).select_related("department", "related_item"), pk=pk)
    names = _offered(letter, request.user)
    posted = request.POST.get("action") if request.method == "POST" else None
    if posted and posted not in names:
        messages.error(request, "该信件当前不能进行此操作，请刷新后查看最新状态。")
        return redirect("letter_queue:detail", pk=letter.pk)
    forms = {name: _form(name, letter, request.POST if posted == name else None) for name in names}
    if posted:
        text = _perform(request, letter, posted, forms[posted])
        if text is not None:
            messages.success(request, text)
            return redirect("letter_queue:detail", pk=letter.pk)
    context = {
        "letter": letter, "identity": access.is_supervisor(request.user), **_phone_context(request, letter),
        "forms": [(name, LETTERS.actions[name].label, forms[name]) for name in names], "posted": posted,
        "transitions": letter.transitions.all(), "callbacks": letter.callbacks.all(), "notices": letter.notices.all(),
        "overdue": letter.status in AWAITING_REPLY and letter.due_date < clock.today(),
    }
    failed = bool(posted and forms[posted].errors)
    return TemplateResponse(request, "letters/admin/detail.html", context, status=400 if failed else 200)


def notice(request, pk, notice_pk):
    """A printable 答复意见书 / 复核意见书 of a letter the user may see (no identity in it)."""
    _require(request.user)
    letter = get_object_or_404(services.letters_visible_to(request.user), pk=pk)
    return render_notice(request, get_object_or_404(letter.notices, pk=notice_pk), letter)
