"""One small form per case action (registered with the action in casework.services). Every
form carries the case version it was rendered with (optimistic locking); the engine compares it
under the row lock. `action_data()` gives the handler's keyword arguments."""

from django import forms

from guides.models import Department

from .models import DeliveryMethod, StopReason


class ActionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def action_data(self):
        """The handler's keyword arguments: every field but the two hidden ones."""
        return {k: v for k, v in self.cleaned_data.items() if k not in ("action", "version")}


def _text(label, required=True, max_length=2000, rows=3):
    return forms.CharField(label=label, required=required, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows}))


class NoteForm(ActionForm):
    note = _text("说明（可选）", required=False)


class CorrectionForm(ActionForm):
    """一次性告知: tick every problem material and give its reason, plus up to two other problems."""

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.materials = list(materials)
        for m in self.materials:
            self.fields[f"flag_{m.pk}"] = forms.BooleanField(label=m.name, required=False)
            self.fields[f"reason_{m.pk}"] = forms.CharField(label=f"“{m.name}”的问题及补正要求", required=False, max_length=500)
        for n in (1, 2):
            self.fields[f"other_name_{n}"] = forms.CharField(label=f"其他问题 {n}：材料名称", required=False, max_length=200)
            self.fields[f"other_reason_{n}"] = forms.CharField(label=f"其他问题 {n}：问题及要求", required=False, max_length=500)
        self.fields["note"] = _text("补充说明（可选）", required=False)

    def clean(self):
        data = super().clean()
        items = []
        for m in self.materials:
            reason = (data.get(f"reason_{m.pk}") or "").strip()
            if data.get(f"flag_{m.pk}"):
                if not reason:
                    self.add_error(f"reason_{m.pk}", f"请写明“{m.name}”的问题及补正要求。")
                items.append((m, reason))
        for n in (1, 2):
            name = (data.get(f"other_name_{n}") or "").strip()
            reason = (data.get(f"other_reason_{n}") or "").strip()
            if name or reason:
                if not (name and reason):
                    self.add_error(f"other_reason_{n}", "请同时填写材料名称和问题。")
                items.append((name, reason))
        if not items and not self.errors:
            raise forms.ValidationError("请至少勾选一项需要补正的材料并写明原因。")
        data["items"] = items
        return data

    def action_data(self):
        return {"items": self.cleaned_data["items"], "note": self.cleaned_data.get("note", "")}


class RejectForm(ActionForm):
    reasons = _text("不予受理的理由（将写入《不予受理告知书》）")


class AcceptForm(ActionForm):
    """受理. For a 即办件 it also offers 当场办结, unticked: a plain 受理 must simply work."""

    note = _text("说明（可选）", required=False)

    def __init__(self, *args, immediate=False, **kwargs):
        super().__init__(*args, **kwargs)
        if immediate:
            self.fields["close_now"] = forms.BooleanField(label="受理后当场办结", required=False, initial=False)
            self.fields["result"] = _text("办理结果（当场办结时填写）", required=False)
            self.fields["delivery_method"] = forms.ChoiceField(
                label="送达方式", choices=DeliveryMethod.choices, initial=DeliveryMethod.WINDOW
            )
            self.fields["address"] = forms.CharField(label="邮寄地址（邮寄送达时必填）", required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("close_now"):
            if not (data.get("result") or "").strip():
                self.add_error("result", "当场办结请填写办理结果。")
            if data.get("delivery_method") == DeliveryMethod.POST and not (data.get("address") or "").strip():
                self.add_error("address", "邮寄送达请填写邮寄地址。")
        return data


class DeficiencyForm(ActionForm):
    material_name = forms.CharField(label="容缺材料", max_length=200)
    due_date = forms.DateField(label="补交期限", widget=forms.DateInput(attrs={"type": "date"}))
    promise_text = _text("申请人书面承诺内容")
    note = _text("说明（可选）", required=False)


class StopForm(ActionForm):
    reason = forms.ModelChoiceField(label="暂停计时事由", queryset=StopReason.objects.filter(active=True), empty_label="请选择")
    approved_by = forms.CharField(label="批准人", max_length=50)
    note = _text("说明", required=False)


class ForwardForm(ActionForm):
    forwarded_to = forms.CharField(label="转报机关", max_length=100)
    note = _text("说明（可选）", required=False)


class CloseForm(ActionForm):
    result = _text("办理结果")
    delivery_method = forms.ChoiceField(label="送达方式", choices=DeliveryMethod.choices, initial=DeliveryMethod.WINDOW)
    address = forms.CharField(label="邮寄地址（邮寄送达时必填）", required=False, max_length=200)
    overdue_reason = _text("超期原因（超过承诺办结日期时必填）", required=False)


class HigherDecisionForm(CloseForm):
    decision = _text("上级机关决定")
    close_case = forms.BooleanField(label="登记后直接办结", required=False)
    result = _text("办理结果（直接办结时填写）", required=False)


class JointOpinionsForm(ActionForm):
    departments = forms.ModelMultipleChoiceField(
        label="征求意见部门", queryset=Department.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, lead_department=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Department.objects.all()
        if lead_department is not None:
            qs = qs.exclude(pk=lead_department.pk)
        self.fields["departments"].queryset = qs


class AnswerOpinionForm(ActionForm):
    opinion_id = forms.IntegerField(widget=forms.HiddenInput)
    agrees = forms.TypedChoiceField(
        label="意见", choices=[("1", "同意"), ("0", "不同意")], coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    text = _text("意见说明（不同意时必填）", required=False)


class FulfilForm(ActionForm):
    promise_id = forms.IntegerField(widget=forms.HiddenInput)
