"""Refuse an oversized request before its body is read (issue 9: a 300 MB upload was read in
full before the per-file limit said no).

The cap is per request and sits above the per-case upload limit (online_apply.uploads:
MAX_CASE_BYTES, 100 MB), so a legitimate upload of a whole case still fits; anything bigger is
answered 413 from the Content-Length header alone. Must be the first middleware, before
anything reads request.POST.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        limit = settings.MAX_REQUEST_BYTES
        if length < 0 or length > limit:
            body = render_to_string("413.html", {"limit_mb": limit // (1024 * 1024)})
            return HttpResponse(body, status=413)
        return self.get_response(request)
