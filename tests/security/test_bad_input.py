"""Bad input gets a 4xx with a Chinese message, never a 500 (issue 9: 21 were found)."""

import json

import pytest

pytestmark = pytest.mark.django_db
CHINESE = range(0x4E00, 0x9FFF)


def has_chinese(text):
    return any(ord(ch) in CHINESE for ch in text)


@pytest.mark.parametrize("page", ["١", "1" * 5000, "２x"])
def test_search_page_numbers_in_other_digits(client, structure, page):
    response = client.get("/search/", {"q": "护照", "page": page})
    assert response.status_code == 200 and "页码" in response.content.decode()


def test_search_page_number_superscript_is_read_as_a_digit(client, structure):
    assert client.get("/search/", {"q": "护照", "page": "²"}).status_code == 200  # NFKC: ² → 2


def test_search_api_page_number_in_other_digits(client, structure):
    response = client.get("/api/search/?q=护照&page=²")
    assert response.status_code == 400 and has_chinese(response.json()["error"])


@pytest.mark.parametrize("target", ["foo", "javascript:alert(1)", "//evil.example/", "https://evil.example/", "/\\evil"])
def test_redirect_targets_that_are_not_paths_go_home(client, target):
    response = client.get("/elder-mode/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_login_next_that_is_not_a_path(client):
    from tests.citizens.factories import PASSWORD, citizen

    citizen(phone="13812341234")
    response = client.post("/account/login/?next=foo", {"method": "password", "phone": "13812341234", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/account/"


@pytest.mark.parametrize("query", [
    'search="', "search=", "search=%20%20", "search=%00", "search=a&search_operator=x",
    "offset=99999999999999999999", "offset=-1", "offset=١", "limit=abc", "limit=99999999999999999999",
    "order=%00", "type=x.Y", "fields=nosuch", "child_of=abc",
])
@pytest.mark.parametrize("endpoint", ["pages", "documents"])
def test_wagtail_api_bad_parameters(client, structure, endpoint, query):
    response = client.get(f"/api/v2/{endpoint}/?{query}")
    assert 400 <= response.status_code < 500, (query, response.status_code)
    assert has_chinese(json.loads(response.content)["message"])


def test_wagtail_api_unknown_page_is_a_chinese_404(client, structure):
    response = client.get("/api/v2/pages/99999999/")
    assert response.status_code == 404 and has_chinese(response.json()["message"])


@pytest.mark.parametrize("search", ["首页", 'a"b', '"首页'])
def test_wagtail_api_search_still_works_and_drops_quotes(client, structure, search):
    response = client.get("/api/v2/pages/", {"search": search})
    assert response.status_code == 200
