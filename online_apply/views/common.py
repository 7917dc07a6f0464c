"""Helpers shared by the citizen-side views: case access, deadlines, rate limits."""

from django.conf import settings
from django.core.cache import cache
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


def client_ip(request):
    # Behind a reverse proxy REMOTE_ADDR is the proxy, which then sets X-Real-IP. The header is
    # believed only when settings say such a proxy exists: otherwise anyone could send a fresh
    # X-Real-IP with each request and never meet the rate limits.
    if settings.TRUST_X_REAL_IP:
        return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR", "")
    return request.META.get("REMOTE_ADDR", "")


def over_limit(key, limit, window_seconds):
    """Count one hit on `key`; True when more than `limit` hits fell in the window."""
    cache_key = f"online_apply:rate:{key}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return False
    try:
        return cache.incr(cache_key) > limit
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds)
        return False


def bound(request, files=False):
    """Form data for a POST (even an empty one, so it is validated), nothing for a GET."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)
