"""While the database is unreachable, answer 503 with a Chinese page and Retry-After.

A database restart is an outage, not a bug: the load balancer and browsers should retry, and the
citizen should read that the service is briefly unavailable, not that something broke. Pages in
the page cache are still served (portal/pagecache.py); Django reconnects by itself when the
database is back, so no restart is needed (docs/domain.md, 生产部署).
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("数据库不可用：%s", exception)
        # The template uses no context processor and no database.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
