"""With the database unreachable, pages answer 503 in Chinese with Retry-After; cached pages still serve."""

import pytest
from django.db import OperationalError

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_database(monkeypatch):
    """Every query fails as it does while PostgreSQL restarts."""
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused: the database system is shutting down")

    def break_now():
        monkeypatch.setattr(CursorWrapper, "execute", refuse)
        monkeypatch.setattr(CursorWrapper, "executemany", refuse)

    return break_now


def test_database_outage_gives_a_chinese_503_with_retry_after(client, structure, broken_database):
    item = factories.service_item("居民身份证补领", "XK-330521-0001", factories.department())
    broken_database()
    response = client.get(item.url)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "服务暂时不可用" in response.content.decode()


def test_cached_pages_are_served_while_the_database_is_down(client, structure, settings, broken_database):
    from wagtail.models import Site

    from portal.models import SiteIdentity

    settings.PAGE_CACHE_ENABLED = True
    SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    item = factories.service_item("居民身份证补领", "XK-330521-0001", factories.department())
    assert client.get(item.url).status_code == 200  # stored
    broken_database()
    response = client.get(item.url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "HIT"


DEAD_REDIS_IGNORED = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }
}


def test_with_redis_down_a_rate_limited_post_still_goes_through(client, structure, settings):
    """Found by the Redis fault run of benchmarks/load.py: the limit counter read None and the
    feedback post answered 500. With the shared cache unreachable nothing can be counted; the
    post is kept and the visitor sent back to the guide."""
    from django.test import override_settings

    from ratings.models import GuideFeedback

    item = factories.service_item("居民身份证补领", "XK-330521-0001", factories.department())
    settings.DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    with override_settings(CACHES=DEAD_REDIS_IGNORED, SESSION_ENGINE="django.contrib.sessions.backends.db"):
        response = client.post(f"/guide-feedback/{item.pk}/", {"useful": "1", "comment": "电话号码写错了"})
    assert response.status_code == 302
    assert GuideFeedback.objects.get().comment == "电话号码写错了"
