"""The index follows Wagtail's publish / unpublish / move / delete, not draft saves."""

from search.backends.base import SearchRequest
from search.models import SearchDocument
from search.service import run_search
from tests import factories


def found(q):
    return [hit.code for hit in run_search(SearchRequest(q=q)).hits]


def test_publish_adds_and_unpublish_removes(structure):
    assert found("护照") == []
    item = factories.service_item("普通护照签发", "XK-330521-0003")
    assert found("护照") == ["XK-330521-0003"]
    item.unpublish()
    assert found("护照") == []
    assert not SearchDocument.objects.filter(page_id=item.pk).exists()


def test_unpublished_draft_is_not_indexed(structure):
    factories.service_item("往来港澳通行证签发", "XK-330521-0004", publish=False)
    assert found("港澳通行证") == []


def test_draft_edit_waits_for_publish(structure):
    item = factories.service_item("普通护照签发", "XK-330521-0003")
    item.title = "普通护照换发"
    item.save_revision()
    assert [h.title for h in run_search(SearchRequest(q="护照")).hits] == ["普通护照签发"]
    item.get_latest_revision().publish()
    assert [h.title for h in run_search(SearchRequest(q="护照")).hits] == ["普通护照换发"]


def test_delete_removes(structure):
    item = factories.service_item("普通护照签发", "XK-330521-0003")
    item.delete()
    assert found("护照") == []


def test_move_updates_the_url(structure):
    from portal.models import NoticeIndexPage, NoticePage

    archive = NoticeIndexPage(title="通知存档", slug="archive")
    structure.home.add_child(instance=archive)
    archive.save_revision().publish()
    notice = NoticePage(title="关于办理居住证的通知", slug="juzhuzheng", date="2026-03-01")
    structure.notices.add_child(instance=notice)
    notice.save_revision().publish()
    assert run_search(SearchRequest(q="居住证")).hits[0].url.endswith("/notices/juzhuzheng/")
    notice.move(archive, pos="last-child")
    assert run_search(SearchRequest(q="居住证")).hits[0].url.endswith("/archive/juzhuzheng/")


def test_department_rename_reindexes_its_items(structure):
    dept = factories.department("县公安局", "gaj")
    factories.service_item("普通护照签发", "XK-330521-0003", dept=dept)
    dept.name = "县公安局出入境管理大队"
    dept.save()
    assert run_search(SearchRequest(q="出入境管理大队")).hits[0].department == "县公安局出入境管理大队"


def test_rebuild_command_recreates_everything(structure, capsys):
    from django.core.management import call_command

    factories.service_item("普通护照签发", "XK-330521-0003")
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index", "--no-progress")
    assert "内置索引：" in capsys.readouterr().out
    assert found("护照") == ["XK-330521-0003"]


def test_editor_synonym_takes_effect_at_once(structure, client, django_user_model):
    from search.models import Synonym

    factories.service_item("普通护照签发", "XK-330521-0003")
    assert found("因私出国证件") == []
    admin = django_user_model.objects.create_superuser("editor", "e@example.com", "pass-word-123")
    client.force_login(admin)
    listing = client.get("/admin/snippets/search/synonym/")
    assert listing.status_code == 200 and "<title>同义词" in listing.content.decode().replace("\n", "")
    response = client.post("/admin/snippets/search/synonym/add/", {"terms": "因私出国证件、护照", "note": "", "enabled": "on"})
    assert response.status_code == 302
    assert Synonym.objects.filter(terms="因私出国证件，护照").exists()
    assert found("因私出国证件") == ["XK-330521-0003"]


def test_synonym_needs_two_terms(structure, client, django_user_model):
    admin = django_user_model.objects.create_superuser("editor", "e@example.com", "pass-word-123")
    client.force_login(admin)
    response = client.post("/admin/snippets/search/synonym/add/", {"terms": "护照", "enabled": "on"})
    assert response.status_code == 200
    assert "至少需要两个词" in response.content.decode()


def test_reindex_pages_for_batch_writers(structure):
    from search.documents import reindex_pages

    item = factories.service_item("普通护照签发", "XK-330521-0003")
    SearchDocument.objects.all().delete()
    assert found("护照") == []
    assert reindex_pages([item.pk]) == 1
    assert found("护照") == ["XK-330521-0003"]


def test_private_page_leaves_the_index_and_returns_when_public(structure, django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    item = factories.service_item("普通护照签发", "XK-330521-0003")
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=structure.catalog, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    assert found("护照") == []  # its text must not show in results while the section is private
    assert not SearchDocument.objects.filter(page_id=item.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert found("护照") == ["XK-330521-0003"]


def test_new_synonym_is_known_to_typo_and_pinyin_matching_at_once(structure):
    from search.models import Synonym

    factories.service_item("普通护照签发", "XK-330521-0003")
    assert found("护照") == ["XK-330521-0003"]  # the in-memory index is built now
    Synonym.objects.create(terms="因私出国证件，护照")
    assert found("yscgzj") == ["XK-330521-0003"]  # the initials of 因私出国证件


def test_notice_body_stream_field_is_indexed(structure):
    """A page's StreamField body is searchable (seeded notices and 政务公开 pages have one)."""
    from wagtail.rich_text import RichText

    from portal.models import NoticePage

    notice = NoticePage(
        title="周六窗口安排", slug="saturday", date="2026-03-01",
        body=[("paragraph", RichText("<p>户政窗口周六上午轮值办理居住证</p>"))],
    )
    structure.notices.add_child(instance=notice)
    notice.save_revision().publish()
    assert SearchDocument.objects.filter(page_id=notice.pk).exists()
    assert run_search(SearchRequest(q="居住证")).hits[0].url.endswith("/notices/saturday/")
