"""The accessibility page list (tests/browser/public_pages.py) is complete: every public route,
every Wagtail page type (and each sub-page of a routable one) and every public template is
reached by an entry of PAGES, or is named in NOT_PAGES / NOT_PUBLIC_TEMPLATES with a reason.

No browser: each page is fetched with Django's test client exactly as the browser suite gets it,
and the templates it renders are recorded (docs/domain.md, 适老化与无障碍).
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.http import Http404
from django.test import RequestFactory
from django.test.signals import template_rendered
from django.urls import URLResolver, get_resolver, resolve
from wagtail.models import Page, Site, get_page_models

from tests.online_apply.builders import use_tmp_private_storage

from .public_pages import NOT_PAGE_PREFIXES, NOT_PAGES, NOT_PUBLIC_TEMPLATES, PAGES, build_demo

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
WAGTAIL_SERVE = "wagtail_serve"


def public_routes():
    """Every route of the URLconf outside the admin/API prefixes, as its full pattern text."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif pattern.name != WAGTAIL_SERVE:
                yield route

    return {route for route in walk(get_resolver().url_patterns) if not route.startswith(tuple(NOT_PAGE_PREFIXES))}


def page_kinds():
    """Every Wagtail page type, and every sub-page (view name) of a routable page type."""
    kinds = set()
    for model in get_page_models():
        if model is Page:
            continue
        if hasattr(model, "get_subpage_urls"):
            # The mixin's default index_route is shadowed when the page routes "" itself.
            index = model.get_resolver().resolve("/").url_name
            kinds |= {f"{model.__name__}:{p.name}" for p in model.get_subpage_urls() if p.name == index or not p.resolve("")}
        else:
            kinds.add(model.__name__)
    return kinds


def public_templates():
    names = {str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html")}
    return {name for name in names if not any(name.startswith(e) or e in f"/{name}" for e in NOT_PUBLIC_TEMPLATES)}


def what_serves(path):
    """The route a path resolves to, or for a Wagtail page its type (and routable sub-page)."""
    path = unquote(urlsplit(path).path)
    match = resolve(path)
    if match.url_name != WAGTAIL_SERVE:
        return match.route
    site = Site.objects.get(is_default_site=True)
    components = [c for c in path.split("/") if c]
    try:
        page, args, _ = site.root_page.specific.route(RequestFactory().get(path), components)
    except Http404:
        return None  # the 页面不存在 page
    name = type(page.specific).__name__
    return f"{name}:{args[0].__name__}" if args and callable(args[0]) else name


@pytest.fixture
def fetched(tmp_path):
    """{page name: (response, templates rendered, what serves it)} for every entry of PAGES."""
    use_tmp_private_storage(tmp_path)
    demo = build_demo()
    result = {}
    for public_page in PAGES:
        rendered = []

        def record(sender, template, context, **kwargs):
            rendered.append(template.name)  # noqa: B023 - read before the next page

        template_rendered.connect(record)
        try:
            response = public_page.fetch(demo)
        finally:
            template_rendered.disconnect(record)
        result[public_page.name] = (response, set(rendered), what_serves(public_page.resolve(demo)))
    return result


def test_every_listed_page_is_an_html_page_with_its_status(fetched):
    wrong = {
        name: (response.status_code, response.get("Content-Type"))
        for name, (response, _, _) in fetched.items()
        if response.status_code != next(p.status for p in PAGES if p.name == name)
        or not response.get("Content-Type", "").startswith("text/html")
    }
    assert wrong == {}


def test_every_public_route_and_page_type_has_a_page(fetched):
    served = {kind for _, _, kind in fetched.values()}
    missing = (public_routes() | page_kinds()) - served - set(NOT_PAGES)
    assert missing == set(), "无障碍页面清单缺少这些路由或页面类型（加入 PAGES，或写明原因加入 NOT_PAGES）"


def test_every_public_template_is_rendered_by_a_listed_page(fetched):
    rendered = set().union(*(templates for _, templates, _ in fetched.values()))
    missing = public_templates() - rendered
    assert missing == set(), "这些公开页面模板没有被清单中的任何页面用到（加入 PAGES，或写明原因加入 NOT_PUBLIC_TEMPLATES）"


def test_the_exceptions_name_real_routes_and_templates():
    """A reason for a route or template that no longer exists is stale: remove it."""
    routes = {route for route in _all_routes()}
    assert set(NOT_PAGES) - routes == set()
    names = {str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html")}
    assert {t for t in NOT_PUBLIC_TEMPLATES if not any(t in f"/{n}" or n.startswith(t) for n in names)} == set()


def _all_routes():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route

    return set(walk(get_resolver().url_patterns))
