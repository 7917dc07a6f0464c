"""The 电子监察 page in the admin: the running month's figures and the lists to chase."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone

from casework import access

from . import presentation, supervision
from .metrics.compute import department_names, metric_catalogue, month_figures
from .metrics.periods import Month

DASHBOARD_COLUMNS = ("submitted", "accepted", "closed", "on_time_rate", "overdue", "stopped_cases", "stopped_days",
                     "satisfaction_rate", "bad_ratings", "complaints_received")


def dashboard(request):
    if not access.is_supervisor(request.user):
        raise PermissionDenied("只有督查人员可以查看电子监察。")
    today = timezone.localdate()
    month = Month.of(today)
    figures = month_figures(month, today=today)
    snapshot = {"metrics": metric_catalogue(), "total": {"current": figures["total"]}}
    names = department_names()
    departments = [{**meta, "current": figures["departments"].get(pk, {})} for pk, meta in names.items()]
    rectifications = supervision.open_rectifications()
    letters = supervision.letters_near_deadline(today)
    context = {
        "month": month,
        "today": today,
        "summary": presentation.summary_rows(snapshot, DASHBOARD_COLUMNS),
        "department_table": presentation.group_table(snapshot, departments, DASHBOARD_COLUMNS),
        "overdue": supervision.overdue_cases(today)[: supervision.LIST_LIMIT],
        "overdue_count": supervision.overdue_cases(today).count(),
        "long_stops": list(supervision.long_stops(today)[: supervision.LIST_LIMIT]),
        "rectifications": rectifications[: supervision.LIST_LIMIT] if rectifications is not None else None,
        "letters": letters[: supervision.LIST_LIMIT] if letters is not None else None,
    }
    return TemplateResponse(request, "bulletins/admin/dashboard.html", context)
