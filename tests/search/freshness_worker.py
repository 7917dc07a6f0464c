"""A stand-in web process for tests/search/test_freshness.py: reads one command per line
on stdin, answers one JSON line on stdout. Run with DATABASE_URL pointing at a database
both processes share (never the test runner's own, which lives in a transaction).

Commands: setup | search <q> | wagtail <q> | publish <code> <title> | retitle <code> <title>
| unpublish <code> | move <code> | delete <code> | builds
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()


def setup():
    from django.core.management import call_command

    from portal.site_structure import ensure_site_structure

    call_command("migrate", verbosity=0)
    ensure_site_structure()
    return "ok"


def item(code):
    from guides.models import ServiceItemPage

    return ServiceItemPage.objects.get(item_code=code)


def publish(code, title):
    from tests import factories

    factories.service_item(title, code, dept=factories.department("县公安局", "gaj"))
    return "ok"


def retitle(code, title):
    page = item(code)
    page.title = title
    page.save_revision().publish()
    return "ok"


def move(code):
    """Into a new catalogue-level folder page: only the URL changes."""
    from wagtail.models import Page

    from portal.site_structure import ensure_site_structure

    home = ensure_site_structure().catalog.get_parent()
    folder = home.get_children().filter(slug="moved").first()
    if folder is None:
        folder = home.add_child(instance=Page(title="迁移目录", slug="moved"))
    item(code).move(folder, pos="last-child")
    return "ok"


def search(q):
    from search.backends.base import SearchRequest
    from search.service import run_search

    return [{"code": h.code, "title": h.title, "url": h.url} for h in run_search(SearchRequest(q=q)).hits]


def wagtail(q):
    from wagtail.models import Page

    return [p.title for p in Page.objects.live().search(q)]


def builds():
    from search.backends.embedded import InMemoryIndex

    return InMemoryIndex.builds


COMMANDS = {
    "setup": setup, "search": search, "wagtail": wagtail, "publish": publish, "retitle": retitle,
    "unpublish": lambda code: item(code).unpublish() or "ok", "move": move,
    "delete": lambda code: item(code).delete() and "ok", "builds": builds,
}

for line in sys.stdin:
    name, *args = line.rstrip("\n").split(" ", 2)
    try:
        answer = {"ok": COMMANDS[name](*args)}
    except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
        answer = {"error": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(answer, ensure_ascii=False), flush=True)
