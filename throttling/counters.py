"""Rate-limit counters kept in Django's default cache.

The cache must be shared by every worker process (Redis in production: `production.py`
refuses to start without REDIS_URL, and `check --deploy` flags a per-process cache), or each
worker counts on its own and N workers let N times the limit through.
"""

import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def over_limit(key, limit, window_seconds):
    """Count one hit on `key`; True when more than `limit` hits fell in the window."""
    cache_key = f"throttle:{key}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return limit < 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds)
        return limit < 1
    if count is None:
        # Redis unreachable (production ignores cache errors, docs/deployment.md): nothing can be
        # counted, and refusing everyone would turn a cache outage into a site outage.
        logger.warning("限流计数不可用（缓存不可达），本次放行：%s", key)
        return False
    return count > limit


def client_ip(request):
    """The client's address. Behind a reverse proxy REMOTE_ADDR is the proxy, which then sets
    X-Real-IP; the header is believed only when settings.TRUST_X_REAL_IP says such a proxy
    exists, or anyone could send a fresh X-Real-IP with each request and never meet a limit."""
    if settings.TRUST_X_REAL_IP:
        return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR", "")
    return request.META.get("REMOTE_ADDR", "")
