"""Fuzzing every public endpoint in bounded time: zero 5xx, and whatever is stored comes back
escaped (issue 9). A corpus of malformed form posts plus hypothesis-generated query strings."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.citizens.factories import citizen
from tests.online_apply.citizen_factories import applicant_data

pytestmark = pytest.mark.django_db
SCRIPT = '<script>alert("x")</script>'
MALFORMED = [
    "x" * 100_000,                                   # huge field
    ["a", "b"],                                      # a list where one value is expected
    "\x00\x01\x1b[31m\u202e",                        # control characters
    SCRIPT, '"><img src=x onerror=alert(1)>',         # script injection
    "' OR 1=1; DROP TABLE auth_user; --", "%' AND '%'='",  # SQL metacharacters
    "../../../../etc/passwd", "..\\..\\windows\\win.ini",  # traversal names
    "１３８１２３４１２３４", "٣", "",                 # other digits, empty
]
PUBLIC_FORMS = {
    "/account/register/": ["phone", "code", "real_name", "id_number", "email", "password1", "password2", "action", "next"],
    "/account/login/": ["method", "action", "phone", "password", "code", "next"],
    "/account/password/reset/": ["action", "phone", "code", "password1", "password2"],
    "/cases/lookup/": ["receipt_number", "phone"],
    "/search/": ["q", "page", "department", "theme"],
    "/letters/write/": ["action", "letter_type", "anonymous", "subject", "content", "related_department",
                        "related_item", "related_case", "writer_name", "phone", "code", "address",
                        "consent_to_publish", "website"],
    "/letters/lookup/": ["tracking_number", "phone"],
    "/letters/lookup/verify/": ["code"],
    "/info-request/": ["action", "requester_type", "requester_name", "id_number", "contact_person", "phone", "email",
                       "address", "description", "document_hint", "delivery_form", "delivery_method", "code"],
    "/info-request/track/": ["action", "number", "phone", "code"],
}
GET_ENDPOINTS = ["/search/", "/api/search/", "/api/search/autocomplete/", "/api/v2/pages/", "/elder-mode/",
                 "/cases/lookup/", "/account/login/", "/letters/", "/letters/write/", "/letters/lookup/",
                 "/satisfaction/", "/satisfaction/rectifications/", "/info-request/", "/info-request/track/",
                 "/healthz"]
# Public URLs that take a code, number or month in the path: any text there is a 404, never a 500.
PATH_ENDPOINTS = ["/letters/{}/", "/rate/visit/{}/", "/ticket/{}/", "/hall/{}/board/", "/hall/{}/board.json",
                  "/info-request/{}/", "/info-request/{}/notice/1/", "/api/bulletins/{}.json", "/api/bulletins/{}.csv",
                  "/api/bulletins/2025-11.{}"]


def no_server_error(response, what):
    assert response.status_code < 500, what


@pytest.mark.parametrize("path, fields", PUBLIC_FORMS.items())
def test_malformed_posts_never_cause_a_server_error(client, structure, path, fields):
    for value in MALFORMED:
        data = {field: value for field in fields}
        no_server_error(client.post(path, data), (path, repr(value)[:40]))


def test_invalid_utf8_and_raw_bodies(client, structure):
    for path in PUBLIC_FORMS:
        for body in (b"phone=%FF%FE&q=%C3%28", b"\xff\xfe\x00garbage", b"a=" + b"%" * 1000):
            response = client.generic("POST", path, body, content_type="application/x-www-form-urlencoded")
            no_server_error(response, (path, body[:20]))
        no_server_error(client.generic("POST", path, b"{]", content_type="application/json"), path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(
    st.sampled_from(["q", "page", "search", "offset", "limit", "order", "fields", "type", "next", "receipt",
                     "department", "theme", "child_of", "search_operator", "month", "number"]),
    st.text(max_size=60),
    max_size=4,
))
def test_hypothesis_query_strings(structure, params):
    client = Client()
    for path in GET_ENDPOINTS:
        no_server_error(client.get(path, params), (path, params))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segment=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#"),
                       min_size=1, max_size=40))
def test_hypothesis_path_segments(structure, segment):
    client = Client()
    for pattern in PATH_ENDPOINTS:
        path = pattern.format(segment)
        no_server_error(client.get(path), path)


def test_malformed_path_segments(client, structure):
    for value in MALFORMED:
        if isinstance(value, str) and value and "/" not in value:
            for pattern in PATH_ENDPOINTS:
                path = pattern.format(value[:2000])
                no_server_error(client.get(path), path)


def test_stored_script_is_escaped_where_it_is_shown(client, structure, tmp_path):
    from tests import factories
    from tests.online_apply import builders as b

    b.use_tmp_private_storage(tmp_path)
    item = factories.service_item("身份证补领", "XK-330521-0001", materials=(("登记表", True, ""),))
    user = citizen()
    client.force_login(user)
    data = applicant_data(applicant_name=SCRIPT[:50], address=SCRIPT, description=SCRIPT)
    response = client.post(f"/apply/{item.item_code}/", data)
    assert response.status_code in (200, 302)
    for path in ("/my/cases/", response.get("Location") or "/my/cases/"):
        body = client.get(path).content.decode()
        assert "<script>alert" not in body
    client.get("/search/", {"q": SCRIPT})
    assert "<script>alert" not in Client().get("/search/").content.decode()


def test_traversal_file_names_are_kept_as_text_only(client, structure, tmp_path):
    from online_apply.uploads import display_name

    assert display_name("../../etc/passwd") == "passwd"
    assert display_name("..\\..\\x.pdf") == "x.pdf"
    upload = SimpleUploadedFile("../../../evil.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert "/" not in display_name(upload.name)
