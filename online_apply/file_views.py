"""Permission-checked downloads of applicants' files (docs/domain.md "办件引擎: 材料文件").

Entitled: the applicant of the case; window staff of the case's department (or of a department
asked for a joint opinion); supervisors. Anyone else gets a 404, so a file's existence is not
confirmed. Files are sent as attachments with nosniff, so a browser never renders an upload as
a page; staff previews (?inline=1) are PDF/images only, sandboxed by CSP.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from casework import access
from casework.files import file_response
from casework.models import CaseMaterial
from citizens.decorators import LOGIN_URL


@require_http_methods(["GET"])
def download(request, pk, file_pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), LOGIN_URL)
    row = get_object_or_404(CaseMaterial.objects.select_related("case"), pk=file_pk, case_id=pk)
    if not access.can_view_case(request.user, row.case):
        raise Http404("没有找到该文件。")
    return file_response(row, inline=request.GET.get("inline") == "1")
