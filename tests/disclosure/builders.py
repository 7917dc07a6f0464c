"""Explicit builders for 政务公开 test data (every asserted value passed in)."""

import datetime

from wagtail.rich_text import RichText

from disclosure.models import DisclosureDocumentPage
from disclosure.setup import ensure_disclosure_section
from portal.site_structure import ensure_site_structure


def section():
    structure = ensure_site_structure()
    return ensure_disclosure_section(structure.home)


def document(title, index_number, *, catalog=None, live=True, written=datetime.date(2026, 3, 2),
             publication_date=None, body="", **fields):
    catalog = catalog or section()[1]["catalog"]
    defaults = {"topic": "public_service", "form": "notice", "validity": "valid", "issuing_body": "示范县政务服务中心"}
    defaults.update(fields)
    page = DisclosureDocumentPage(title=title, index_number=index_number, written_date=written,
                                  publication_date=publication_date, **defaults)
    if body:
        page.body = [("paragraph", RichText(f"<p>{body}</p>"))]
    if live:
        catalog.add_child(instance=page)
        page.save_revision().publish()
    else:
        page.live = False
        catalog.add_child(instance=page)
        page.save_revision()
    return DisclosureDocumentPage.objects.get(pk=page.pk)
