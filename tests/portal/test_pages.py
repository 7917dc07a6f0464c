"""Site shell: every page type renders with the footer identity and the 政府网站 meta tags;
home page content; 长辈版 switch; Chinese 404 and 500 pages."""

import datetime
import re

import pytest
from django.template.loader import render_to_string

from tests import factories
from tests.guides.factories import bundle, notice, standard_page

pytestmark = pytest.mark.django_db

FOOTER_IDENTITY = ("主办单位：示范县人民政府办公室", "3304210001", "浙ICP备00000000号", "浙公网安备", "党政机关网站标识")
META_NAMES = ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType", "ArticleTitle", "PubDate", "ContentSource")


def meta(body, name):
    match = re.search(rf'<meta name="{name}" content="([^"]*)">', body)
    assert match, f"missing meta {name}"
    return match.group(1)


@pytest.fixture
def site_pages(structure):
    item = factories.service_item("居民身份证补领", "XK-330521-0001", factories.department("县公安局", "gaj"))
    other = factories.service_item("户口迁移", "XK-330521-0002", factories.department("县公安局", "gaj"))
    return {
        "home": "/",
        "catalogue": "/guide/",
        "item": item.url,
        "checklist": "/item/XK-330521-0001/checklist/",
        "bundle": bundle("户籍一件事", [item, other], slug="hukou").url,
        "notices": "/notices/",
        "notice": notice("关于春节期间办公时间的通知", datetime.date(2026, 1, 20), body=["春节期间暂停线下服务。"]).url,
        "standard": standard_page("服务承诺", "promise", body=["一次告知，限时办结。"]).url,
    }


@pytest.mark.parametrize("name", ["home", "catalogue", "item", "checklist", "bundle", "notices", "notice", "standard"])
def test_every_page_renders_with_identity_and_meta(client, site_pages, name):
    response = client.get(site_pages[name])
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="zh-CN"' in body
    assert '<a class="skip-link" href="#main-content">' in body and '<main id="main-content"' in body
    assert 'role="search"' in body and 'aria-label="主导航"' in body
    for text in FOOTER_IDENTITY:
        assert text in body, text
    for name_ in META_NAMES:
        meta(body, name_)
    assert meta(body, "SiteName") == "示范县政务服务网" and meta(body, "SiteIDCode") == "3304210001"


def test_article_meta_values(client, site_pages):
    body = client.get(site_pages["notice"]).content.decode()
    assert meta(body, "ArticleTitle") == "关于春节期间办公时间的通知"
    assert meta(body, "ColumnName") == "通知公告" and meta(body, "ColumnType") == "文章页"
    assert meta(body, "ContentSource") == "县政务服务中心"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", meta(body, "PubDate"))
    body = client.get(site_pages["item"]).content.decode()
    assert meta(body, "ContentSource") == "县公安局" and meta(body, "ColumnType") == "办事指南"


def test_notice_and_standard_page_content(client, site_pages):
    body = client.get(site_pages["notice"]).content.decode()
    assert "春节期间暂停线下服务。" in body and "2026年1月20日" in body
    assert "关于春节期间办公时间的通知" in client.get("/notices/").content.decode()
    assert "一次告知，限时办结。" in client.get(site_pages["standard"]).content.decode()


def test_home_page_sections(client, structure):
    factories.theme("户籍办理", "huji")
    factories.service_item("居民身份证补领", "XK-330521-0001", factories.department("县公安局", "gaj"), visits=0)
    factories.service_item("已取消事项", "XK-330521-0002", status="已取消")
    notice("关于春节期间办公时间的通知")
    body = client.get("/").content.decode()
    assert 'id="home-search-q"' in body and 'action="/search/"' in body
    assert "热门事项" in body and "居民身份证补领" in body and "全程网办，零跑动" in body
    assert "已取消事项" not in body
    assert 'href="/guide/?theme=huji"' in body and 'href="/guide/?department=gaj"' in body
    assert "关于春节期间办公时间的通知" in body


def test_elder_mode_cookie_and_no_js_switch(client, structure):
    response = client.get("/elder-mode/?next=/guide/")
    assert response.status_code == 302 and response["Location"] == "/guide/"
    assert response.cookies["elder_mode"].value == "1"
    body = client.get("/").content.decode()
    assert '<html lang="zh-CN" class="elder-mode">' in body and 'aria-pressed="true"' in body
    response = client.get("/elder-mode/?next=https://evil.example.com/")
    assert response["Location"] == "/"  # never an open redirect
    assert response.cookies["elder_mode"].value == ""  # second visit switches it off


def test_404_is_chinese(client, structure):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "抱歉，您访问的页面不存在" in body and "主办单位" in body


def test_500_template_renders_without_request_or_database():
    html = render_to_string("500.html")
    assert "抱歉，服务暂时出现故障" in html and 'lang="zh-CN"' in html


def test_pages_render_default_identity_when_no_site_matches(client, structure):
    """A fresh install or a flushed database has no Wagtail Site: pages must still render
    (with the default 网站标识), not fail with a 500."""
    from wagtail.models import Site

    Site.objects.all().delete()
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    for text in FOOTER_IDENTITY:
        assert text in body, text
    assert meta(body, "SiteIDCode") == "3304210001"


def test_home_page_shows_hot_searches_that_found_something(client, structure):
    from search import querylog

    for visitor in ("a", "b", "c"):  # hot searches count distinct visitors
        querylog.log_query("营业执照", 4, visitor)
    querylog.log_query("查无此事", 0)
    html = client.get("/").content.decode()
    assert 'aria-label="热门搜索"' in html
    assert "/search/?q=%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7" in html
    assert "查无此事" not in html


def test_popular_items_chosen_in_the_admin_are_saved_and_shown(client, structure):
    """A plain ManyToManyField on a page is dropped by Wagtail's edit view; the choice must stick."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    chosen = factories.service_item("营业执照", "XK-330521-0001")
    factories.service_item("户口迁移", "XK-330521-0002")
    client.force_login(get_user_model().objects.create_superuser("editor", "e@example.gov.cn", "correct-horse-9"))
    data = nested_form_data({"title": "首页", "slug": "home", "welcome": "欢迎", "comments": inline_formset([]),
                             "action-publish": "action-publish"})
    data["popular_items"] = [chosen.pk]  # a multi-select: one key, a list of ids
    assert client.post(reverse("wagtailadmin_pages:edit", args=[structure.home.pk]), data).status_code == 302
    client.logout()
    assert [item.pk for item in client.get("/").context["popular_items"]] == [chosen.pk]


def test_attachment_whose_document_was_deleted_is_left_out(client, structure, settings, tmp_path):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    settings.MEDIA_ROOT = tmp_path
    document = Document.objects.create(title="申请表", file=ContentFile(b"%PDF-1.4", name="form.pdf"))
    page = notice("关于启用新表格的通知", slug="new-form")
    page.body = [("document", {"document": document, "title": "新版申请表"})]
    page.save_revision().publish()
    assert "新版申请表" in client.get(page.url).content.decode()
    document.delete()
    response = client.get(page.url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "新版申请表" not in body and 'class="doc-link"' not in body
