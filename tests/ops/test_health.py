"""/healthz answers while the process lives; /readyz names each unreachable dependency with 503."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }
}


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_when_everything_is_up(client):
    body = client.get("/readyz").json()
    assert body["status"] == "ready"
    assert {name for name, check in body["checks"].items() if check["ok"]} == {"database", "cache", "queue", "search"}


def test_readyz_names_a_dead_cache_with_503(client):
    with override_settings(CACHES=DEAD_REDIS, SESSION_ENGINE="django.contrib.sessions.backends.db"):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["cache"]["ok"] is False and body["checks"]["database"]["ok"] is True


def test_readyz_stays_ready_when_only_elasticsearch_is_down(client, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["search"]["ok"] is False
