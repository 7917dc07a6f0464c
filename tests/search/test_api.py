"""GET /api/search/ and /api/search/autocomplete/: contract and 400s (never a 500)."""

import pytest


def get_json(client, url, **params):
    response = client.get(url, params)
    return response.status_code, response.json()


def test_search_contract(client, catalogue):
    status, data = get_json(client, "/api/search/", q="身份证")
    assert status == 200
    # Both identity-card items, then the licence that lists 居民身份证 among its materials.
    assert data["count"] == 3
    assert {r["code"] for r in data["results"][:2]} == {"QR-330521-0001", "QR-330521-0003"}
    first = data["results"][0]
    assert set(first) == {"code", "name", "url", "department", "highlight"}
    assert first["department"] == "县公安局"
    assert first["url"].startswith("/guide/")
    assert "<mark>" in first["highlight"]
    assert set(data["facets"]) == {"department", "theme", "audience", "processing_kind", "online"}
    assert {"value": "gaj", "label": "县公安局", "count": 2} in data["facets"]["department"]


def test_search_filters_and_page(client, catalogue):
    status, data = get_json(client, "/api/search/", q="许可", department="scjgj", online="no")
    assert status == 200
    assert [r["code"] for r in data["results"]] == ["XK-330521-0013"]


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"q": "身份证", "department": "nosuch"}, "部门"),
        ({"q": "身份证", "online": "maybe"}, "不是有效的选项"),
        ({"q": "身份证", "processing_kind": "快办件"}, "不是有效的选项"),
        ({"q": "身" * 201}, "200"),
        ({"q": "身份证", "page": "0"}, "页码"),
        ({"q": "身份证", "page": "abc"}, "页码"),
        ({"q": "身份证", "page": "99"}, "页码超出范围"),
        ({"q": ""}, "搜索词"),
    ],
)
def test_bad_parameters_get_400_in_chinese(client, catalogue, params, fragment):
    status, data = get_json(client, "/api/search/", **params)
    assert status == 400
    assert fragment in data["error"]
    assert "已忽略" not in data["error"]  # the API refuses; it does not carry on without the filter


def test_nothing_found_is_not_an_error(client, catalogue):
    status, data = get_json(client, "/api/search/", q="量子力学")
    assert status == 200
    assert data["count"] == 0 and data["results"] == []


def test_autocomplete(client, catalogue):
    status, data = get_json(client, "/api/search/autocomplete/", q="jmsfz")
    assert status == 200
    assert {r["code"] for r in data["results"]} == {"QR-330521-0001", "QR-330521-0003"}
    status, data = get_json(client, "/api/search/autocomplete/", q="x" * 201)
    assert status == 400


def test_search_is_logged_without_personal_data(client, catalogue):
    from search.models import SearchQueryLog

    client.get("/api/search/", {"q": "身份证"})
    client.get("/api/search/", {"q": "身份证"})
    client.get("/api/search/", {"q": "量子力学"})
    client.get("/api/search/", {"q": "330521199001011234"})
    client.get("/api/search/", {"q": "13812345678 社保"})
    client.get("/api/search/", {"q": "138 1234 5678"})
    client.get("/api/search/", {"q": "社保 138-1234-5678"})
    rows = {row.query: (row.hits, row.zero_result_hits) for row in SearchQueryLog.objects.all()}
    assert rows == {"身份证": (2, 0), "量子力学": (1, 1)}


@pytest.mark.parametrize("q", ["！！！", "a", "身份证\x00", "<script>alert(1)</script>", "%' OR 1=1 --"])
def test_odd_queries_never_fail(client, catalogue, q):
    api = client.get("/api/search/", {"q": q})
    page = client.get("/search/", {"q": q})
    assert api.status_code == 200
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.content.decode()
