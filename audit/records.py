"""record(): the one call other apps make to write the audit log.

    from audit.records import record
    record("case.accept", request=request, target=f"办件 {case.receipt_number}", detail="受理")

Who is taken from request.user (or `actor`), where from the client address. Rows are
append-only (audit.models); they are kept AUDIT_RETENTION_DAYS (≥ 184, docs/domain.md §9).
"""

from contextvars import ContextVar

from django.conf import settings

from .models import AuditEvent

# The request being served, set by AuditRequestMiddleware, so signal handlers that get no
# request (Wagtail's admin log entries) still record where the change came from.
current_request = ContextVar("audit_current_request", default=None)

MAX_TARGET = 200


def client_address(request):
    """REMOTE_ADDR, or X-Real-IP when a trusted proxy sets it (settings.TRUST_X_REAL_IP)."""
    if request is None:
        return None
    if getattr(settings, "TRUST_X_REAL_IP", False):
        return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or None
    return request.META.get("REMOTE_ADDR") or None


def record(action, *, request=None, actor=None, target="", detail="", actor_name=""):
    """Append one event; returns it."""
    request = request if request is not None else current_request.get()
    if actor is None and request is not None and getattr(request.user, "is_authenticated", False):
        actor = request.user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=(account_label(actor) if actor is not None else actor_name)[:150],
        action=action[:50],
        target=str(target)[:MAX_TARGET],
        detail=str(detail),
        ip=client_address(request),
    )


def supervisor_emails():
    """E-mail addresses of the active supervisors (督查 group and superusers), for alerts."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from portal.roles import GROUP_SUPERVISORS

    users = get_user_model().objects.filter(Q(is_superuser=True) | Q(groups__name=GROUP_SUPERVISORS), is_active=True)
    return sorted({email for email in users.exclude(email="").values_list("email", flat=True)})


def account_label(user):
    """Staff by user name; a citizen's user name is their phone, so only the account number."""
    if hasattr(user, "citizen"):
        return f"申请人账户 #{user.pk}"
    return user.get_username()


class AuditRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
