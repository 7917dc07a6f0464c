"""Where a `next` parameter may send the visitor: a path on this site, nothing else.

django.shortcuts.redirect("foo") tries to reverse "foo" as a URL name and raises (a 500), and
url_has_allowed_host_and_scheme() accepts such relative names, so both checks are needed.
"""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_path(request, target, default="/"):
    """`target` if it is a path on this host ("/…", not "//…"), else `default`."""
    target = (target or "").strip()
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return default
    return target
