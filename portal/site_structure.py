"""Creates the page tree every install needs, idempotently.

Used by `setup_portal` (the run command), by `import_catalog` on an empty database and by
tests, so that a freshly migrated database always ends up with the same structure.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from guides.models import CatalogIndexPage
from portal.models import HomePage, NoticeIndexPage


@dataclass
class SiteStructure:
    home: HomePage
    catalog: CatalogIndexPage
    notices: NoticeIndexPage


def _child(parent, model, **fields):
    existing = model.objects.child_of(parent).first()
    if existing:
        return existing
    page = model(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _wagtail_root():
    """The locale and root page Wagtail's own migrations create. A database flushed by a
    transactional test (or restored from a partial dump) lacks them, so recreate them."""
    if not Locale.objects.exists():
        Locale.objects.create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return root


def _create_home_page():
    """Create the home page and make it the default site's root, replacing the
    "Welcome to Wagtail" page that Wagtail's own migration leaves behind."""
    root = _wagtail_root()
    welcome = Page.objects.child_of(root).filter(content_type__model="page").first()
    if welcome:
        welcome.slug = "wagtail-welcome"
        welcome.save(update_fields=["slug"])
    home = HomePage(title="首页", slug="home", seo_title="示范县政务服务网")
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(
        hostname="localhost", port=80, is_default_site=True
    )
    site.root_page = home
    site.site_name = "示范县政务服务网"
    site.save()
    if welcome:
        welcome.delete()
    return home


@transaction.atomic
def ensure_site_structure():
    home = HomePage.objects.first()
    if home is None:
        home = _create_home_page()
    catalog = _child(home, CatalogIndexPage, title="办事指南", slug="guide")
    notices = _child(home, NoticeIndexPage, title="通知公告", slug="notices")
    return SiteStructure(home=home, catalog=catalog, notices=notices)


def catalog_page():
    """The catalogue index page, creating the structure on an empty database (named by
    settings.GUIDES_CATALOG_PAGE for guides' importer)."""
    return ensure_site_structure().catalog
