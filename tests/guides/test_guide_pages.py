"""Rendering of the guide page, the 一次性告知 checklist, bundles, /item/<code>/ and the API."""

import datetime
from decimal import Decimal

import pytest

from guides.models import FAQ, SpecialStep
from tests import factories
from tests.guides.factories import bundle

pytestmark = pytest.mark.django_db


@pytest.fixture
def id_card(structure):
    police = factories.department("县公安局", "gaj", phone="0573-87120110")
    item = factories.service_item(
        "居民身份证补领", "XK-330521-0001", police, [factories.theme("户籍办理", "huji")],
        materials=(("居民户口簿", True, ""), ("结婚证", False, "已婚的提供")),
        fees=(("工本费", Decimal("20.00"), "元/证"),), fee_basis="《关于居民身份证收费标准的通知》（发改价格〔2003〕2322号）",
        legal_bases=(("《中华人民共和国居民身份证法》", "第十一条"),),
        steps=("提交申请", "窗口受理", "制证发证"),
        version="3.1", effective_date=datetime.date(2026, 1, 1), quantity_limit="每人每次限补领一张",
        notes="补领期间可申领临时居民身份证。", serves_legal_persons=False,
    )
    FAQ.objects.create(page=item, question="可以异地补领吗？", answer="可以，全国通办。")
    SpecialStep.objects.create(page=item, kind="公示", limit_days=5, counts_in_limit=False, description="公示五日")
    return item


def test_guide_page_shows_every_element(client, id_card):
    response = client.get(id_card.url)
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "居民身份证补领", "XK-330521-0001", "行政确认", "县公安局", "自然人", "户籍办理",
        "版本", "3.1", "2026年1月1日", "《中华人民共和国居民身份证法》", "第十一条", "本县户籍居民。",
        "每人每次限补领一张", "居民户口簿", "已婚的提供", "申请人自备", "即办件", "当场办结", "法律法规未规定",
        "提交申请", "制证发证", "公示", "不计入", "居民身份证", "工本费", "20.00", "元/证", "发改价格〔2003〕2322号",
        "县政务服务中心一楼A区", "A01号窗口", "工作日 9:00-12:00", "0573-87121234", "0573-12345", "最多跑 1 次",
        "可以异地补领吗？", "全国通办", "补领期间可申领临时居民身份证。", "最后更新",
    ):
        assert text in body, text
    assert 'aria-labelledby="toc-heading"' in body and 'href="#materials"' in body
    assert '<table class="data-table materials-table stack-table">' in body
    assert 'href="/apply/XK-330521-0001/"' in body  # 在线申办 only because is_online is true
    assert "/item/XK-330521-0001/checklist/" in body


def test_zero_visits_free_item_and_offline_item_wording(client, structure):
    online = factories.service_item("社保查询", "GG-330521-0001", visits=0, is_online=True)
    offline = factories.service_item("户口迁移", "XK-330521-0002", visits=2, is_online=False,
                                     processing_kind="承诺件", promised_limit_days=5, legal_limit_days=20)
    body = client.get(online.url).content.decode()
    assert "全程网办，零跑动" in body and "免费" in body
    body = client.get(offline.url).content.decode()
    assert "/apply/" not in body
    assert "5 个工作日" in body and "20 个工作日" in body


@pytest.mark.parametrize(("status", "banner"), [("暂停", "该事项已暂停办理。"), ("已取消", "该事项已取消。")])
def test_status_banners(client, structure, status, banner):
    item = factories.service_item("旧事项", "XK-330521-0009", status=status)
    body = client.get(item.url).content.decode()
    assert banner in body
    assert "/apply/" not in body  # no online application for items not in use


def test_prerequisites_and_bundles_are_linked(client, id_card):
    licence = factories.service_item("营业执照", "XK-330521-0003")
    licence.prerequisites.add(id_card)
    licence.save_revision().publish()
    bundle("开办餐馆一件事", [id_card, licence], slug="restaurant")
    body = client.get(licence.url).content.decode()
    assert "前置事项" in body and "/item/XK-330521-0001/" in body
    assert "开办餐馆一件事" in body


def test_checklist_is_printable_with_boxes_place_and_date(client, id_card):
    response = client.get("/item/xk-330521-0001/checklist/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "一次性告知单" in body and "居民身份证补领" in body
    assert body.count('type="checkbox"') == 2
    assert "视情况：已婚的提供" in body
    assert "县政务服务中心一楼A区" in body and "0573-87121234" in body
    assert "打印日期" in body
    assert client.get("/item/XK-000000-0000/checklist/").status_code == 404


def test_item_code_redirect_and_unknown_code(client, id_card):
    response = client.get("/item/xk-330521-0001/")
    assert response.status_code == 302 and response["Location"] == id_card.url
    assert client.get("/item/NO-SUCH-ITEM/").status_code == 404


def test_item_code_address_is_a_404_not_a_500_when_no_site_serves_the_page(client, id_card):
    from wagtail.models import Site

    Site.objects.all().delete()
    assert client.get("/item/XK-330521-0001/").status_code == 404


def test_unpublished_item_is_not_reachable(client, structure):
    draft = factories.service_item("草稿事项", "XK-330521-0100", publish=False)
    assert client.get("/item/XK-330521-0100/").status_code == 404
    assert client.get(draft.url_path.replace("/home", "", 1)).status_code == 404


def test_bundle_page_merges_duplicate_materials(client, structure):
    first = factories.service_item("营业执照", "XK-330521-0201",
                                   materials=(("居民身份证", True, ""), ("经营场所证明", True, "")))
    second = factories.service_item("食品经营许可", "XK-330521-0202",
                                    materials=(("居民身份证", True, ""), ("食品安全管理制度", True, "")))
    page = bundle("开办餐馆一件事", [first, second], slug="restaurant", summary="一次提交，并联审批")
    body = client.get(page.url).content.decode()
    assert "包含事项（2 项）" in body and "营业执照" in body and "食品经营许可" in body
    assert "合并材料清单（共 3 项" in body
    assert body.count(">居民身份证</th>") == 1
    assert "营业执照、食品经营许可" in body  # the shared material names both items


def test_bundle_material_required_by_any_item_is_required(client, structure):
    first = factories.service_item("营业执照", "XK-330521-0201", materials=(("租赁合同", False, "租用场所的提供"),))
    second = factories.service_item("食品经营许可", "XK-330521-0202", materials=(("租赁合同", True, ""),))
    page = bundle("开办餐馆一件事", [first, second], slug="restaurant")
    (row,) = page.merged_materials()
    assert row["required"] is True
    body = client.get(page.url).content.decode()
    assert '<td data-label="是否必需">必需</td>' in body and "租用场所的提供" not in body


def test_api_exposes_structured_fields(client, id_card):
    response = client.get("/api/v2/pages/", {"type": "guides.ServiceItemPage", "fields": "*"})
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["item_code"] == "XK-330521-0001"
    assert item["department_name"] == "县公安局" and item["department_code"] == "gaj"
    assert item["audience"] == ["自然人"] and item["theme_names"] == ["户籍办理"]
    assert item["legal_bases"][0]["law_name"] == "《中华人民共和国居民身份证法》"
    assert item["legal_bases"][0]["article"] == "第十一条"
    assert [m["name"] for m in item["materials"]] == ["居民户口簿", "结婚证"]
    assert item["materials"][1]["required"] is False and item["materials"][1]["condition"] == "已婚的提供"
    assert item["materials"][0]["blank_form_url"] is None
    assert item["fee_items"] == [{"id": item["fee_items"][0]["id"], "meta": {"type": "guides.FeeItem"},
                                  "name": "工本费", "amount": "20.00", "unit": "元/证"}]
    assert [s["title"] for s in item["steps"]] == ["提交申请", "窗口受理", "制证发证"]
    assert item["special_steps"][0]["kind"] == "公示"
    assert item["faqs"][0]["question"] == "可以异地补领吗？"
    assert item["promised_limit_days"] == 0 and item["legal_limit_days"] is None
    assert item["effective_date"] == "2026-01-01" and item["prerequisite_codes"] == []
    detail = client.get(f"/api/v2/pages/{id_card.pk}/")
    assert detail.status_code == 200 and detail.json()["materials"][0]["form"] == "原件"


def test_bundle_page_query_count_does_not_grow_with_items(client, structure):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    household = factories.theme("户籍办理", "huji")

    def queries(count, slug):
        items = [factories.service_item(f"{slug}{i}", f"XK-{slug.upper()}-{i:04d}", themes=[household]) for i in range(count)]
        page = bundle(f"{slug}一件事", items, slug=slug)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page.url).status_code == 200
        return len(ctx.captured_queries)

    client.get("/")  # the first request creates the SiteIdentity row; keep it out of the count
    assert queries(2, "aa") == queries(6, "bb")
