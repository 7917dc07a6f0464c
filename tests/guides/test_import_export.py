"""import_catalog / export_catalog: good files, every kind of bad file, atomicity, upsert, round trip."""

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import Workbook
from wagtail.models import Page, PageLogEntry, Revision

from guides.catalog_io import CatalogImportError, export_items, import_items
from guides.models import Department, ServiceItemPage, Theme
from portal.site_structure import ensure_site_structure
from tests import factories

pytestmark = pytest.mark.django_db

DEMO_CATALOG = Path(settings.BASE_DIR) / "guides" / "fixtures" / "demo_catalog.json"


def item(code="QR-330521-0001", **overrides):
    """A complete, lawful item in the JSON exchange format."""
    data = {
        "code": code,
        "name": "居民身份证首次申领",
        "item_type": "行政确认",
        "department": "县公安局",
        "themes": ["户籍办理"],
        "audience": ["自然人"],
        "basis": "《中华人民共和国居民身份证法》第八条\n《中华人民共和国居民身份证法》第十条",
        "conditions": "具有本县常住户口的中国公民。",
        "materials": [
            {"name": "居民户口簿", "form": "原件", "copies": 1, "required": True, "condition": "", "source": "申请人自备"},
            {"name": "出生医学证明", "form": "复印件", "copies": 2, "required": False,
             "condition": "未满十六周岁首次申领的提供", "source": "申请人自备"},
        ],
        "fee": {"charged": True, "items": [{"name": "工本费", "amount": 20, "unit": "元/证"}],
                "basis": "发改价格〔2003〕2322号"},
        "legal_limit_days": 60,
        "promised_limit_days": 15,
        "processing_kind": "承诺件",
        "visits": 1,
        "online": False,
        "reservable": True,
        "location": "县政务服务中心一楼A区",
        "window": "A01号窗口",
        "hours": "工作日 9:00-12:00，14:00-18:00",
        "phone": "0573-87121101",
        "complaint_phone": "0573-12345",
        "steps": ["采集人像", "审核", "制证"],
        "result": "居民身份证",
    }
    data.update(overrides)
    return data


def write_json(tmp_path, content, name="catalog.json"):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def import_error(path):
    with pytest.raises(CommandError) as excinfo:
        call_command("import_catalog", str(path))
    return str(excinfo.value)


# ------------------------------------------------------------------ good files
def test_json_import_creates_published_pages_departments_and_themes(tmp_path, capsys):
    path = write_json(tmp_path, [item(), item("XK-330521-0002", name="婚姻登记", department="县民政局",
                                                   themes=["婚姻登记", "户籍办理"], fee={"charged": False},
                                                   materials=[], processing_kind="即办件", promised_limit_days=0)])
    call_command("import_catalog", str(path))

    assert "新建事项 2 个，更新事项 0 个" in capsys.readouterr().out
    page = ServiceItemPage.objects.get(item_code="QR-330521-0001")
    assert page.live and page.title == "居民身份证首次申领"
    assert page.get_parent().specific_class.__name__ == "CatalogIndexPage"
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 1
    assert page.department.code == "xgaj"  # pinyin initials of 县公安局
    assert Department.objects.get(name="县民政局").code == "xmzj"
    assert Theme.objects.get(name="婚姻登记").slug == "婚姻登记"
    assert [(b.law_name, b.article) for b in page.legal_bases.all()] == [
        ("《中华人民共和国居民身份证法》", "第八条"), ("《中华人民共和国居民身份证法》", "第十条")]
    materials = list(page.materials.all())
    assert [(m.name, m.form, m.copies, m.required) for m in materials] == [
        ("居民户口簿", "原件", 1, True), ("出生医学证明", "复印件", 2, False)]
    assert materials[1].condition == "未满十六周岁首次申领的提供"
    assert [(f.name, f.amount, f.unit) for f in page.fee_items.all()] == [("工本费", Decimal("20.00"), "元/证")]
    assert page.is_charged and page.fee_basis == "发改价格〔2003〕2322号"
    assert [s.title for s in page.steps.all()] == ["采集人像", "审核", "制证"]
    assert (page.legal_limit_days, page.promised_limit_days, page.is_reservable, page.is_online) == (60, 15, True, False)
    assert page.audience == ["自然人"] and page.result_name == "居民身份证"
    second = ServiceItemPage.objects.get(item_code="XK-330521-0002")
    assert sorted(second.theme_names) == ["婚姻登记", "户籍办理"]


def xlsx_workbook(items_rows, material_rows=(), fee_rows=(), item_headers=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "事项"
    sheet.append(item_headers or ["事项编码", "事项名称", "事项类型", "实施主体", "主题分类", "服务对象", "设定依据",
                                  "法定办结时限", "承诺办结时限", "办件类型", "是否收费", "收费依据", "是否网办",
                                  "是否可预约", "办理流程"])
    for row in items_rows:
        sheet.append(row)
    materials = workbook.create_sheet("申请材料")
    materials.append(["事项编码", "材料名称", "材料形式", "份数", "是否必须", "提交条件", "来源渠道"])
    for row in material_rows:
        materials.append(row)
    fees = workbook.create_sheet("收费项目")
    fees.append(["事项编码", "收费项目", "金额", "单位"])
    for row in fee_rows:
        fees.append(row)
    return workbook


GOOD_XLSX_ROW = ["QR-330521-0001", "居民身份证首次申领", "行政确认", "县公安局", "户籍办理、证照办理", "自然人、法人",
                 "《中华人民共和国居民身份证法》第八条\n《中华人民共和国居民身份证法》第十条", 60, 15, "承诺件",
                 "是", "发改价格〔2003〕2322号", "否", "是", "采集人像\n审核\n制证"]


def test_xlsx_import_reads_chinese_headers_and_child_sheets(tmp_path, capsys):
    path = tmp_path / "catalog.xlsx"
    xlsx_workbook(
        [GOOD_XLSX_ROW],
        material_rows=[["QR-330521-0001", "居民户口簿", "原件", 1, "是", None, "申请人自备"],
                       ["QR-330521-0001", "结婚证", "复印件", 1, "否", "已婚的提供", "申请人自备"]],
        fee_rows=[["QR-330521-0001", "工本费", 20.5, "元/证"]],
    ).save(path)
    call_command("import_catalog", str(path))

    assert "新建事项 1 个" in capsys.readouterr().out
    page = ServiceItemPage.objects.get(item_code="QR-330521-0001")
    assert page.live and page.department.name == "县公安局"
    assert sorted(page.theme_names) == ["户籍办理", "证照办理"]
    assert page.serves_individuals and page.serves_legal_persons
    assert page.is_charged and not page.is_online and page.is_reservable
    assert [(m.name, m.required, m.condition) for m in page.materials.all()] == [
        ("居民户口簿", True, ""), ("结婚证", False, "已婚的提供")]
    assert [f.amount for f in page.fee_items.all()] == [Decimal("20.50")]
    assert page.legal_bases.count() == 2 and page.steps.count() == 3


# ------------------------------------------------------------------ bad files
BAD_JSON_CASES = {
    "not_json": ("{oops", ["不是有效的 JSON", "第 1 行"]),
    "not_array": (json.dumps(item(), ensure_ascii=False), ["最外层应为事项数组"]),
    "empty_array": ("[]", ["没有任何事项"]),
    "item_not_object": (json.dumps(["abc"]), ["第 1 条", "JSON 对象"]),
    "missing_required": ([{k: v for k, v in item().items() if k not in ("department", "processing_kind")}],
                         ["第 1 条 · 实施主体：缺少必填字段（department）", "第 1 条 · 办件类型：缺少必填字段"]),
    "wrong_int_type": ([item(promised_limit_days="十五")], ["第 1 条 · 承诺办结时限：应为整数"]),
    "wrong_bool_type": ([item(online="yes")], ["第 1 条 · 是否网办：应为“是”或“否”"]),
    "wrong_list_type": ([item(themes="户籍办理")], ["第 1 条 · 主题分类：应为文字列表"]),
    "bad_enum": ([item(item_type="行政审批")], ["第 1 条 · 事项类型：“行政审批”不是有效取值", "行政许可"]),
    "bad_audience": ([item(audience=["游客"])], ["服务对象：“游客”不是有效取值"]),
    "bad_material_form": ([item(materials=[{"name": "户口簿", "form": "扫描件"}])],
                          ["第 1 条 申请材料第 1 项 · 材料形式：“扫描件”不是有效取值"]),
    "bad_code": ([item(code="ab 12")], ["第 1 条 · 事项编码：“ab 12”：事项编码只能由大写字母、数字和连字符组成"]),
    "duplicate_codes": ([item(), item(name="另一个")], ["第 2 条 · 事项编码：编码 QR-330521-0001 在文件中重复（与第 1 条相同）"]),
    "promised_over_legal": ([item(legal_limit_days=10, promised_limit_days=15)],
                            ["第 1 条 · 承诺办结时限：承诺办结时限（15 个工作日）不能超过法定办结时限（10 个工作日）"]),
    "immediate_with_limit": ([item(processing_kind="即办件", promised_limit_days=3)], ["即办件应当场办结"]),
    "charged_without_basis": ([item(fee={"charged": True, "items": [{"name": "工本费", "amount": 20}]})],
                              ["第 1 条 · 收费依据：收费事项必须填写收费依据"]),
    "free_with_fee_items": ([item(fee={"charged": False, "items": [{"name": "工本费", "amount": 20}]})],
                            ["第 1 条 · 收费：事项标为“不收费”，不能填写收费项目"]),
    "bad_amount": ([item(fee={"charged": True, "items": [{"name": "工本费", "amount": "二十"}], "basis": "某文件"})],
                   ["收费项目第 1 项 · 金额：应为数字"]),
    "nan_amount": ('[{"code": "QR-330521-0001", "name": "x", "item_type": "行政确认", "department": "县公安局", '
                   '"audience": ["自然人"], "processing_kind": "承诺件", "promised_limit_days": 1, '
                   '"fee": {"charged": true, "items": [{"name": "工本费", "amount": NaN}], "basis": "某文件"}}]',
                   ["收费项目第 1 项 · 金额：“nan”不是有效金额"]),
    "unknown_prerequisite": ([item(prerequisites=["XK-9999-0001"])], ["前置事项：事项编码 XK-9999-0001 既不在文件中，也不在系统中"]),
    "too_long": ([item(window="窗" * 101)], ["办理窗口：不能超过 100 个字"]),
    "bad_date": ([item(effective_date="2026/01/01")], ["生效日期：“2026/01/01”不是有效日期"]),
    "legal_basis_key_typo": ([item(legal_bases=[{"law_name": "《婚姻登记条例》", "artcle": "第四条"}])],
                             ["设定依据条文第 1 项 · artcle：未识别的字段“artcle”"]),
}


@pytest.mark.parametrize("case", BAD_JSON_CASES)
def test_bad_json_file_is_rejected_with_chinese_report_and_nothing_saved(tmp_path, case):
    content, expected = BAD_JSON_CASES[case]
    message = import_error(write_json(tmp_path, content))
    for fragment in expected:
        assert fragment in message
    assert "数据库没有任何改动" in message or "无法读取文件" in message
    assert ServiceItemPage.objects.count() == 0
    assert Department.objects.count() == 0


def test_every_bad_row_is_reported_not_only_the_first(tmp_path):
    items = [item("XK-0001"), item("XK-0002", item_type="错"), item("XK-0003"),
             item("XK-0004", visits=-1, online="否?"), item("XK-0005", legal_limit_days=1, promised_limit_days=2)]
    message = import_error(write_json(tmp_path, items))
    assert "共 4 处错误" in message
    assert "第 2 条 · 事项类型" in message
    assert "第 4 条 · 到现场次数：不能小于 0" in message and "第 4 条 · 是否网办" in message
    assert "第 5 条 · 承诺办结时限" in message
    assert "第 1 条" not in message and "第 3 条" not in message


def test_wrong_extension_is_refused(tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text("a,b", encoding="utf-8")
    assert "不支持的文件类型“.csv”，请使用 .json 或 .xlsx" in import_error(path)


def test_missing_file_is_reported(tmp_path):
    assert "找不到文件" in import_error(tmp_path / "nope.json")


def test_xlsx_with_wrong_headers_is_rejected(tmp_path):
    path = tmp_path / "bad.xlsx"
    headers = ["编码", "事项名称", "事项类型", "实施主体", "服务对象", "办件类型", "承诺办结时限"]
    xlsx_workbook([["X", "名", "行政确认", "县公安局", "自然人", "即办件", 0]], item_headers=headers).save(path)
    message = import_error(path)
    assert "事项 工作表第 1 行 · 编码：无法识别的表头“编码”" in message
    assert "事项 工作表第 1 行 · 事项编码：缺少必需的表头“事项编码”" in message
    assert ServiceItemPage.objects.count() == 0


def test_xlsx_bad_cells_are_reported_with_sheet_and_row(tmp_path):
    path = tmp_path / "bad.xlsx"
    bad_row = list(GOOD_XLSX_ROW)
    bad_row[0], bad_row[12], bad_row[8] = "QR-330521-0002", "可以", "十五"
    xlsx_workbook(
        [GOOD_XLSX_ROW, bad_row],
        material_rows=[["QR-330521-0001", "居民户口簿", "原件", "两", "是", None, "申请人自备"],
                       ["QR-330521-0999", "结婚证", "复印件", 1, "是", None, "申请人自备"]],
        fee_rows=[["QR-330521-0001", "工本费", 20, "元/证"], ["QR-330521-0002", "工本费", 20, "元/证"]],
    ).save(path)
    message = import_error(path)
    assert "申请材料 工作表第 3 行 · 事项编码：事项编码“QR-330521-0999”不在“事项”工作表中" in message
    # Structural errors are reported first; fix them and the cell errors follow.
    xlsx_workbook(
        [GOOD_XLSX_ROW, bad_row],
        material_rows=[["QR-330521-0001", "居民户口簿", "原件", "两", "是", None, "申请人自备"]],
        fee_rows=[["QR-330521-0001", "工本费", 20, "元/证"], ["QR-330521-0002", "工本费", 20, "元/证"]],
    ).save(path)
    message = import_error(path)
    assert "事项 工作表第 3 行 · 是否网办：应为“是”或“否”" in message
    assert "事项 工作表第 3 行 · 承诺办结时限：应为整数，收到“十五”" in message
    assert "申请材料 工作表第 2 行 · 份数：应为整数，收到“两”" in message
    assert ServiceItemPage.objects.count() == 0


def test_xlsx_without_item_sheet_or_not_a_workbook(tmp_path):
    path = tmp_path / "nosheet.xlsx"
    workbook = Workbook()
    workbook.active.title = "Sheet1"
    workbook.save(path)
    assert "缺少工作表“事项”（现有：Sheet1）" in import_error(path)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    assert "不是有效的 Excel (.xlsx) 文件" in import_error(fake)


# ------------------------------------------------------------------ atomicity and upsert
def test_two_good_rows_and_one_bad_row_leave_database_unchanged(tmp_path):
    import_items([item("XK-0001", name="原名称")])
    before = (ServiceItemPage.objects.count(), Revision.objects.count(), Department.objects.count(), Theme.objects.count())
    path = write_json(tmp_path, [item("XK-0001", name="新名称"), item("XK-0002", department="县新部门", themes=["新主题"]),
                                 item("XK-0003", processing_kind="立即件")])
    message = import_error(path)
    assert "第 3 条 · 办件类型" in message
    after = (ServiceItemPage.objects.count(), Revision.objects.count(), Department.objects.count(), Theme.objects.count())
    assert after == before
    assert ServiceItemPage.objects.get(item_code="XK-0001").title == "原名称"


def test_upsert_updates_existing_item_replaces_children_and_keeps_history():
    first = import_items([item("XK-0001")])
    assert (first.created, first.updated) == (1, 0)
    page = ServiceItemPage.objects.get(item_code="XK-0001")
    kept_material_id = page.materials.get(name="居民户口簿").pk

    changed = item("XK-0001", name="居民身份证首次申领（新版）", promised_limit_days=7,
                   materials=[{"name": "居民户口簿"}, {"name": "近期免冠照片", "copies": 2}],
                   fee={"charged": False}, steps=["受理", "办结"], basis="《中华人民共和国居民身份证法》第九条")
    second = import_items([changed])
    assert (second.created, second.updated) == (0, 1)

    page = ServiceItemPage.objects.get(item_code="XK-0001")
    assert page.live and page.title == "居民身份证首次申领（新版）" and page.promised_limit_days == 7
    assert [(m.name, m.copies) for m in page.materials.all()] == [("居民户口簿", 1), ("近期免冠照片", 2)]
    assert page.materials.get(name="居民户口簿").pk == kept_material_id
    assert not page.is_charged and page.fee_items.count() == 0
    assert [s.title for s in page.steps.all()] == ["受理", "办结"]
    assert [str(b) for b in page.legal_bases.all()] == ["《中华人民共和国居民身份证法》第九条"]
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).order_by("created_at", "pk")
    assert revisions.count() == 2
    assert revisions.first().content["title"] == "居民身份证首次申领"
    assert page.live_revision == revisions.last()
    assert ServiceItemPage.objects.count() == 1


def test_prerequisite_may_name_a_later_item_in_the_same_file():
    import_items([item("XK-0002", prerequisites=["XK-0001"]), item("XK-0001", name="前置")])
    page = ServiceItemPage.objects.get(item_code="XK-0002")
    assert [p.item_code for p in page.prerequisites.all()] == ["XK-0001"]
    assert page.live


def test_unknown_keys_are_ignored_with_a_warning():
    result = import_items([item(remark="内部备注")])
    assert result.created == 1
    assert result.warnings == ["第 1 条：未识别的字段“remark”，已忽略。"]


def test_python_api_raises_with_every_error():
    with pytest.raises(CatalogImportError) as excinfo:
        import_items([item(code="bad"), item("XK-0002", audience=[])])
    assert len(excinfo.value.errors) == 2


# ------------------------------------------------------------------ round trip
RICH_ITEMS = [
    item("XK-0001", summary="简介", status="暂停", version="2.1", effective_date="2026-01-01", notes="注意",
         quantity_limit="每人每年一次",
         steps=["申请", {"title": "审核", "description": "5 个工作日内完成"}],
         special_steps=[{"kind": "公示", "limit_days": 7, "counts_in_limit": False, "description": "网站公示"}],
         faqs=[{"question": "能代办吗？", "answer": "可以，需携带委托书。"}],
         prerequisites=["XK-0002"],
         fee={"charged": True, "items": [{"name": "工本费", "amount": 12.5, "unit": "元/件"}], "basis": "某文件"},
         materials=[{"name": "申请表", "form": "原件", "copies": 1, "required": True, "condition": "",
                     "source": "窗口领取", "signer": "申请人签字", "specification": "A4"}]),
    item("XK-0002", name="婚姻登记", department="县民政局", themes=["婚姻登记", "户籍办理"], audience=["自然人", "法人"],
         processing_kind="即办件", legal_limit_days=None, promised_limit_days=0, fee={"charged": False},
         legal_bases=[{"law_name": "《婚姻登记条例》", "article": "第四条", "excerpt": "内地居民结婚，男女双方应当共同到…"}]),
]


def wipe_catalogue():
    for page in ServiceItemPage.objects.all():
        page.delete()
    Department.objects.all().delete()
    Theme.objects.all().delete()


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_export_import_export_round_trip_is_identical(tmp_path, suffix):
    import_items(copy.deepcopy(RICH_ITEMS))
    first = tmp_path / f"first{suffix}"
    call_command("export_catalog", str(first))

    wipe_catalogue()
    assert ServiceItemPage.objects.count() == 0
    call_command("import_catalog", str(first))
    second = tmp_path / f"second{suffix}"
    call_command("export_catalog", str(second))

    assert first.read_bytes() == second.read_bytes()
    page = ServiceItemPage.objects.get(item_code="XK-0001")
    assert page.status == "暂停" and str(page.effective_date) == "2026-01-01"
    assert [p.item_code for p in page.prerequisites.all()] == ["XK-0002"]
    assert page.fee_items.get().amount == Decimal("12.50")
    assert ServiceItemPage.objects.get(item_code="XK-0002").legal_bases.get().excerpt.startswith("内地居民结婚")


def test_json_export_content_matches_the_exchange_format(tmp_path):
    import_items(copy.deepcopy(RICH_ITEMS))
    path = tmp_path / "out.json"
    call_command("export_catalog", str(path))
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert [e["code"] for e in exported] == ["XK-0001", "XK-0002"]
    first = exported[0]
    assert first["steps"] == ["申请", {"title": "审核", "description": "5 个工作日内完成"}]
    assert first["fee"] == {"charged": True, "items": [{"name": "工本费", "amount": 12.5, "unit": "元/件"}], "basis": "某文件"}
    assert first["basis"].splitlines() == ["《中华人民共和国居民身份证法》第八条", "《中华人民共和国居民身份证法》第十条"]
    assert "legal_bases" not in first and "legal_bases" in exported[1]


def test_citation_without_book_title_marks_keeps_its_article_through_export(tmp_path):
    page = factories.service_item(code="XK-0001", legal_bases=(("居民身份证法", "第十一条"), ("《婚姻登记条例》", "第四条")))
    (exported,) = export_items(ServiceItemPage.objects.filter(pk=page.pk))
    assert exported["legal_bases"][0] == {"law_name": "居民身份证法", "article": "第十一条", "excerpt": ""}
    wipe_catalogue()
    import_items([exported])
    assert [(b.law_name, b.article) for b in ServiceItemPage.objects.get().legal_bases.all()] == [
        ("居民身份证法", "第十一条"), ("《婚姻登记条例》", "第四条")]


def test_export_refuses_unknown_extension(tmp_path):
    with pytest.raises(CommandError, match="不支持的文件类型"):
        call_command("export_catalog", str(tmp_path / "out.txt"))


def test_demo_fixture_imports_cleanly_and_is_big_enough():
    """The shipped demo catalogue passes every import rule and has the breadth the demo
    promises: at least 60 items across at least 12 departments and 10 themes."""
    items = json.loads(DEMO_CATALOG.read_text(encoding="utf-8"))
    result = import_items(items)
    assert result.created == len(items) >= 60 and result.updated == 0
    assert ServiceItemPage.objects.live().count() == len(items)
    assert Department.objects.filter(items__isnull=False).distinct().count() >= 12
    assert Theme.objects.filter(items__isnull=False).distinct().count() >= 10


# ------------------------------------------------------------------ batched path for large imports
def test_bulk_path_gives_the_same_catalogue_tree_history_and_index_as_the_normal_path(client, tmp_path):
    factories.service_item(title="已有事项", code="XK-0100")  # the catalogue already has a child
    items = [*copy.deepcopy(RICH_ITEMS), item("XK-0003", prerequisites=["XK-0100"])]
    result = import_items(copy.deepcopy(items), bulk=True)
    assert (result.created, result.updated) == (3, 0)
    bulk_export = tmp_path / "bulk.json"
    call_command("export_catalog", str(bulk_export))

    assert all(not problems for problems in Page.find_problems())
    catalog = ensure_site_structure().catalog
    assert Page.objects.get(pk=catalog.pk).numchild == 4
    page = ServiceItemPage.objects.get(item_code="XK-0003")
    assert page.live and page.live_revision_id == page.latest_revision_id
    assert page.live_revision.as_object().materials.count() == 2
    assert client.get(page.url).status_code == 200
    assert set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True)) == {"wagtail.create", "wagtail.publish"}
    assert page in ServiceItemPage.objects.search("居民身份证首次申领")
    assert [p.item_code for p in ServiceItemPage.objects.get(item_code="XK-0001").prerequisites.all()] == ["XK-0002"]

    # An editor's later change goes through the normal revision API and keeps the rows.
    page.title = "改名后的事项"
    page.save_revision().publish()
    page = ServiceItemPage.objects.get(pk=page.pk)
    assert page.title == "改名后的事项" and page.materials.count() == 2
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 2

    wipe_catalogue()
    factories.service_item(title="已有事项", code="XK-0100")
    import_items(copy.deepcopy(items), bulk=False)
    normal_export = tmp_path / "normal.json"
    call_command("export_catalog", str(normal_export))
    assert json.loads(bulk_export.read_text()) == json.loads(normal_export.read_text())
