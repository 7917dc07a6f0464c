"""Keep the search index current from Wagtail's page life-cycle signals (not raw saves:
a draft save must not change what citizens find)."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .documents import index_page, remove_page
from .models import IndexState, Synonym

logger = logging.getLogger(__name__)


# The SearchDocument row is written inside the publish transaction (so a rolled-back
# publish rolls it back too); only the Elasticsearch copy waits for the commit.
def _sync_elasticsearch(page_id, doc):
    from .service import configured_backend

    backend = configured_backend()
    if backend.name != "embedded":
        transaction.on_commit(lambda: backend.sync_page(page_id, doc))


def _reindex(page):
    # A search-index failure must not block a publish: it is logged, and the page is
    # repaired by the next publish or `rebuild_search_index`. index_page writes inside a
    # savepoint, so the publish's own transaction stays usable.
    try:
        doc = index_page(page)
    except Exception:
        logger.exception("搜索索引更新失败（页面 %s）", page.pk)
        return
    _sync_elasticsearch(page.pk, doc)


def on_published(sender, instance, **kwargs):
    _reindex(instance)


def on_unpublished(sender, instance, **kwargs):
    _reindex(instance)


def _reindex_tree(root):
    for page in Page.objects.descendant_of(root, inclusive=True).specific():
        _reindex(page)


def on_moved(sender, instance, **kwargs):
    """A move changes the URL of the page and of every page below it."""
    _reindex_tree(instance)


def on_view_restriction_changed(sender, instance, **kwargs):
    """Privacy set or lifted: the page and every page below it leave or rejoin the index (a
    private page's text must not show in results). After the commit, so a restriction
    deleted along with its page finds the page gone and does nothing."""
    page_id = instance.page_id

    def reindex():
        page = Page.objects.filter(pk=page_id).first()
        if page is not None:
            _reindex_tree(page)

    transaction.on_commit(reindex)


def on_deleted(sender, instance, **kwargs):
    if not isinstance(instance, Page):
        return
    remove_page(instance.pk)
    _sync_elasticsearch(instance.pk, None)


def on_department_saved(sender, instance, created, **kwargs):
    """A renamed department changes every one of its items' documents."""
    if created:
        return
    for page in instance.items.live().specific():
        _reindex(page)


def on_synonyms_changed(sender, **kwargs):
    IndexState.bump(IndexState.SYNONYMS)


def connect():
    from guides.models import Department

    page_published.connect(on_published, dispatch_uid="search_page_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="search_page_unpublished")
    post_page_move.connect(on_moved, dispatch_uid="search_page_moved")
    post_delete.connect(on_deleted, dispatch_uid="search_page_deleted")
    post_save.connect(on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="search_privacy_saved")
    post_delete.connect(on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="search_privacy_deleted")
    post_save.connect(on_department_saved, sender=Department, dispatch_uid="search_department_saved")
    post_save.connect(on_synonyms_changed, sender=Synonym, dispatch_uid="search_synonym_saved")
    post_delete.connect(on_synonyms_changed, sender=Synonym, dispatch_uid="search_synonym_deleted")
