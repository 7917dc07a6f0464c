"""Permission-checked downloads of applicants' files (DOMAIN.md §9: served only to those entitled).

Entitled: the applicant of the case; window staff of the case's department (or of a department
asked for a joint opinion); supervisors. Anyone else gets a 404, so a file's existence is not
confirmed. Files are sent as attachments with nosniff, so a browser never renders an upload as
a page; staff previews (?inline=1) are PDF/images only, sandboxed by CSP.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from citizens.decorators import LOGIN_URL

from . import access
from .models import CaseMaterial
from .uploads import ALLOWED_TYPES


@require_http_methods(["GET"])
def download(request, pk, file_pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), LOGIN_URL)
    row = get_object_or_404(CaseMaterial.objects.select_related("case"), pk=file_pk, case_id=pk)
    if not access.can_view_case(request.user, row.case):
        raise Http404("没有找到该文件。")
    return file_response(row, inline=request.GET.get("inline") == "1")


def file_response(row, inline=False):
    """The stored file of a CaseMaterial the caller has checked the user may see."""
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件已不存在。") from None
    inline = inline and row.content_type in ALLOWED_TYPES
    response = FileResponse(handle, as_attachment=not inline, filename=row.original_name, content_type=row.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Chrome's PDF viewer will not run in a sandboxed document, so inline PDFs go without it.
    if not (inline and row.content_type == "application/pdf"):
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response
