"""Public and staff forms for letters. Every message is Chinese and names the field."""

from django import forms

from citizens.forms import CodeField, PhoneField
from guides.models import Department, ServiceItemPage

from .models import CallbackResult, Feedback, Finding, LetterChannel, LetterType

TYPE_HELP = "投诉：对工作人员或办事过程不满；咨询：询问办事政策；建议：改进服务的意见；举报：反映违法违纪行为。"


def _department_field():
    return forms.ModelChoiceField(
        label="涉及部门（选填）", queryset=Department.objects.all(), required=False, empty_label="不确定／不选择",
    )


def _item_field():
    return forms.ModelChoiceField(
        label="涉及事项（选填）", queryset=ServiceItemPage.objects.live().order_by("title"), required=False,
        empty_label="不选择",
    )


class LetterForm(forms.Form):
    """网上信箱. The phone is verified by an SMS code unless the 举报 is anonymous."""

    letter_type = forms.ChoiceField(
        label="信件类型", choices=LetterType.choices, widget=forms.RadioSelect, help_text=TYPE_HELP,
        error_messages={"required": "请选择信件类型。"},
    )
    anonymous = forms.BooleanField(
        label="匿名举报（仅限举报）", required=False,
        help_text="匿名举报不留姓名和电话，因此无法查询办理进度，也不会收到答复。",
    )
    subject = forms.CharField(label="标题", max_length=100, error_messages={"required": "请填写标题。"})
    content = forms.CharField(
        label="内容", max_length=3000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="请写明时间、地点、经过和诉求，最多 3000 字。",
        error_messages={"required": "请填写内容。", "max_length": "内容最多 3000 字。"},
    )
    related_department = _department_field()
    related_item = _item_field()
    related_case = forms.TypedChoiceField(label="涉及我的办件（选填）", required=False, coerce=int, empty_value=None)
    writer_name = forms.CharField(label="姓名", max_length=50, required=False)
    phone = PhoneField(required=False, help_text="用于接收验证码、信件编号和答复通知；不会公开。")
    code = CodeField(required=False)
    address = forms.CharField(label="联系地址（选填）", max_length=200, required=False)
    consent_to_publish = forms.BooleanField(
        label="同意在“信件公开”栏目公开本信件及答复（姓名、电话、地址等个人信息会自动隐去；举报不公开）", required=False,
    )
    # A field people never see: bots fill every input. Hidden by CSS, skipped by keyboard and
    # screen readers (see templates/letters/write.html).
    website = forms.CharField(label="网址（请勿填写）", required=False)

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["related_case"].choices = [("", "不选择"), *[(c.pk, f"{c.receipt_number} {c.item.title}") for c in cases]]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self):
        data = super().clean()
        anonymous = data.get("anonymous")
        if anonymous and data.get("letter_type") != LetterType.REPORT:
            self.add_error("anonymous", "只有举报可以匿名，请取消“匿名举报”或选择类型“举报”。")
        elif not anonymous:
            if not (data.get("writer_name") or "").strip():
                self.add_error("writer_name", "请填写姓名。")
            if not data.get("phone"):
                self.add_error("phone", "请输入手机号码。")
            if not data.get("code"):
                self.add_error("code", "请输入短信验证码。")
        return data


class LookupForm(forms.Form):
    tracking_number = forms.RegexField(
        label="信件编号", regex=r"^XJ\d{12}$", max_length=14,
        error_messages={"required": "请输入信件编号。", "invalid": "信件编号格式为 XJ 加 12 位数字，如 XJ202612010001。"},
    )
    phone = PhoneField(help_text="写信时填写的手机号码。")

    def clean_tracking_number(self):
        return self.cleaned_data["tracking_number"].strip().upper()


class CodeForm(forms.Form):
    code = CodeField()


class FeedbackForm(forms.Form):
    feedback = forms.ChoiceField(
        label="您对答复是否满意？", choices=Feedback.choices, widget=forms.RadioSelect,
        error_messages={"required": "请选择满意或不满意。"},
    )
    note = forms.CharField(
        label="说明（选填；不满意时请写明原因，我们将进行复核）", max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# ---------------------------------------------------------------- staff


class StaffEntryForm(forms.Form):
    """来访、来电（12345）、来信 registered by staff, with the channel recorded."""

    channel = forms.ChoiceField(
        label="来源渠道", choices=[c for c in LetterChannel.choices if c[0] != LetterChannel.ONLINE],
    )
    hotline_ticket = forms.CharField(label="12345 工单号（来电转办时填写）", max_length=40, required=False)
    received_on = forms.DateField(label="收信日期", widget=forms.DateInput(attrs={"type": "date"}))
    letter_type = forms.ChoiceField(label="信件类型", choices=LetterType.choices)
    anonymous = forms.BooleanField(label="匿名举报", required=False)
    subject = forms.CharField(label="标题", max_length=100)
    content = forms.CharField(label="内容", max_length=3000, widget=forms.Textarea(attrs={"rows": 6}))
    writer_name = forms.CharField(label="来信人姓名", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    address = forms.CharField(label="联系地址", max_length=200, required=False)
    consent_to_publish = forms.BooleanField(label="来信人同意公开", required=False)
    related_department = _department_field()
    related_item = _item_field()

    def clean(self):
        data = super().clean()
        if data.get("anonymous") and data.get("letter_type") != LetterType.REPORT:
            self.add_error("anonymous", "只有举报可以匿名。")
        if data.get("channel") == LetterChannel.PHONE and not data.get("phone") and not data.get("anonymous"):
            self.add_error("phone", "来电登记请填写来电号码。")
        return data


class VersionedForm(forms.Form):
    """A staff action form: carries the letter's version it was rendered with, so the engine
    refuses it when someone else acted meanwhile. Field names are the handler's keywords."""

    version = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": "页面已过期，请刷新后重试。"})


class RouteForm(VersionedForm):
    department = forms.ModelChoiceField(label="承办部门", queryset=Department.objects.all(), empty_label="请选择")
    note = forms.CharField(label="转办意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(VersionedForm):
    reply = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    finding = forms.ChoiceField(label="属实认定（投诉、举报必填）", choices=[("", "—"), *Finding.choices], required=False)


class ReviewForm(VersionedForm):
    conclusion = forms.CharField(label="复核意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    send_back = forms.TypedChoiceField(
        label="复核结论", coerce=lambda v: v == "1", widget=forms.RadioSelect,
        choices=[("0", "维持原答复，办结"), ("1", "退回承办部门重新办理")],
    )


class CallbackForm(VersionedForm):
    result = forms.ChoiceField(label="回访结果", choices=CallbackResult.choices)
    note = forms.CharField(label="回访记录", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class CloseForm(VersionedForm):
    note = forms.CharField(label="办结说明", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
