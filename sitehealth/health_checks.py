"""The site-wide checks: home and column freshness, empty columns, broken internal links.
Other apps register theirs in their own health_checks.py (registry.py)."""

import json
import re

from django.apps import apps
from django.db.models import Max
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from .models import ColumnUpdatePeriod
from .registry import Finding, register

# Column types of the 政府网站 meta tags that mark a listing page (栏目).
COLUMN_TYPES = {"栏目页"}


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_url(page):
    return reverse("wagtailadmin_pages:add_subpage", args=[page.pk])


def last_update(page):
    """The newest publish of the page or anything below it (a column is as fresh as its newest item)."""
    return Page.objects.live().descendant_of(page, inclusive=True).aggregate(newest=Max("last_published_at"))["newest"]


def _days_since(moment, today):
    return (today - timezone.localtime(moment).date()).days if moment else None


def _column_models():
    return [model for model in apps.get_models()
            if issubclass(model, Page) and getattr(model, "column_type", "") in COLUMN_TYPES]


def columns(site):
    """Live columns of the site: the home page's children and every page typed 栏目页 (looked up
    by type, so thousands of guide pages are not loaded)."""
    home = site.root_page
    below = Page.objects.live().descendant_of(home)
    pages = below.filter(depth=home.depth + 1) | below.type(*_column_models())
    return [page for page in pages.specific().order_by("path") if type(page).__name__ != "ServiceItemPage"]


@register("home_fresh", "首页更新", order=10)
def home_fresh(ctx):
    home = ctx.site.root_page
    days = _days_since(last_update(home), ctx.today)
    limit = ctx.settings.home_update_days
    if days is None or days > limit:
        shown = "从未发布内容" if days is None else f"已 {days} 天没有新内容"
        yield Finding(home.title, f"首页{shown}（要求每 {limit} 天内更新）。请发布通知公告或工作动态。",
                      add_url(_notices_or_home(home)), "发布新内容")


def _notices_or_home(home):
    return next((p for p in home.get_children().live().specific() if type(p).__name__ == "NoticeIndexPage"), home)


@register("columns_fresh", "栏目更新", order=20)
def columns_fresh(ctx):
    periods = dict(ColumnUpdatePeriod.objects.values_list("page_id", "days"))
    for column in columns(ctx.site):
        limit = periods.get(column.pk, ctx.settings.default_column_days)
        if not limit:
            continue
        days = _days_since(last_update(column), ctx.today)
        if days is None or days > limit:
            shown = "从未更新" if days is None else f"已 {days} 天未更新"
            yield Finding(column.title, f"栏目{shown}（更新周期 {limit} 天）。", edit_url(column), "更新栏目")


def has_content(page):
    own = getattr(page, "has_public_content", None)
    if own is not None:
        return own()
    if page.get_children().live().exists():
        return True
    return any(bool(getattr(page, name, None)) for name in ("body", "intro"))


@register("columns_empty", "空白栏目", order=30)
def columns_empty(ctx):
    for column in columns(ctx.site):
        if not has_content(column):
            yield Finding(column.title, "栏目没有任何公开内容（空白栏目）。", edit_url(column), "补充内容")


# -- broken internal links ----------------------------------------------------------------------
LINK_TAG_RE = re.compile(r"<a\b[^>]*>")
ATTR_RE = re.compile(r'(\w[\w-]*)="([^"]*)"')


def _text_fields(page):
    for model_field in page._meta.get_fields():
        if isinstance(model_field, RichTextField | StreamField):
            value = getattr(page, model_field.name)
            if isinstance(model_field, StreamField):
                stored = model_field.get_prep_value(value) or []
                if isinstance(stored, str):
                    stored = json.loads(stored)
                yield json.dumps(stored, ensure_ascii=False)
                yield from _chosen_documents(stored)
            else:
                yield value or ""


def _chosen_documents(raw):
    """Document ids picked with a chooser block anywhere in a StreamField, as fake link tags."""
    if isinstance(raw, dict):
        if isinstance(raw.get("document"), int):
            yield f'<a linktype="document" id="{raw["document"]}">'
        for value in raw.values():
            yield from _chosen_documents(value)
    elif isinstance(raw, list):
        for value in raw:
            yield from _chosen_documents(value)


def _internal_path_ok(path, home):
    path = path.split("?")[0].split("#")[0]
    try:
        match = resolve(path)
    except Resolver404:
        return False
    if match.url_name != "wagtail_serve":
        return True
    url_path = home.url_path + path.lstrip("/")
    if not url_path.endswith("/"):
        url_path += "/"
    return Page.objects.live().filter(url_path=url_path).exists()


def broken_links(page, home):
    """[(description)] of the page's internal links that lead nowhere."""
    found = []
    document_model = get_document_model()
    for text in _text_fields(page):
        for tag in LINK_TAG_RE.findall(text.replace('\\"', '"')):
            attrs = dict(ATTR_RE.findall(tag))
            kind, target = attrs.get("linktype"), attrs.get("id", "")
            if kind == "page" and not Page.objects.live().filter(pk=target or 0).exists():
                found.append(f"链接的页面（编号 {target}）已删除或未发布")
            elif kind == "document" and not document_model.objects.filter(pk=target or 0).exists():
                found.append(f"链接的文件（编号 {target}）已删除")
            elif attrs.get("href", "").startswith("/") and not attrs["href"].startswith("//"):
                if not _internal_path_ok(attrs["href"], home):
                    found.append(f"站内链接 {attrs['href']} 打不开")
    return found


@register("broken_links", "站内链接", order=60)
def broken_internal_links(ctx):
    home = ctx.site.root_page
    for page in Page.objects.live().descendant_of(home, inclusive=True).specific().iterator(chunk_size=200):
        for problem in dict.fromkeys(broken_links(page, home)):
            yield Finding(page.title, f"{problem}。", edit_url(page), "修改链接")

