"""Wagtail's own search understands Chinese (issue 8): Page.objects.search / autocomplete,
the admin's page search, the page and snippet choosers, snippet listings, the API's
?search= and the search-terms report, through search.backends.wagtail_db on SQLite and
PostgreSQL alike."""

import pytest
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from guides.models import Department, ServiceItemPage
from search.analysis import QueryClause
from search.backends.wagtail_db import fts5_expression, tsquery_expression
from search.querylog import log_query
from search.service import promotions
from tests import factories


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-Admin-2026")
    client.force_login(user)
    return client


@pytest.fixture
def civil_affairs(catalogue):
    dept = factories.department("县民政局", "mzj")
    factories.service_item("内地居民结婚登记", "QR-330521-0009", dept=dept, result_name="结婚证",
                           materials=(("居民户口簿", True, ""),))
    return dept


def titles(pages):
    return [page.title for page in pages]


def test_page_search_finds_chinese_words_and_substrings(catalogue):
    assert titles(Page.objects.live().search("补领")) == ["居民身份证补领"]
    assert set(titles(Page.objects.live().search("身份证"))) >= {"居民身份证首次申领", "居民身份证补领"}
    # A substring jieba does not cut out (份证) and a colloquial query with a synonym (丢了 ⇄ 补领).
    assert "居民身份证补领" in titles(Page.objects.live().search("份证"))
    assert titles(Page.objects.live().search("身份证丢了怎么办"))[0] == "居民身份证补领"


def test_page_search_understands_pinyin_codes_and_ignores_noise(catalogue):
    assert "居民身份证补领" in titles(ServiceItemPage.objects.search("shenfenzheng"))
    assert titles(ServiceItemPage.objects.search("QR-330521-0003")) == ["居民身份证补领"]
    assert titles(ServiceItemPage.objects.search("的")) == []
    assert titles(ServiceItemPage.objects.search("护照")) == []


def test_autocomplete_matches_the_start_of_any_word(catalogue):
    assert set(titles(Page.objects.autocomplete("身份"))) == {"居民身份证首次申领", "居民身份证补领"}
    assert titles(ServiceItemPage.objects.autocomplete("食品经")) == ["食品经营许可（新办）"]
    assert titles(ServiceItemPage.objects.autocomplete("XK-330521-001")) == ["食品经营许可（新办）"]


def test_search_filters_and_ordering_still_work(catalogue):
    online = ServiceItemPage.objects.filter(is_online=True).search("身份证")
    assert titles(online) == ["居民身份证补领", "个体工商户设立登记"] or set(titles(online)) == {
        "居民身份证补领", "个体工商户设立登记"}
    ordered = ServiceItemPage.objects.order_by("title").search("身份证", order_by_relevance=False)
    assert titles(ordered) == sorted(titles(ordered))


def test_department_snippet_search_and_chooser(admin_client, civil_affairs):
    backend = get_search_backend()
    assert [d.name for d in backend.autocomplete("民政", Department)] == ["县民政局"]
    listing = admin_client.get(reverse("wagtailsnippets_guides_department:list_results"), {"q": "民政"})
    assert listing.status_code == 200
    assert "县民政局" in listing.content.decode() and "县公安局" not in listing.content.decode()
    chooser = admin_client.get(reverse("wagtailsnippetchoosers_guides_department:choose_results"), {"q": "民政"})
    assert chooser.status_code == 200
    assert "县民政局" in chooser.content.decode()


def test_admin_page_search_and_page_chooser(admin_client, catalogue):
    found = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "补领"})
    assert found.status_code == 200
    assert "居民身份证补领" in found.content.decode()
    assert "食品经营许可" not in found.content.decode()
    chooser = admin_client.get(reverse("wagtailadmin_choose_page_search"),
                               {"q": "食品", "page_type": "guides.serviceitempage"})
    assert chooser.status_code == 200
    assert "食品经营许可（新办）" in chooser.content.decode()


def test_api_search_counts_chinese_matches(client, catalogue):
    data = client.get("/api/v2/pages/", {"search": "身份证", "type": "guides.ServiceItemPage"}).json()
    assert data["meta"]["total_count"] >= 2
    assert "居民身份证补领" in [p["title"] for p in data["items"]]
    data = client.get("/api/v2/pages/", {"search": "补领"}).json()
    assert [p["title"] for p in data["items"]] == ["居民身份证补领"]


def test_queries_reach_wagtails_search_terms_report_without_personal_data(admin_client, db):
    log_query("身份证补领", 1)
    log_query("身份证补领", 1)
    log_query("13812345678 身份证", 0)
    log_query("330521199001011234", 0)
    assert Query.get("身份证补领").hits == 2
    assert list(Query.objects.values_list("query_string", flat=True)) == ["身份证补领"]
    report = admin_client.get(reverse("wagtailsearchpromotions:search_terms"))
    assert report.status_code == 200
    assert "身份证补领" in report.content.decode()


def test_promotion_for_a_word_answers_its_synonyms(catalogue):
    # The shipped synonym group 身份证，居民身份证，二代证 (search/data/synonyms_seed.txt).
    item = ServiceItemPage.objects.get(item_code="QR-330521-0003")
    SearchPromotion.objects.create(query=Query.get("身份证"), page=item, sort_order=0, description="补领入口")
    assert [p["title"] for p in promotions("二代证")] == ["居民身份证补领"]
    assert [p["title"] for p in promotions("身份证")] == ["居民身份证补领"]
    assert promotions("护照") == []


def test_query_syntax_for_each_engine():
    clauses = [QueryClause("身份证", [("身份", "份证"), ("二代", "代证")]), QueryClause("补领", [("补领",)])]
    assert fts5_expression(clauses) == '("身份 份证" OR "二代 代证") AND ("补领")'
    assert fts5_expression(clauses, "or", prefix=True) == '("身份 份证" OR "二代 代证") OR ("补领"*)'
    assert tsquery_expression(clauses, prefix=True) == "(('身份' <-> '份证') | ('二代' <-> '代证')) & (('补领':*))"
