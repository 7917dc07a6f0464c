"""Full-page cache for anonymous visitors (docs/domain.md, 生产部署: 页面缓存).

Public pages look the same to every anonymous visitor (only the 长辈版 switch differs), so their
rendered HTML is kept in the shared cache and served without touching the database. Each entry
remembers the *tags* of what it shows (``page:<id>``, ``pages`` for anything that lists pages,
``type:<model>``, ``data`` for catalogue snippets and site settings) and the version of each tag
when it was stored. Publishing, unpublishing, moving or deleting a page, or saving catalogue data,
moves those versions on (``invalidate``), so exactly the entries that show the change miss.

What is never cached: any request carrying a session or message cookie (a signed-in citizen or
staff member, a pending flash message), anything but GET/HEAD, a response that sets a cookie, used
a CSRF token, is not 200 HTML or says ``private``/``no-store``, and any view that did not opt in
(Wagtail pages without view restrictions, and the views named in ``PAGE_CACHE_VIEWS``).
"""

import hashlib
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, quote_etag

ENTRY_PREFIX = "pagecache:entry:"
TAG_PREFIX = "pagecache:tag:"
# Tags every cached page carries: what the header, footer and catalogue snippets show.
DATA_TAG = "data"
# Tag of any page that lists other pages (home, catalogue, indexes, bundles).
LISTING_TAG = "pages"


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def mark_cacheable(request, tags):
    """Let the middleware store this request's response, tagged with what it shows."""
    existing = getattr(request, "page_cache_tags", None)
    if existing is not None:
        existing.update(tags)


def page_tags(page):
    """Tags of a Wagtail page's rendering: the page, plus what it declares it shows.

    A page type lists its dependencies with ``cache_dependencies()``; by default a page may list
    other pages (menus, indexes), so it also depends on every publish.
    """
    tags = {f"page:{page.pk}", DATA_TAG}
    declared = getattr(page.specific, "cache_dependencies", None)
    tags.update(declared() if declared else {LISTING_TAG})
    return tags


def invalidate(*tags):
    """Move the given tags on: every entry stored with an older version misses from now on."""
    now = time.time_ns()
    _cache().set_many({TAG_PREFIX + tag: now for tag in tags}, timeout=None)
    _memo.forget()


class _TagMemo:
    """Tag versions this process read in the last PAGE_CACHE_TAG_MEMO_SECONDS.

    A hit then costs one cache round trip instead of two, which under load is most of its time
    (benchmarks/load.py). A change made in another process is seen at most that long after it
    (browsers and a CDN may keep a page PAGE_CACHE_BROWSER_SECONDS anyway); one made in this
    process is seen at once. Storing an entry always reads the versions afresh.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self.forget()

    def forget(self):
        self.read_at, self.versions = time.monotonic(), {}

    def current(self, tags):
        seconds = getattr(settings, "PAGE_CACHE_TAG_MEMO_SECONDS", 0)
        if seconds <= 0:
            return _tag_versions(tags)[0]
        with self._lock:
            if time.monotonic() - self.read_at > seconds:
                self.forget()
            versions = self.versions
        missing = [tag for tag in tags if tag not in versions]
        if missing:
            versions.update(_tag_versions(missing)[0])
        return {tag: versions[tag] for tag in tags}


_memo = _TagMemo()


def invalidate_page(page):
    """A page was published, unpublished, moved or deleted: its entries and every listing miss."""
    model = page.specific_class or type(page)
    invalidate(f"page:{page.pk}", LISTING_TAG, f"type:{model._meta.label_lower}")


def _tag_versions(tags):
    """Current version of each tag, and which tags had none yet.

    A tag never seen (or evicted from the cache) starts at "now", so no entry stored before can
    match it again.
    """
    keys = [TAG_PREFIX + tag for tag in tags]
    found = _cache().get_many(keys)
    missing = {key: time.time_ns() for key in keys if key not in found}
    if missing:
        _cache().set_many(missing, timeout=None)
        found.update(missing)
    versions = {key.removeprefix(TAG_PREFIX): found[key] for key in keys}
    return versions, {key.removeprefix(TAG_PREFIX) for key in missing}


def _entry_key(request):
    elder = request.COOKIES.get("elder_mode", "")
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    raw = f"{request.get_host()}|{request.path}|{query}|{elder}"
    return ENTRY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _request_eligible(request):
    if not enabled() or request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not request.path.startswith(("/admin/", "/django-admin/"))


def _response_storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


def _public_headers(response, etag, last_modified):
    """Let browsers and a CDN keep the page briefly; ``Vary: Cookie`` keeps signed-in views apart."""
    max_age = getattr(settings, "PAGE_CACHE_BROWSER_SECONDS", 60)
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_vary_headers(response, ["Cookie"])


def _serve_entry(request, entry, state):
    if request.META.get("HTTP_IF_NONE_MATCH") == entry["etag"]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry["content"], content_type=entry["content_type"])
    for header, value in entry["headers"]:
        response[header] = value
    _public_headers(response, entry["etag"], entry["stored_at"])
    response["X-Page-Cache"] = state
    return response


KEPT_HEADERS = ("Content-Language", "X-Robots-Tag", "Content-Security-Policy", "Referrer-Policy")


def _store(request, response, started_ns):
    tags = request.page_cache_tags
    versions, new_tags = _tag_versions(tags)
    # Rendering raced with a change to something it shows: serve it, but do not keep it.
    if any(version > started_ns for tag, version in versions.items() if tag not in new_tags):
        return None
    content = response.content
    entry = {
        "versions": versions,
        "content": content,
        "content_type": response["Content-Type"],
        "headers": [(h, response[h]) for h in KEPT_HEADERS if response.has_header(h)],
        "etag": quote_etag(hashlib.sha256(content).hexdigest()[:32]),
        "stored_at": time.time(),
    }
    _cache().set(_entry_key(request), entry, timeout=getattr(settings, "PAGE_CACHE_SECONDS", 300))
    return entry


def _entry_current(entry):
    return entry is not None and _memo.current(entry["versions"]) == entry["versions"]


class PageCacheMiddleware:
    """Serve stored pages to anonymous visitors; store the ones views marked cacheable.

    Placed before the session and authentication middleware so that a hit costs no database query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_eligible(request):
            return self.get_response(request)
        entry = _cache().get(_entry_key(request))
        if _entry_current(entry):
            return _serve_entry(request, entry, "HIT")
        request.page_cache_tags = set()
        started_ns = time.time_ns()
        response = self.get_response(request)
        self._opt_in_named_view(request)
        if request.page_cache_tags and _response_storable(request, response):
            entry = _store(request, response, started_ns)
            if entry is not None:
                _public_headers(response, entry["etag"], entry["stored_at"])
                response["X-Page-Cache"] = "MISS"
        return response

    @staticmethod
    def _opt_in_named_view(request):
        match = getattr(request, "resolver_match", None)
        views = getattr(settings, "PAGE_CACHE_VIEWS", {})
        if match is not None and match.view_name in views:
            mark_cacheable(request, {DATA_TAG, *views[match.view_name]})


def before_serve_page(page, request, serve_args, serve_kwargs):
    """Wagtail hook: a live page without view restrictions may be cached for anonymous visitors."""
    if getattr(request, "page_cache_tags", None) is None or getattr(request, "is_preview", False):
        return None
    if page.get_view_restrictions().exists():
        return None
    mark_cacheable(request, page_tags(page))
    return None
