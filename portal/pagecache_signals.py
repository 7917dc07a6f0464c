"""Keep the full-page cache exact: what changes a public page invalidates the entries showing it."""

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail import hooks
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import pagecache


def _page_changed(sender, instance, **kwargs):
    pagecache.invalidate_page(instance)


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        pagecache.invalidate_page(instance)


def _data_changed(sender, **kwargs):
    pagecache.invalidate(pagecache.DATA_TAG)


def connect():
    hooks.register("before_serve_page", pagecache.before_serve_page)
    page_published.connect(_page_changed, dispatch_uid="pagecache_published")
    page_unpublished.connect(_page_changed, dispatch_uid="pagecache_unpublished")
    post_page_move.connect(_page_changed, dispatch_uid="pagecache_moved")
    post_delete.connect(_page_deleted, dispatch_uid="pagecache_deleted")
    # Catalogue snippets and site settings shown in headers, footers and guide pages; apps that
    # are not installed (yet) are skipped, so the list can name them ahead of time.
    for label in getattr(settings, "PAGE_CACHE_DATA_MODELS", []):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        post_save.connect(_data_changed, sender=model, dispatch_uid=f"pagecache_save_{label}")
        post_delete.connect(_data_changed, sender=model, dispatch_uid=f"pagecache_delete_{label}")
