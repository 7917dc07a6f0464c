"""Signed-in sessions end after SESSION_COOKIE_AGE idle seconds (等保: idle time-out). WCAG 2.2.1
asks that a user be warned and can extend with a simple action (docs/domain.md 适老化与无障碍):
portal.js shows a warning WARNING_SECONDS before the end, whose 继续使用 button calls keep_alive."""

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

WARNING_SECONDS = 5 * 60


def warning_after_seconds():
    return max(settings.SESSION_COOKIE_AGE - WARNING_SECONDS, 0)


@never_cache
@require_POST
def keep_alive(request):
    """Touch the session (SESSION_SAVE_EVERY_REQUEST renews its expiry); 204, or 403 when it has ended."""
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    request.session.modified = True
    return HttpResponse(status=204)
