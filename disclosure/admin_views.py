"""Admin screens of 政务公开 for editors: what must go public, and by when."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from .publication import PUBLICATION_WORKING_DAYS, pending_documents


def can_edit_disclosure(user):
    return user.has_perm("wagtailadmin.access_admin")


def pending_publication(request):
    """待公开信息: drafts and changed documents with their 20-working-day deadline."""
    if not can_edit_disclosure(request.user):
        raise PermissionDenied
    rows = pending_documents()
    return render(request, "disclosure/admin/pending.html", {
        "rows": rows,
        "overdue": sum(row.status.overdue for row in rows),
        "due_soon": sum(row.status.due_soon for row in rows),
        "days": PUBLICATION_WORKING_DAYS,
    })
