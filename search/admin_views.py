"""The editors' search report: top queries and zero-result queries over a period."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from . import querylog

PERIODS = [("7", "最近 7 天"), ("30", "最近 30 天"), ("90", "最近 90 天"), ("365", "最近一年")]


class PeriodForm(forms.Form):
    days = forms.TypedChoiceField(
        label="统计周期", choices=PERIODS, coerce=int, initial="30",
        error_messages={"invalid_choice": "统计周期只能选择 7、30、90 或 365 天。"},
    )


def can_view_report(user):
    return user.is_active and (user.is_superuser or user.has_perm("search.view_searchquerylog"))


def search_report(request):
    if not can_view_report(request.user):
        raise PermissionDenied
    form = PeriodForm(request.GET or None)
    days = form.cleaned_data["days"] if form.is_bound and form.is_valid() else 30
    return render(request, "search/admin/report.html", {
        "form": form,
        "days": days,
        "top": querylog.top_queries(days=days, limit=50),
        "zero": querylog.zero_result_queries(days=days, limit=50),
    })
