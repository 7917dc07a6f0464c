"""Builders for the guides/portal page tests, on top of tests/factories.py (explicit values only)."""

import datetime

from guides.models import BundleMember, BundlePage
from portal.models import NoticePage, StandardPage
from portal.site_structure import ensure_site_structure


def bundle(title, items, slug=None, summary=""):
    catalog = ensure_site_structure().catalog
    page = BundlePage(title=title, slug=slug or f"bundle-{items[0].pk}", summary=summary)
    page.members = [BundleMember(item=item, sort_order=i) for i, item in enumerate(items)]
    catalog.add_child(instance=page)
    page.save_revision().publish()
    return BundlePage.objects.get(pk=page.pk)


def notice(title, date=datetime.date(2026, 1, 20), slug=None, body=()):
    notices = ensure_site_structure().notices
    page = NoticePage(title=title, slug=slug or f"notice-{date:%Y%m%d}", date=date, summary=f"{title}摘要",
                      body=[("paragraph", f"<p>{text}</p>") for text in body])
    notices.add_child(instance=page)
    page.save_revision().publish()
    return NoticePage.objects.get(pk=page.pk)


def standard_page(title, slug, body=()):
    home = ensure_site_structure().home
    page = StandardPage(title=title, slug=slug, body=[("paragraph", f"<p>{text}</p>") for text in body])
    home.add_child(instance=page)
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)
