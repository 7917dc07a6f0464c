"""The /search/ page: results, facets, errors, promotions, did-you-mean, noindex, report."""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion


def test_results_page(client, catalogue):
    response = client.get("/search/", {"q": "身份证丢了怎么办"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in html
    assert "事项编码：QR-330521-0003" in html
    assert "<mark>" in html
    assert 'aria-label="搜索结果分页"' not in html  # one page only
    assert 'data-facet="department"' in html


def test_facet_link_filters_and_marks_selection(client, catalogue):
    html = client.get("/search/", {"q": "居民身份证", "department": "gaj", "online": "yes"}).content.decode()
    assert "QR-330521-0003" in html
    assert "QR-330521-0001" not in html
    assert 'aria-current="true"' in html
    assert "清除全部筛选条件" in html


def test_bad_filter_shows_message_not_500(client, catalogue):
    response = client.get("/search/", {"q": "身份证", "department": "nosuch", "page": "x"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "没有代码为该值的部门" in html
    assert "页码" in html
    assert "QR-330521-0003" in html  # the bad filter is ignored, the search still runs


def test_query_too_long_is_cut_with_message(client, catalogue):
    response = client.get("/search/", {"q": "身份证" + "啊" * 300})
    assert response.status_code == 200
    assert "不能超过 200 个字符" in response.content.decode()


def test_promotions_on_top(client, catalogue):
    query = Query.get("身份证")
    SearchPromotion.objects.create(query=query, page=catalogue["id_first"], description="首次申领请看这里", sort_order=0)
    html = client.get("/search/", {"q": "身份证"}).content.decode()
    assert "推荐" in html and "首次申领请看这里" in html
    assert html.index("首次申领请看这里") < html.index("search__count")


def test_zero_results_suggest(client, catalogue):
    # Filtered to a department that does not run it, the misspelt name finds nothing: the
    # page offers the closest item name.
    html = client.get("/search/", {"q": "个体工商户设力", "department": "gaj"}).content.decode()
    assert '您是不是要找：<a href="?q=%E4%B8%AA%E4%BD%93%E5%B7%A5%E5%95%86%E6%88%B7%E8%AE%BE%E7%AB%8B%E7%99%BB%E8%AE%B0">个体工商户设立登记</a>' in html
    empty = client.get("/search/", {"q": "量子力学"}).content.decode()
    assert "没有找到与“量子力学”相关的结果" in empty
    assert "建议" in empty


def test_pagination_rendered_with_total(client, structure):
    from tests import factories

    dept = factories.department()
    for n in range(12):
        factories.service_item(f"测试证明开具{n:02d}", f"GG-330521-{n + 100:04d}", dept=dept)
    html = client.get("/search/", {"q": "证明开具", "page": "2"}).content.decode()
    assert 'aria-label="搜索结果分页"' in html
    assert "共 12 条，2 页" in html
    assert 'aria-current="page"' in html


def test_hot_searches_tag_and_page(client, catalogue):
    from django.template import Context, Template

    # Hot searches count distinct visitors (at least 3): four people search 身份证, three 个体户.
    for visitor, queries in enumerate((("个体户", "身份证", "量子力学"),) * 3 + (("身份证",),)):
        for q in queries:
            client.get("/search/", {"q": q}, REMOTE_ADDR=f"10.0.0.{visitor + 1}")
    html = Template("{% load search_tags %}{% hot_searches 8 %}").render(Context({}))
    assert html.index(">身份证<") < html.index(">个体户<")  # the most searched first
    assert "量子力学" not in html  # a query that found nothing is never advertised
    assert ">身份证<" in client.get("/search/").content.decode()
    assert ">身份证<" in client.get("/search/", {"q": "量子力学"}).content.decode()
    assert 'aria-label="热门搜索"' not in client.get("/search/", {"q": "个体户"}).content.decode()


def test_editor_report(client, catalogue, django_user_model):
    for q in ("身份证", "身份证", "量子力学"):
        client.get("/search/", {"q": q})
    admin = django_user_model.objects.create_superuser("editor", "e@example.com", "pass-word-123")
    client.force_login(admin)
    response = client.get("/admin/search/report/", {"days": "7"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "热门搜索词" in html and "身份证" in html
    assert "量子力学" in html
    assert client.get("/admin/search/report/", {"days": "5"}).status_code == 200


def test_report_needs_permission(client, catalogue, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("clerk", "c@example.com", "pass-word-123")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/search/report/").status_code in (302, 403)
