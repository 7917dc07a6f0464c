"""窗口收件 in the Wagtail admin: find the item, register one walk-in applicant's case, print
the 收件回执 (docs/domain.md "窗口收件"). Times come from the server; there is no date field."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from casework import access, intake
from casework.applicant_forms import ApplicantForm
from casework.engine import ActionError
from casework.models import DeliveryMethod
from casework.receipts import receipt_context
from guides.models import ProcessingKind, ServiceItemPage
from guides.models.choices import ItemStatus
from halls.models import Window

SEARCH_LIMIT = 20


def _intake_items(user):
    """Items this person may receive: in use and live; window staff only their department's."""
    items = ServiceItemPage.objects.live().filter(status=ItemStatus.ACTIVE).select_related("department")
    if access.is_supervisor(user):
        return items
    dept_id = access.staff_department_id(user)
    if dept_id is None:
        raise PermissionDenied("只有窗口工作人员可以登记窗口收件。")
    return items.filter(department_id=dept_id)


def search_items(user, query):
    query = (query or "").strip()
    if not query:
        return []
    found = _intake_items(user).filter(Q(title__icontains=query) | Q(item_code__icontains=query))
    return list(found.order_by("title")[:SEARCH_LIMIT])


class IntakeForm(ApplicantForm):
    """The applicant (shared with the online wizard), the materials received as a checklist
    from the guide, and what happens now. One form = one applicant = one case."""

    def __init__(self, *args, item, staff_window=None, **kwargs):
        super().__init__(*args, item=item, **kwargs)
        self.item = item
        self.fields["applicant_phone"].help_text = "与已注册账户的手机号一致时，办件同时出现在该申请人的“我的办件”中。"
        windows = Window.objects.filter(department=item.department, active=True).select_related("hall")
        self.fields["window"] = forms.ModelChoiceField(
            label="收件窗口", queryset=windows, required=False, empty_label="（未指定）", initial=staff_window,
        )
        self.fields["materials"] = forms.MultipleChoiceField(
            label="收取的材料（按办事指南逐项核对）", required=False, widget=forms.CheckboxSelectMultiple,
            choices=[(m.name, _material_label(m)) for m in item.materials.all()],
        )
        modes = [(k, v) for k, v in intake.MODES.items() if k != intake.CLOSE or item.processing_kind == ProcessingKind.IMMEDIATE]
        self.fields["mode"] = forms.ChoiceField(label="办理方式", choices=modes, widget=forms.RadioSelect, initial=intake.ACCEPT)
        if item.processing_kind == ProcessingKind.IMMEDIATE:
            self.fields["result"] = forms.CharField(
                label="办理结果（当场办结时填写）", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields["delivery_method"] = forms.ChoiceField(
                label="送达方式", choices=DeliveryMethod.choices, initial=DeliveryMethod.WINDOW,
            )
            # 邮寄送达 is offered, so the address it needs is asked for here too.
            self.fields["delivery_address"] = forms.CharField(
                label="邮寄地址（邮寄送达时必填）", required=False, max_length=200,
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == intake.CLOSE:
            if not (cleaned.get("result") or "").strip():
                self.add_error("result", "当场办结请填写办理结果。")
            if cleaned.get("delivery_method") == DeliveryMethod.POST and not (cleaned.get("delivery_address") or "").strip():
                self.add_error("delivery_address", "邮寄送达请填写邮寄地址。")
        return cleaned

    def applicant(self):
        d = self.cleaned_data
        return intake.WalkInApplicant(
            name=d["applicant_name"], id_number=d["applicant_id_number"], phone=d["applicant_phone"],
            applicant_type=d["applicant_type"], organisation_name=d.get("organisation_name", ""),
            organisation_code=d.get("organisation_code", ""), address=d.get("address", ""),
        )


def _material_label(material):
    parts = [material.get_form_display(), f"{material.copies} 份"]
    if material.required and not material.condition:
        parts.insert(0, "必须")
    elif material.condition:
        parts.insert(0, material.condition)
    return f"{material.name}（{'，'.join(parts)}）"


def intake_start(request):
    """Step 1: search the item by name or code."""
    query = request.GET.get("q", "")
    items = search_items(request.user, query)
    return TemplateResponse(request, "casework/admin/intake_search.html", {"query": query, "items": items})


def _hall_ticket(request, item):
    """The hall ticket this intake is for (?ticket=<pk>, from a window's calling screen): called
    or served today for this item and not yet tied to a case; None otherwise."""
    from django.utils import timezone

    from queueing.models import Ticket, TicketStatus

    value = request.GET.get("ticket", "")
    if not value.isdigit():
        return None
    return (
        Ticket.objects.select_related("window")
        .filter(pk=int(value), item=item, case=None, date=timezone.localdate(),
                status__in=[TicketStatus.CALLED, TicketStatus.SERVED])
        .first()
    )


def intake_form(request, page_id):
    """Step 2: the applicant, the materials received and 收件/受理/当场办结, in one form.

    Opened from a window's calling screen (?ticket=), the form starts at the calling window and
    the new case is tied to that visit's ticket."""
    item = get_object_or_404(_intake_items(request.user).prefetch_related("materials"), pk=page_id)
    ticket = _hall_ticket(request, item)
    staff_window = ticket.window if ticket and ticket.window else access.staff_window(request.user)
    form = IntakeForm(request.POST or None, item=item, staff_window=staff_window)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = intake.register_window_case(
                request.user, item, form.applicant(), d["materials"], mode=d["mode"],
                description=d.get("description", ""), result=d.get("result", ""),
                delivery_method=d.get("delivery_method", DeliveryMethod.WINDOW),
                address=d.get("delivery_address", "") if d["mode"] == intake.CLOSE else "", window=d.get("window"),
            )
        except ActionError as error:
            form.add_error(None, error.message)
        else:
            if ticket is not None:
                type(ticket).objects.filter(pk=ticket.pk, case=None).update(case=case)
            messages.success(request, _done_message(case))
            return redirect(reverse("case_queue:receipt", args=[case.pk]))
    status = 400 if form.errors else 200
    context = {"item": item, "form": form, "ticket": ticket}
    return TemplateResponse(request, "casework/admin/intake_form.html", context, status=status)


def _done_message(case):
    if case.closed_at:
        return f"已收件并当场办结，收件编号 {case.receipt_number}。"
    if case.accepted_at:
        return f"已收件并受理，收件编号 {case.receipt_number}，承诺办结日期 {case.due_date:%Y-%m-%d}。"
    return f"已收件，收件编号 {case.receipt_number}。"


def case_receipt(request, pk, visible_case):
    """The printable 收件回执 of any case the user may see (window staff print it for walk-ins)."""
    case = visible_case(request, pk)
    if not case.receipt_number:
        raise PermissionDenied("草稿没有收件回执。")
    return TemplateResponse(request, "casework/receipt_print.html", receipt_context(request, case))
