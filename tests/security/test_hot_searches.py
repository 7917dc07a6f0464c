"""Poisoned 热门搜索: one client repeating a phrase cannot put it on the home page; editors
can hide terms; only queries that find something are shown (issue 9)."""

import pytest

from search import querylog
from search.models import HiddenSearchTerm

pytestmark = pytest.mark.django_db


def test_one_client_repeating_a_phrase_does_not_make_it_hot(client, structure):
    for _ in range(50):
        client.get("/search/", {"q": "某某是骗子首页"}, REMOTE_ADDR="203.0.113.5")
    querylog.log_query("营业执照", 4, "visitor-1")
    assert "某某是骗子首页" not in querylog.hot_searches()


def test_distinct_visitors_make_a_query_hot():
    for visitor in ("a", "b", "c"):
        querylog.log_query("营业执照", 4, visitor)
        querylog.log_query("营业执照", 4, visitor)  # the same person again counts once
    assert querylog.hot_searches() == ["营业执照"]


def test_editors_can_hide_a_term(client, django_user_model):
    for visitor in ("a", "b", "c"):
        querylog.log_query("营业执照 骗子", 4, visitor)
        querylog.log_query("营业执照", 4, visitor)
    editor = django_user_model.objects.create_user("bianji", password="Editor-pass-2025", is_staff=True)
    from portal.workflow_setup import ensure_role_group

    editor.groups.add(ensure_role_group("编辑"))
    client.force_login(editor)
    response = client.post("/admin/snippets/search/hiddensearchterm/add/", {"term": "骗子", "note": "恶意刷词"})
    assert response.status_code == 302 and HiddenSearchTerm.objects.filter(term="骗子").exists()
    assert querylog.hot_searches() == ["营业执照"]


def test_a_query_that_no_longer_finds_anything_is_not_shown():
    for visitor in ("a", "b", "c"):
        querylog.log_query("旧事项", 4, visitor)
    querylog.log_query("旧事项", 0, "d")  # the latest search found nothing
    assert querylog.hot_searches() == []
