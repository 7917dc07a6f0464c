"""The 政府信息公开目录: filters, Chinese search, bad input, pagination, noindex, metadata."""

import datetime
import re

import pytest

from disclosure.views import DOCUMENTS_PER_PAGE

from .builders import document, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    _, columns = section()
    catalog = columns["catalog"]
    document("关于调整政务服务大厅办公时间的公告", "X/2026-00001", catalog=catalog, form="announcement",
             publication_date=datetime.date(2026, 3, 5), document_number="示政服告〔2026〕2号")
    document("示范县市场主体登记便利化若干措施", "X/2025-00012", catalog=catalog, topic="market", form="measures",
             validity="amended", written=datetime.date(2025, 5, 6), publication_date=datetime.date(2025, 5, 9),
             issuing_body="示范县市场监督管理局", body="企业开办全程网办，营业执照当日领取。")
    document("关于政务服务收费项目的规定", "X/2019-00008", catalog=catalog, topic="general", form="regulation",
             validity="repealed", written=datetime.date(2019, 3, 1), publication_date=datetime.date(2019, 3, 8))
    document("关于疫情期间实行网上预约办理的通知", "X/2022-00005", catalog=catalog, topic="health",
             validity="expired", written=datetime.date(2022, 4, 12), publication_date=datetime.date(2022, 4, 13))
    document("尚未发布的草稿", "X/2026-00099", catalog=catalog, live=False)
    return catalog


def listing(client, query=""):
    response = client.get("/disclosure/catalog/" + query)
    assert response.status_code == 200
    html = response.content.decode()
    count = int(re.search(r"共 <strong>(\d+)</strong> 件", html).group(1))
    titles = re.findall(r'class="doc-card__title"><a href="[^"]+">([^<]+)</a>', html)
    return count, titles, html


def test_lists_live_documents_newest_first_with_their_metadata(client, catalogue):
    count, titles, html = listing(client)
    assert count == 4
    assert titles[0] == "关于调整政务服务大厅办公时间的公告"
    assert "尚未发布的草稿" not in html
    assert "X/2025-00012" in html and "示政服告〔2026〕2号" in html and "示范县市场监督管理局" in html
    assert '<meta name="robots"' not in html  # the unfiltered list may be indexed


@pytest.mark.parametrize("query, expected", [
    ("?validity=amended", ["示范县市场主体登记便利化若干措施"]),
    ("?validity=repealed", ["关于政务服务收费项目的规定"]),
    ("?validity=expired", ["关于疫情期间实行网上预约办理的通知"]),
    ("?topic=market", ["示范县市场主体登记便利化若干措施"]),
    ("?form=announcement", ["关于调整政务服务大厅办公时间的公告"]),
    ("?issuing_body=示范县市场监督管理局", ["示范县市场主体登记便利化若干措施"]),
    ("?year=2022", ["关于疫情期间实行网上预约办理的通知"]),
    ("?published_from=2025-01-01&published_to=2025-12-31", ["示范县市场主体登记便利化若干措施"]),
    ("?validity=valid&year=2026", ["关于调整政务服务大厅办公时间的公告"]),
])
def test_filters_are_bookmarkable_get_parameters(client, catalogue, query, expected):
    count, titles, html = listing(client, query)
    assert titles == expected and count == len(expected)
    assert '<meta name="robots" content="noindex, follow">' in html


@pytest.mark.parametrize("q, expected", [
    ("营业执照", "示范县市场主体登记便利化若干措施"),  # a word of the body text
    ("市场主体", "示范县市场主体登记便利化若干措施"),
    ("办公时间", "关于调整政务服务大厅办公时间的公告"),
    ("示政服告〔2026〕2号", "关于调整政务服务大厅办公时间的公告"),  # 发文字号
    ("X/2019-00008", "关于政务服务收费项目的规定"),  # 索引号
])
def test_chinese_search(client, catalogue, q, expected):
    count, titles, _ = listing(client, f"?q={q}")
    assert titles == [expected]


def test_search_combines_with_filters_and_finds_nothing_politely(client, catalogue):
    count, titles, _ = listing(client, "?q=政务服务&validity=repealed")
    assert titles == ["关于政务服务收费项目的规定"]
    count, titles, html = listing(client, "?q=火星探测")
    assert count == 0 and "没有符合条件的文件" in html


def test_bad_filters_get_a_chinese_message_and_are_ignored(client, catalogue):
    count, _, html = listing(client, "?validity=xyz&year=abc&published_from=2026-13-45&topic=market")
    assert count == 1  # the valid topic still applies
    assert "部分筛选条件无效" in html
    assert "“xyz”不是有效的选项，已忽略该条件。" in html
    assert "年份应为四位数字" in html
    assert "日期应写成 2026-01-31 的格式" in html
    count, _, html = listing(client, "?published_from=2026-01-01&published_to=2025-01-01")
    assert count == 4 and "早于“发布日期自”" in html
    count, _, html = listing(client, "?q=" + "长" * 101)
    assert count == 4 and "关键词不能超过 100 个字" in html


def test_pagination_is_rendered_and_keeps_filters(client):
    _, columns = section()
    for n in range(DOCUMENTS_PER_PAGE + 3):
        document(f"公开文件第{n}号", f"Y/2026-{n:05d}", catalog=columns["catalog"], publication_date=datetime.date(2026, 3, 10))
    count, titles, html = listing(client, "?topic=public_service")
    assert count == DOCUMENTS_PER_PAGE + 3 and len(titles) == DOCUMENTS_PER_PAGE
    assert 'aria-label="分页"' in html and "?topic=public_service&amp;page=2" in html
    count, titles, html = listing(client, "?topic=public_service&page=2")
    assert len(titles) == 3 and "noindex" in html


def test_document_page_shows_catalogue_metadata_and_meta_tags(client, catalogue):
    html = client.get("/disclosure/catalog/").content.decode()
    url = re.search(r'href="([^"]+)">示范县市场主体登记便利化若干措施', html).group(1)
    page = client.get(url).content.decode()
    for text in ("X/2025-00012", "示范县市场监督管理局", "2025-05-06", "2025-05-09", "市场监管", "办法", "已修改",
                 "本文件已修改，仅供查阅参考"):
        assert text in page
    assert '<meta name="ContentSource" content="示范县市场监督管理局">' in page
    assert '<meta name="PubDate" content="2025-05-09">' in page
    assert '<meta name="ColumnName" content="政府信息公开目录">' in page


def test_document_page_lists_its_attachments(client, catalogue):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    from disclosure.models import DisclosureDocumentPage, DocumentAttachment

    Collection.get_first_root_node() or Collection.add_root(name="Root")
    file = Document(title="登记便利化措施全文")
    file.file.save("measures-2025.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    file.save()
    page = DisclosureDocumentPage.objects.get(index_number="X/2025-00012")
    page.attachments.add(DocumentAttachment(document=file, title="措施全文（PDF 版）"))
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "<h2>附件</h2>" in html and "措施全文（PDF 版）" in html and "（PDF）" in html
    assert f'href="{file.url}"' in html
