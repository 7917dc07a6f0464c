"""Liveness and readiness probes for the load balancer and the process supervisor.

``/healthz`` answers while the process can serve Python at all; ``/readyz`` checks every service a
request may need (database, shared cache, task queue, search) and answers 503 naming what is down,
so the balancer takes the machine out of rotation instead of sending citizens to an error page.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache():
    key = "readyz:probe"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("缓存写入后读不回")


def _check_queue():
    from django_tasks import default_task_backend

    backend = default_task_backend
    name = type(backend).__name__
    if name == "RQBackend":
        from django_rq import get_connection

        get_connection(backend.alias if hasattr(backend, "alias") else "default").ping()
    # The database backend's queue is the database, checked above; the immediate backend has none.


def _check_search():
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if not url:
        return  # the embedded index lives in the database
    from elasticsearch import Elasticsearch

    if not Elasticsearch(url, request_timeout=2).ping():
        raise RuntimeError("Elasticsearch 无响应（搜索将退回内置索引）")


CHECKS = {"database": _check_database, "cache": _check_cache, "queue": _check_queue, "search": _check_search}
# Search has a fallback (the embedded index), so a search outage degrades but does not unready.
DEGRADABLE = {"search"}


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    results, ready = {}, True
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
        except Exception as error:  # any failure of a dependency is reported, never raised
            results[name] = {"ok": False, "error": str(error)[:200]}
            ready = ready and name in DEGRADABLE
        else:
            results[name] = {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}
    return JsonResponse({"status": "ready" if ready else "unavailable", "checks": results}, status=200 if ready else 503)
