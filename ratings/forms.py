from django import forms

from .models import ONLINE_DIMENSIONS, Grade

GRADE_CHOICES = Grade.choices  # 非常满意 first, as citizens read the scale


def _grade_field(label):
    return forms.TypedChoiceField(
        label=label, choices=GRADE_CHOICES, coerce=int, widget=forms.RadioSelect,
        error_messages={"required": f"请选择“{label}”的评价等级。"},
    )


class CaseRatingForm(forms.Form):
    """一事一评: 整体满意度 and the four online dimensions, all required."""

    overall = _grade_field("整体满意度")
    comment = forms.CharField(
        label="评价内容（选填；不满意时请写明原因，我们将回访并整改）", max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 4}), error_messages={"max_length": "评价内容最多 500 字。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        for field, label in ONLINE_DIMENSIONS:
            self.fields[field] = _grade_field(label)
        self.fields["comment"] = comment


class GuideFeedbackForm(forms.Form):
    useful = forms.TypedChoiceField(
        label="这份指南是否准确、有用？", choices=[("1", "是"), ("0", "否")], coerce=lambda v: v == "1",
        widget=forms.RadioSelect, error_messages={"required": "请选择“是”或“否”。"},
    )
    comment = forms.CharField(
        label="哪里不准确或可以改进？（选填）", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "意见最多 500 字。"},
    )
    website = forms.CharField(label="网址（请勿填写）", required=False)


class VisitRatingForm(forms.Form):
    """一次一评: one grade for the visit, a comment, and a phone only if the visitor wants a call."""

    overall = _grade_field("您对本次窗口服务的总体评价")
    comment = forms.CharField(
        label="评价内容（选填）", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "评价内容最多 500 字。"},
    )
    phone = forms.RegexField(
        label="联系电话（选填）", regex=r"^1[3-9]\d{9}$", required=False,
        help_text="不满意时如希望我们回访，请留下手机号；不公开。",
        error_messages={"invalid": "请输入 11 位中国大陆手机号码。"},
    )
