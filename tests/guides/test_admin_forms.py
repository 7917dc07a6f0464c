"""The 办事指南 editor: valid items are created, unlawful ones are refused with a Chinese message.

Posts the real admin form (tabs, inline formsets) through WagtailPageTestCase."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from guides.models import BundlePage, CatalogIndexPage, ServiceItemPage
from portal.site_structure import ensure_site_structure
from tests import factories


def item_form_data(**overrides):
    """A complete, lawful 承诺件 as the editor would submit it; overrides replace top-level keys."""
    data = {
        "title": "食品经营许可证核发",
        "slug": "food-licence",
        "item_code": "XK-330521-0100",
        "item_type": "行政许可",
        "department": factories.department("县市场监督管理局", "scj").pk,
        "serves_individuals": "on",
        "serves_legal_persons": "on",
        "summary": "从事食品销售和餐饮服务的经营者申请食品经营许可。",
        "status": "在用",
        "version": "2.0",
        "effective_date": "2026-01-01",
        "conditions": "具有与经营的食品品种、数量相适应的经营场所。",
        "quantity_limit": "",
        "processing_kind": "承诺件",
        "legal_limit_days": "20",
        "promised_limit_days": "5",
        "is_charged": "",
        "fee_basis": "",
        "result_name": "食品经营许可证",
        "location": "县政务服务中心二楼B区",
        "window": "B05号窗口",
        "hours": "工作日 9:00-12:00，14:00-18:00",
        "phone": "0573-87125678",
        "complaint_phone": "0573-12345",
        "visits": "1",
        "is_online": "on",
        "is_reservable": "on",
        "notes": "",
        "legal_bases": inline_formset([
            {"law_name": "《中华人民共和国食品安全法》", "article": "第三十五条", "excerpt": ""},
        ]),
        "materials": inline_formset([
            {"name": "食品经营许可申请书", "form": "原件", "copies": "1", "required": "on", "condition": "",
             "signer": "申请人签字", "source": "政府部门核发", "source_text": "窗口领取", "specification": "", "blank_form": "", "sample": ""},
            {"name": "法定代表人身份证明", "form": "复印件", "copies": "1", "required": "", "condition": "法人申请的提供",
             "signer": "", "source": "申请人自备", "source_text": "", "specification": "", "blank_form": "", "sample": ""},
        ]),
        "steps": inline_formset([{"title": "申请", "description": "提交材料"}, {"title": "审查", "description": ""}]),
        "special_steps": inline_formset([
            {"kind": "现场踏勘", "limit_days": "3", "counts_in_limit": "", "description": "核查经营场所"},
        ]),
        "fee_items": inline_formset([]),
        "faqs": inline_formset([{"question": "可以网上申请吗？", "answer": "可以。"}]),
        "comments": inline_formset([]),
    }
    # Multi-selects post one key with a list of ids; nested_form_data would flatten them to "themes-0".
    themes = overrides.pop("themes", [factories.theme("开办企业", "kaiban").pk])
    prerequisites = overrides.pop("prerequisites", [])
    data.update(overrides)
    return {**nested_form_data(data), "themes": themes, "prerequisites": prerequisites}


class ServiceItemEditorTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.catalog = ensure_site_structure().catalog
        cls.user = get_user_model().objects.create_superuser("editor", "editor@example.gov.cn", "correct-horse-9")

    def setUp(self):
        self.client.force_login(self.user)

    def post_item(self, data):
        url = reverse("wagtailadmin_pages:add", args=["guides", "serviceitempage", self.catalog.pk])
        data["action-publish"] = "action-publish"
        return self.client.post(url, data)

    def assert_refused(self, data, message):
        response = self.post_item(data)
        self.assertEqual(response.status_code, 200, "an invalid item must re-show the form, not redirect")
        self.assertContains(response, message)
        self.assertFalse(ServiceItemPage.objects.filter(item_code=data["item_code"]).exists())

    def test_catalogue_accepts_items_and_bundles_only(self):
        self.assertAllowedSubpageTypes(CatalogIndexPage, {ServiceItemPage, BundlePage})

    def test_valid_item_is_created_with_all_rows(self):
        self.assertCanCreate(self.catalog, ServiceItemPage, item_form_data())
        item = ServiceItemPage.objects.get(item_code="XK-330521-0100")
        self.assertTrue(item.live)
        self.assertEqual(item.audience, ["自然人", "法人"])
        self.assertEqual(item.theme_names, ["开办企业"])
        self.assertEqual([m.name for m in item.materials.all()], ["食品经营许可申请书", "法定代表人身份证明"])
        self.assertEqual(item.legal_bases.get().article, "第三十五条")
        self.assertEqual(item.special_steps.get().kind, "现场踏勘")

    def test_charged_item_with_amount_and_basis_is_created(self):
        data = item_form_data(
            item_code="XK-330521-0101", slug="charged", is_charged="on", fee_basis="浙价费〔2020〕1号",
            fee_items=inline_formset([{"name": "工本费", "amount": "20.00", "unit": "元/证"}]),
        )
        self.assertCanCreate(self.catalog, ServiceItemPage, data)
        self.assertEqual(str(ServiceItemPage.objects.get(item_code="XK-330521-0101").fee_items.get().amount), "20.00")

    def test_promised_limit_cannot_exceed_legal_limit(self):
        self.assert_refused(
            item_form_data(legal_limit_days="5", promised_limit_days="8"),
            "承诺办结时限（8 个工作日）不能超过法定办结时限（5 个工作日）。",
        )

    def test_immediate_item_must_be_done_on_the_spot(self):
        self.assert_refused(
            item_form_data(processing_kind="即办件", promised_limit_days="2"), "即办件应当场办结，承诺办结时限必须为 0。"
        )

    def test_charged_item_needs_fee_rows_and_basis(self):
        response = self.post_item(item_form_data(is_charged="on", fee_basis=""))
        self.assertContains(response, "收费事项必须至少填写一项收费项目")
        self.assertContains(response, "收费事项必须填写收费依据")
        self.assertFalse(ServiceItemPage.objects.filter(item_code="XK-330521-0100").exists())

    def test_free_item_cannot_have_charges(self):
        self.assert_refused(
            item_form_data(fee_items=inline_formset([{"name": "工本费", "amount": "10", "unit": "元/件"}])),
            "事项标为“不收费”，不能填写收费项目",
        )

    def test_item_code_format_is_checked(self):
        self.assert_refused(item_form_data(item_code="xk 0100"), "事项编码只能由大写字母、数字和连字符组成")

    def test_item_code_must_be_unique(self):
        factories.service_item(title="已有事项", code="XK-330521-0100")
        response = self.post_item(item_form_data())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "XK-330521-0100")
        self.assertContains(response, "已被")
        self.assertEqual(ServiceItemPage.objects.filter(item_code="XK-330521-0100").count(), 1)

    def test_item_cannot_be_its_own_prerequisite(self):
        self.assertCanCreate(self.catalog, ServiceItemPage, item_form_data())
        item = ServiceItemPage.objects.get(item_code="XK-330521-0100")
        data = item_form_data(prerequisites=[item.pk])
        data["action-publish"] = "action-publish"
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[item.pk]), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "事项不能以自己为前置事项。")
        self.assertFalse(ServiceItemPage.objects.get(pk=item.pk).prerequisites.exists())

    def test_optional_material_needs_its_condition(self):
        materials = inline_formset([
            {"name": "结婚证", "form": "原件", "copies": "1", "required": "", "condition": "",
             "signer": "", "source": "申请人自备", "source_text": "", "specification": "", "blank_form": "", "sample": ""},
        ])
        self.assert_refused(item_form_data(materials=materials), "非必须材料请写明提交条件")

    def test_every_editor_tab_renders(self):
        item = factories.service_item(title="居民身份证补领", code="XK-330521-0001")
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[item.pk]))
        self.assertEqual(response.status_code, 200)
        for tab in ("基本信息", "申请材料", "办理流程与时限", "收费", "办理渠道与问答"):
            self.assertContains(response, tab)

    def test_catalogue_settings_menu_lists_departments_and_themes(self):
        factories.department("县公安局", "gaj", phone="0573-110")
        factories.theme("户籍办理", "huji")
        response = self.client.get(reverse("wagtailsnippets_guides_department:list"), {"q": "公安"})
        self.assertContains(response, "县公安局")
        response = self.client.get(reverse("wagtailsnippets_guides_theme:list"))
        self.assertContains(response, "户籍办理")
        response = self.client.get(reverse("wagtailadmin_home"))
        # The sidebar menu is JSON in the page, so the Chinese label arrives \u-escaped.
        self.assertContains(response, '"name": "catalog-settings", "label": "\\u529e\\u4e8b\\u6307\\u5357\\u8bbe\\u7f6e"')

    def test_bundle_is_created_with_its_items(self):
        first = factories.service_item(title="营业执照", code="XK-330521-0201")
        second = factories.service_item(title="食品经营许可", code="XK-330521-0202")
        data = nested_form_data({
            "title": "开办餐馆一件事",
            "slug": "restaurant",
            "summary": "营业执照、食品经营许可一次办",
            "body": rich_text("<p>一次提交，并联审批。</p>"),
            "members": inline_formset([{"item": first.pk}, {"item": second.pk}], min=2),
            "comments": inline_formset([]),
        })
        self.assertCanCreate(self.catalog, BundlePage, data)
        bundle = BundlePage.objects.get(slug="restaurant")
        self.assertEqual([item.title for item in bundle.items()], ["营业执照", "食品经营许可"])
