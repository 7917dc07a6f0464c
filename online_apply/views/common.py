"""Helpers shared by the citizen-side views: case access, deadlines, form binding."""

from django.shortcuts import get_object_or_404

from casework.models import Case


def own_case_or_404(request, pk):
    """The signed-in applicant's own case; anyone else's is a 404 (don't confirm it exists)."""
    return get_object_or_404(Case.objects.select_related("item", "department"), pk=pk, applicant=request.user)


def working_days_left(case, today=None):
    """Working days to the promised deadline (negative when overdue), or None when not running.

    Delegates to online_apply.deadlines so the applicant sees the same figure as the staff.
    """
    from casework.deadlines import working_days_left as left

    return left(case, today)


def bound(request, files=False):
    """Form data for a POST (even an empty one, so it is validated), nothing for a GET."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)
