"""Who may work the hall queue: window staff (their department's windows), supervisors and
superusers (every window), and holders of the queueing permissions."""

from casework.access import is_supervisor, staff_department_id


def is_queue_staff(user):
    return getattr(user, "is_authenticated", False) and (
        is_supervisor(user) or staff_department_id(user) is not None
        or user.has_perm("queueing.issue_ticket") or user.has_perm("queueing.call_ticket")
    )


def can_call_at(user, window):
    if is_supervisor(user) or user.has_perm("queueing.call_ticket"):
        return True
    return staff_department_id(user) == window.department_id


def windows_for(user, windows):
    return [w for w in windows if can_call_at(user, w)]
