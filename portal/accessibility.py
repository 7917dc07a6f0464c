"""无障碍声明 and its problem report, routed as a letter (建议) through letters.api, so reports
are answered, supervised and counted like any other letter (docs/domain.md 适老化与无障碍)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from citizens.session_timeout import WARNING_SECONDS
from citizens.validators import validate_phone

REPORT_SUBJECT = "网站无障碍问题反馈"


class AccessibilityReportForm(forms.Form):
    content = forms.CharField(
        label="遇到的问题", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="请说明您做了什么、看到了什么，例如“长辈版下预约页面的按钮点不到”。",
    )
    page_url = forms.CharField(label="出问题的页面（选填）", max_length=300, required=False,
                               help_text="网址或页面名称。")
    writer_name = forms.CharField(label="您的称呼（选填）", max_length=50, required=False)
    phone = forms.CharField(label="手机号码（选填）", max_length=11, required=False,
                            help_text="留下手机号码，答复后我们会发短信告诉您信件编号和查看方式。",
                            validators=[validate_phone])


def accessibility_statement(request):
    """GET: the statement with the report form; POST: register the report as a letter."""
    from letters.api import submit_problem_report

    form = AccessibilityReportForm(request.POST or None, initial={"page_url": request.GET.get("from", "")})
    if request.method == "POST" and form.is_valid():
        letter = submit_problem_report(subject=REPORT_SUBJECT, user=request.user if request.user.is_authenticated else None,
                                       **form.cleaned_data)
        messages.success(request, f"您的反馈已登记为信件，编号 {letter.tracking_number}，我们将在 "
                                  f"{letter.due_date:%Y年%-m月%-d日} 前答复。请记下编号以便查询。")
        return redirect(reverse("accessibility_statement") + "#report")
    context = {
        "form": form,
        "session_minutes": settings.SESSION_COOKIE_AGE // 60,
        "warning_minutes": WARNING_SECONDS // 60,
    }
    return render(request, "portal/accessibility.html", context)
