"""The catalogue listing at /guide/: each filter, combinations, facet counts, pagination,
bad input (a clear message, never a 500) and query efficiency."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(structure):
    """Five items with distinct, explicit attributes (asserted on below)."""
    police = factories.department("县公安局", "gaj")
    market = factories.department("县市场监督管理局", "scj")
    household = factories.theme("户籍办理", "huji")
    business = factories.theme("开办企业", "kaiban")
    items = {
        "id_card": factories.service_item(
            "居民身份证补领", "XK-330521-0001", police, [household], visits=1, is_online=True, is_reservable=True,
            fees=(("工本费", "20.00", "元/证"),), fee_basis="发改价格〔2003〕2322号",
        ),
        "hukou": factories.service_item(
            "户口迁移", "XK-330521-0002", police, [household], visits=2, is_online=False, is_reservable=True,
            processing_kind="承诺件", promised_limit_days=5, legal_limit_days=20,
        ),
        "licence": factories.service_item(
            "个体工商户设立登记", "XK-330521-0003", market, [business], visits=0, is_online=True,
            is_reservable=False, item_type="行政许可", serves_individuals=True, serves_legal_persons=True,
            processing_kind="承诺件", promised_limit_days=3, legal_limit_days=15,
        ),
        "food": factories.service_item(
            "食品经营许可", "XK-330521-0004", market, [business], visits=1, is_online=True, is_reservable=False,
            item_type="行政许可", serves_individuals=False, serves_legal_persons=True,
            processing_kind="承诺件", promised_limit_days=10, legal_limit_days=20,
        ),
        "cancelled": factories.service_item("旧证换发", "XK-330521-0005", police, [household], status="已取消"),
    }
    factories.service_item("未发布事项", "XK-330521-0006", police, publish=False)
    return items


def titles(response):
    return [item.title for item in response.context["items"]]


def test_default_listing_shows_live_uncancelled_items_with_true_total(client, catalogue):
    response = client.get("/guide/")
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(["居民身份证补领", "户口迁移", "个体工商户设立登记", "食品经营许可"])
    assert "共 <strong>4</strong> 项事项" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("department=scj", {"个体工商户设立登记", "食品经营许可"}),
        ("theme=huji", {"居民身份证补领", "户口迁移"}),
        ("audience=法人", {"个体工商户设立登记", "食品经营许可"}),
        ("audience=自然人", {"居民身份证补领", "户口迁移", "个体工商户设立登记"}),
        ("item_type=行政许可", {"个体工商户设立登记", "食品经营许可"}),
        ("processing_kind=即办件", {"居民身份证补领"}),
        ("online=yes", {"居民身份证补领", "个体工商户设立登记", "食品经营许可"}),
        ("online=no", {"户口迁移"}),
        ("reservable=yes", {"居民身份证补领", "户口迁移"}),
        ("fee=charged", {"居民身份证补领"}),
        ("fee=free", {"户口迁移", "个体工商户设立登记", "食品经营许可"}),
        ("max_visits=0", {"个体工商户设立登记"}),
        ("max_visits=1", {"居民身份证补领", "个体工商户设立登记", "食品经营许可"}),
        ("status=已取消", {"旧证换发"}),
        ("status=all", {"居民身份证补领", "户口迁移", "个体工商户设立登记", "食品经营许可", "旧证换发"}),
    ],
)
def test_each_filter(client, catalogue, query, expected):
    response = client.get(f"/guide/?{query}")
    assert response.status_code == 200
    assert set(titles(response)) == expected
    assert not response.context["filter_errors"]


def test_filters_combine(client, catalogue):
    response = client.get("/guide/?department=scj&audience=自然人&max_visits=0&online=yes")
    assert titles(response) == ["个体工商户设立登记"]


def test_facet_counts_are_computed_under_the_other_filters(client, catalogue):
    response = client.get("/guide/?department=scj")
    facets = response.context["facets"]
    # Department's own counts ignore the department filter, so other departments stay reachable.
    assert ("gaj", "县公安局", 2, False) in facets["department"]
    assert ("scj", "县市场监督管理局", 2, True) in facets["department"]
    # Every other facet counts only 市场监管 items.
    assert dict((v, c) for v, _label, c, _s in facets["online"]) == {"yes": 2, "no": 0}
    assert dict((v, c) for v, _label, c, _s in facets["audience"]) == {"自然人": 1, "法人": 2}
    assert dict((v, c) for v, _label, c, _s in facets["max_visits"]) == {"0": 1, "1": 2, "2": 2}
    # Status is a scope, counted over every status under the other filters.
    assert dict((v, c) for v, _label, c, _s in facets["status"])["all"] == 2
    body = response.content.decode()
    assert "县公安局（2）" in body and "县市场监督管理局（2）" in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("department=abc", "没有代码为该值的部门"),
        ("max_visits=-3", "到现场次数不能小于 0"),
        ("max_visits=abc", "到现场次数必须是 0 或正整数"),
        ("online=maybe", "不是有效的选项"),
        ("theme=nope&page=zz", "没有该主题分类"),
    ],
)
def test_invalid_values_show_a_chinese_message_not_a_500(client, catalogue, query, message):
    response = client.get(f"/guide/?{query}")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="alert"' in body and message in body
    # The bad condition is ignored, the rest of the listing still works.
    assert response.context["paginator"].count == 4


def test_valid_filters_still_apply_beside_an_invalid_one(client, catalogue):
    response = client.get("/guide/?department=abc&online=no")
    assert titles(response) == ["户口迁移"]
    assert "没有代码为该值的部门" in response.content.decode()


def test_pagination_is_rendered_with_true_total_and_keeps_filters(client, structure):
    police = factories.department("县公安局", "gaj")
    for number in range(45):
        factories.service_item(f"事项{number:02d}", f"XK-330521-{number + 100:04d}", police, is_online=True)
    response = client.get("/guide/?online=yes&page=3")
    body = response.content.decode()
    assert len(response.context["items"]) == 5
    assert 'aria-label="分页"' in body
    assert "共 <strong>45</strong> 项事项" in body
    assert "第 3 / 3 页，共 45 项" in body
    assert re.search(r'href="\?online=yes&amp;page=2"[^>]*rel="prev"', body)
    # Out-of-range page numbers fall back to a real page rather than an error.
    assert client.get("/guide/?page=999").status_code == 200


def test_listing_query_count_does_not_grow_with_items(client, structure):
    police = factories.department("县公安局", "gaj")
    theme = factories.theme("户籍办理", "huji")

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/guide/?department=gaj").status_code == 200
        return len(ctx.captured_queries)

    for number in range(3):
        factories.service_item(f"甲{number}", f"XK-330521-{number + 300:04d}", police, [theme])
    client.get("/")  # the first request creates the SiteIdentity row; keep it out of the count
    few = count_queries()
    for number in range(12):
        factories.service_item(f"乙{number}", f"XK-330521-{number + 400:04d}", police, [theme])
    assert count_queries() == few


def test_bundles_are_listed_on_the_catalogue(client, catalogue):
    from tests.guides.factories import bundle

    bundle("开办餐馆一件事", [catalogue["licence"], catalogue["food"]], slug="restaurant")
    body = client.get("/guide/").content.decode()
    assert "一件事一次办" in body and "开办餐馆一件事" in body


def test_filtered_listing_is_not_indexed(client, catalogue):
    assert 'content="noindex, follow"' in client.get("/guide/?online=yes").content.decode()
    assert "noindex" not in client.get("/guide/").content.decode()
