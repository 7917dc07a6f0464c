"""Full-page cache for anonymous visitors: hits cost no query, changes invalidate exactly what
shows them, personal pages are never stored."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guides.models import Department
from tests import factories
from tests.guides.factories import bundle, notice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture(autouse=True)
def site_identity(structure):
    """Settings are created on a site's first request, which would invalidate that request's page."""
    from wagtail.models import Site

    from portal.models import SiteIdentity

    SiteIdentity.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def items(structure):
    dept = factories.department("县公安局", "gaj")
    first = factories.service_item("居民身份证补领", "XK-330521-0001", dept)
    second = factories.service_item("户口迁移", "XK-330521-0002", dept)
    return first, second


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def test_second_anonymous_visit_is_served_from_cache_without_queries(client, items):
    url = items[0].url
    first = get(client, url)
    assert first["X-Page-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        second = get(client, url)
    assert second["X-Page-Cache"] == "HIT"
    assert len(queries) == 0
    assert second.content == first.content
    assert "public" in second["Cache-Control"] and second["ETag"] and second["Last-Modified"]
    assert "Cookie" in second["Vary"]


def test_etag_gives_not_modified(client, items):
    etag = get(client, items[0].url)["ETag"]
    response = client.get(items[0].url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304


def test_elder_mode_is_a_separate_entry(client, items):
    url = items[0].url
    get(client, url)
    client.cookies["elder_mode"] = "1"
    response = get(client, url)
    assert response["X-Page-Cache"] == "MISS"
    assert 'class="elder-mode"' in response.content.decode()


def test_publishing_a_page_invalidates_it_and_the_catalogue_but_not_other_guides(client, items):
    first, second = items
    for url in (first.url, second.url, "/guide/"):
        get(client, url)
    first.title = "居民身份证补领（新版）"
    first.save_revision().publish()
    assert get(client, first.url)["X-Page-Cache"] == "MISS"
    assert "居民身份证补领（新版）" in get(client, "/guide/").content.decode()
    assert get(client, second.url)["X-Page-Cache"] == "HIT"


def test_unpublishing_removes_the_page_from_listings(client, items):
    first, _ = items
    assert first.title in get(client, "/guide/").content.decode()
    first.unpublish()
    assert client.get(first.url).status_code == 404
    assert first.title not in get(client, "/guide/").content.decode()


def test_a_bundle_publish_reaches_the_guide_pages(client, items):
    first, second = items
    get(client, first.url)
    bundle("户籍一件事", [first, second], slug="hukou")
    response = get(client, first.url)
    assert response["X-Page-Cache"] == "MISS"
    assert "户籍一件事" in response.content.decode()


def test_catalogue_data_change_invalidates_guide_pages(client, items):
    first, _ = items
    get(client, first.url)
    Department.objects.filter(pk=first.department_id).update(name="县公安局（改）")  # no signal: still cached
    assert get(client, first.url)["X-Page-Cache"] == "HIT"
    dept = Department.objects.get(pk=first.department_id)
    dept.save()
    response = get(client, first.url)
    assert response["X-Page-Cache"] == "MISS" and "县公安局（改）" in response.content.decode()


def test_catalogue_filter_combinations_are_cached_apart(client, items):
    assert get(client, "/guide/?q=身份证")["X-Page-Cache"] == "MISS"
    assert get(client, "/guide/?q=户口")["X-Page-Cache"] == "MISS"
    assert get(client, "/guide/?q=身份证")["X-Page-Cache"] == "HIT"


def test_checklist_view_is_cached_and_follows_its_page(client, items):
    url = "/item/XK-330521-0001/checklist/"
    get(client, url)
    assert get(client, url)["X-Page-Cache"] == "HIT"
    first, _ = items
    first.save_revision().publish()
    assert get(client, url)["X-Page-Cache"] == "MISS"


def test_notices_are_cached_and_a_new_notice_shows_at_once(client, structure):
    get(client, "/notices/")
    notice("关于调整办公时间的通知", slug="hours")
    assert "关于调整办公时间的通知" in get(client, "/notices/").content.decode()


def test_signed_in_visitors_and_pages_with_forms_are_never_cached(client, items, django_user_model):
    url = items[0].url
    get(client, url)
    user = django_user_model.objects.create_user("staff", password="x" * 12)
    client.force_login(user)
    response = get(client, url)
    assert "X-Page-Cache" not in response
    client.logout()
    client.cookies.clear()
    login = client.get("/account/login/")
    assert "X-Page-Cache" not in login
    assert "X-Page-Cache" not in client.get("/account/login/")


def test_not_found_and_post_are_not_cached(client, structure):
    assert client.get("/no-such-page/").status_code == 404
    response = client.get("/no-such-page/")
    assert "X-Page-Cache" not in response


def test_private_pages_are_not_cached(client, items):
    from wagtail.models import PageViewRestriction

    first, _ = items
    PageViewRestriction.objects.create(page=first, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(first.url)
    assert response.status_code == 302
    assert "X-Page-Cache" not in response


def _uncached_queries(client, item):
    client.get(item.url)  # settle first-request work (site settings)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(item.url).status_code == 200
    return len(queries)


def test_uncached_guide_page_queries_do_not_grow_with_its_rows(client, structure, settings):
    settings.PAGE_CACHE_ENABLED = False
    dept = factories.department("县公安局", "gaj")
    themes = [factories.theme(f"主题{i}", slug=f"theme-{i}") for i in range(5)]
    common = {"fee_basis": "《收费文件》", "processing_kind": "承诺件", "promised_limit_days": 5, "legal_limit_days": 20}
    small = factories.service_item("甲事项", "XK-330521-0001", dept, themes=themes[:1], fees=[("工本费", 10, "元")], **common)
    large = factories.service_item(
        "乙事项", "XK-330521-0002", dept, themes=themes,
        materials=[(f"材料{i}", i % 2 == 0, "" if i % 2 == 0 else "已婚的提供") for i in range(15)],
        fees=[(f"费用{i}", 10, "元") for i in range(5)],
        legal_bases=[(f"《法规{i}》", "第一条") for i in range(6)],
        steps=[f"步骤{i}" for i in range(8)],
        **common,
    )
    assert _uncached_queries(client, large) == _uncached_queries(client, small)


def test_tag_memo_saves_a_round_trip_and_sees_other_processes_within_its_window(client, items, settings):
    """A hit reads the page's tag versions from this process's memo (one cache round trip, not
    two); another process's publish is seen once the memo's window has passed, this process's at once."""
    import time

    from django.core.cache import cache

    from portal import pagecache

    settings.PAGE_CACHE_TAG_MEMO_SECONDS = 60
    first, second = items
    get(client, first.url)
    get(client, second.url)
    assert get(client, first.url)["X-Page-Cache"] == "HIT"
    # Another web process publishes the first page: it moves the tag in the shared cache only.
    cache.set(pagecache.TAG_PREFIX + f"page:{first.pk}", time.time_ns(), timeout=None)
    assert get(client, first.url)["X-Page-Cache"] == "HIT"  # within the window
    pagecache._memo.read_at -= 61
    assert get(client, first.url)["X-Page-Cache"] == "MISS"
    # A publish in this process forgets the memo at once.
    assert get(client, second.url)["X-Page-Cache"] == "HIT"
    second.title = "户口迁移（新版）"
    second.save_revision().publish()
    assert get(client, second.url)["X-Page-Cache"] == "MISS"
