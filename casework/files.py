"""Serving a case's stored files, for every channel (docs/domain.md "办件引擎: 材料文件").

Files are sent as attachments with nosniff, so a browser never renders an upload as a page;
previews (inline) are PDF/images only, sandboxed by CSP. The caller checks who may see it.
"""

from django.http import FileResponse, Http404

# Detected MIME type → the only extension a stored file may get.
ALLOWED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


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
