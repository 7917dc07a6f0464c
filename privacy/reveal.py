"""The audited reveal of a full phone number on a staff screen (docs/domain.md 个人信息的存储与显示):
the screen shows the number masked; a POST records who, when, what and from where in the audit
log, then the next render of that record only shows it in full. Used by the case, 依申请公开,
letter and rectification screens."""

from audit.actions import REVEAL
from audit.models import AuditEvent
from audit.records import record


def record_reveal(request, session_key, pk, target, detail):
    record(REVEAL, request=request, target=target, detail=detail)
    request.session[session_key] = pk


def take_reveal(request, session_key, pk):
    """True once, on the render right after a recorded reveal of this record."""
    return request.session.pop(session_key, None) == pk


def reveals_of(target, limit=10):
    return AuditEvent.objects.filter(action=REVEAL, target=target)[:limit]
