"""Who may see and work which cases (docs/domain.md "办件引擎: 谁可以办理"): applicants their
own, window staff their department's (and the joint opinions asked of it), supervisors (督查)
every one. Used by the services, the staff queue and the file downloads: the rule is written once."""

from django.db.models import Q

from portal.roles import GROUP_SUPERVISORS

from .models import Case, CaseStatus, StaffAssignment


def is_supervisor(user) -> bool:
    """督查: group 督查, the supervise_case permission, or a superuser."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        user.is_superuser
        or user.has_perm("casework.supervise_case")
        or user.groups.filter(name=GROUP_SUPERVISORS).exists()
    )


def supervisors():
    """Every active user `is_supervisor` is true for, as one query (for mailing them)."""
    from django.contrib.auth import get_user_model

    supervise = Q(user_permissions__codename="supervise_case") | Q(groups__permissions__codename="supervise_case")
    return get_user_model().objects.filter(
        Q(is_superuser=True) | Q(groups__name=GROUP_SUPERVISORS) | supervise, is_active=True
    ).distinct()


def staff_department_id(user):
    """The department a window staff member works for, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    assignment = StaffAssignment.objects.filter(user=user).only("department_id").first()
    return assignment.department_id if assignment else None


def is_case_staff(user) -> bool:
    """May use the staff queue at all (window staff with a department, or a supervisor)."""
    return is_supervisor(user) or staff_department_id(user) is not None


def cases_visible_to(user):
    """Supervisors see every case; window staff their department's (incl. joint opinions asked
    of it); everyone else none. Drafts are the applicant's own business and never listed."""
    qs = Case.objects.exclude(status=CaseStatus.DRAFT)
    if is_supervisor(user):
        return qs
    dept_id = staff_department_id(user)
    if dept_id is None:
        return qs.none()
    return qs.filter(Q(department_id=dept_id) | Q(joint_opinions__department_id=dept_id)).distinct()


def can_view_case(user, case) -> bool:
    """Applicant: own case; staff: their department's cases; supervisors: all."""
    if not getattr(user, "is_authenticated", False):
        return False
    if case.applicant_id == user.pk:
        return True
    if case.status == CaseStatus.DRAFT:
        return False
    if is_supervisor(user):
        return True
    dept_id = staff_department_id(user)
    if dept_id is None:
        return False
    return case.department_id == dept_id or case.joint_opinions.filter(department_id=dept_id).exists()


def staff_window(user):
    """The halls.Window a staff member sits at (StaffAssignment.service_window), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    assignment = StaffAssignment.objects.filter(user=user).select_related("service_window").first()
    return assignment.service_window if assignment else None
