"""Catalogues as real counties write them (issue 8): 来源渠道 wording filed under the
standard's category, judgement calls reported as warnings after the import, step
descriptions and attached documents kept by export (xlsx too), and an editor's unpublished
draft never overtaken by an import."""

import copy
import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from openpyxl import load_workbook
from wagtail.documents.models import Document

from guides.catalog_io import CatalogImportError, export_items, import_items
from guides.models import Material, ServiceItemPage
from guides.models.rules import classify_source
from tests.guides.test_import_export import item, wipe_catalogue

pytestmark = pytest.mark.django_db


def material(name, source, **extra):
    return {"name": name, "form": "原件", "copies": 1, "required": True, "condition": "", "source": source, **extra}


@pytest.mark.parametrize("wording,category,clear", [
    ("申请人自备", "申请人自备", True),
    ("现场填写", "申请人自备", True),
    ("助产机构提供", "其他", True),
    ("医疗机构出具", "其他", True),
    ("县公安局核发", "政府部门核发", True),
    ("窗口领取", "政府部门核发", True),
    ("网上填报或窗口领取", "其他", False),
    ("", "申请人自备", True),
])
def test_source_wording_is_filed_under_the_standards_category(wording, category, clear):
    assert classify_source(wording) == (category, clear)


def test_real_world_sources_import_with_wording_kept_on_page_and_in_export(client, structure):
    materials = [
        material("出生医学证明", "助产机构提供"),
        material("申领登记表", "现场填写"),
        material("户口迁移申请表", "网上填报或窗口领取"),
        material("诊断证明", "医疗机构出具", source_category="其他"),
    ]
    result = import_items([item(materials=materials)])
    rows = {m.name: (m.source, m.source_text) for m in Material.objects.all()}
    assert rows == {
        "出生医学证明": ("其他", "助产机构提供"),
        "申领登记表": ("申请人自备", "现场填写"),
        "户口迁移申请表": ("其他", "网上填报或窗口领取"),
        "诊断证明": ("其他", "医疗机构出具"),
    }
    assert any("网上填报或窗口领取" in w and "未能明确归类" in w for w in result.warnings)
    page = ServiceItemPage.objects.get()
    html = client.get(page.url).content.decode()
    assert "助产机构提供" in html and "网上填报或窗口领取" in html
    exported = export_items()[0]["materials"]
    assert [(m["source"], m["source_category"]) for m in exported] == [
        ("助产机构提供", "其他"), ("现场填写", "申请人自备"), ("网上填报或窗口领取", "其他"), ("医疗机构出具", "其他"),
    ]


def test_unknown_source_category_is_rejected(structure):
    with pytest.raises(CatalogImportError) as caught:
        import_items([item(materials=[material("户口簿", "现场填写", source_category="自己带")])])
    assert "来源渠道类别：“自己带”不是有效取值" in caught.value.report()


def test_optional_material_without_condition_is_a_warning_not_a_rejection(tmp_path, capsys):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps([item(materials=[material("结婚证", "申请人自备", required=False)])],
                               ensure_ascii=False), encoding="utf-8")
    call_command("import_catalog", str(path))
    assert Material.objects.get().required is False
    err = capsys.readouterr().err
    assert "提示" in err and "非必须材料未写明提交条件" in err


def test_what_is_wrong_in_law_is_still_rejected(structure):
    with pytest.raises(CatalogImportError) as caught:
        import_items([
            item("XK-0001", legal_limit_days=10, promised_limit_days=15),
            item("XK-0002", fee={"charged": True, "items": [{"name": "工本费", "amount": 20}]}),
            item("XK-0003", processing_kind="即办件", promised_limit_days=3),
        ])
    report = caught.value.report()
    assert "不能超过法定办结时限" in report and "收费事项必须填写收费依据" in report and "即办件应当场办结" in report
    assert not ServiceItemPage.objects.exists()


STEPS = ["申请", {"title": "审核", "description": "5 个工作日内完成"}]


def test_xlsx_export_keeps_step_descriptions_and_reimports_them(tmp_path, structure):
    import_items([item(steps=STEPS)])
    path = tmp_path / "out.xlsx"
    call_command("export_catalog", str(path))
    sheet = load_workbook(path)["办理步骤"]
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["事项编码", "步骤名称", "步骤说明"], ["QR-330521-0001", "申请", None], ["QR-330521-0001", "审核", "5 个工作日内完成"],
    ]
    wipe_catalogue()
    call_command("import_catalog", str(path))
    steps = ServiceItemPage.objects.get().steps.order_by("sort_order")
    assert [(s.title, s.description) for s in steps] == [("申请", ""), ("审核", "5 个工作日内完成")]


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_export_keeps_attached_documents(tmp_path, structure, suffix):
    form = Document.objects.create(title="申领登记表（空白）", file=ContentFile(b"%PDF-1.4 blank", name="blank.pdf"))
    sample = Document.objects.create(title="示范文本", file=ContentFile(b"%PDF-1.4 sample", name="sample.pdf"))
    result_sample = Document.objects.create(title="结果样本", file=ContentFile(b"%PDF-1.4 result", name="result.pdf"))
    import_items([item(materials=[material("申领登记表", "现场填写", blank_form=form.file.name, sample=sample.file.name)],
                       result_sample=result_sample.file.name)])
    page = ServiceItemPage.objects.get()
    assert page.result_sample == result_sample and page.materials.get().blank_form == form
    path = tmp_path / f"out{suffix}"
    call_command("export_catalog", str(path))
    wipe_catalogue()
    call_command("import_catalog", str(path))
    page = ServiceItemPage.objects.get()
    assert page.result_sample == result_sample
    assert (page.materials.get().blank_form, page.materials.get().sample) == (form, sample)
    second = tmp_path / f"second{suffix}"
    call_command("export_catalog", str(second))
    assert path.read_bytes() == second.read_bytes()


def test_missing_attachment_is_reported_and_the_item_still_imported(structure):
    result = import_items([item(materials=[material("申领登记表", "现场填写", blank_form="documents/gone.pdf")])])
    assert Material.objects.get().blank_form is None
    assert any("documents/gone.pdf" in w and "找不到" in w for w in result.warnings)


def test_import_does_not_overtake_an_editors_unpublished_draft(structure):
    import_items([item("XK-0001", conditions="旧条件。"), item("XK-0002", name="婚姻登记", conditions="旧条件。")])
    page = ServiceItemPage.objects.get(item_code="XK-0001")
    page.conditions = "编辑正在修改的条件。"
    draft = page.save_revision()
    result = import_items([item("XK-0001", conditions="文件中的新条件。"), item("XK-0002", name="婚姻登记", conditions="新条件。")])
    page.refresh_from_db()
    assert page.conditions == "旧条件。"  # the live page is as it was
    assert page.latest_revision == draft and page.has_unpublished_changes
    assert ServiceItemPage.objects.get(item_code="XK-0002").conditions == "新条件。"
    assert result.updated == 1 and len(result.conflicts) == 1
    assert "XK-0001" in result.conflicts[0] and "未发布的草稿" in result.conflicts[0]
    assert "1 个事项有未发布的编辑草稿" in result.summary()


def test_command_lists_conflicts_after_the_import(tmp_path, capsys, structure):
    import_items([item()])
    page = ServiceItemPage.objects.get()
    page.title = "编辑草稿标题"
    page.save_revision()
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps([copy.deepcopy(item(conditions="改了"))], ensure_ascii=False), encoding="utf-8")
    call_command("import_catalog", str(path))
    err = capsys.readouterr().err
    assert "冲突" in err and "QR-330521-0001" in err
