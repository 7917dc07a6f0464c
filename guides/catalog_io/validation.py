"""Turns one raw item (a dict from JSON or xlsx) into clean values, or into Chinese errors.

Pure Python: no database access, so thousands of items validate in milliseconds and every bad
row of a file is reported at once. The catalogue rules themselves come from guides.models.rules,
the same functions the page editor uses, so the admin and the importer always agree.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from guides.models import (
    FAQ,
    Audience,
    Department,
    FeeItem,
    ItemStatus,
    ItemType,
    LegalBasis,
    Material,
    MaterialForm,
    MaterialSource,
    ProcessingKind,
    ProcessStep,
    ServiceItemPage,
    SpecialStep,
    SpecialStepKind,
    Theme,
)
from guides.models.rules import classify_source, fee_errors, item_code_validator, limit_errors, parse_citation

from .errors import RowError
from .schema import (
    FAQ_LABELS,
    FEE_ITEM_LABELS,
    ITEM_LABELS,
    LEGAL_BASIS_LABELS,
    MATERIAL_LABELS,
    REQUIRED_KEYS,
    SPECIAL_STEP_LABELS,
    TEXT_FIELDS,
)

# Rule functions name model fields; map them back to the labels people see in the file.
RULE_FIELD_LABELS = {
    "promised_limit_days": "承诺办结时限",
    "legal_limit_days": "法定办结时限",
    "is_charged": "收费",
    "fee_basis": "收费依据",
}
KNOWN_KEYS = set(ITEM_LABELS)


def max_length(model, field_name):
    return model._meta.get_field(field_name).max_length


@dataclass
class CleanItem:
    """A validated item, ready to be written to a ServiceItemPage and its child rows."""

    code: str
    title: str
    department: str
    themes: list
    fields: dict
    materials: list = field(default_factory=list)
    fee_items: list = field(default_factory=list)
    legal_bases: list = field(default_factory=list)
    steps: list = field(default_factory=list)
    special_steps: list = field(default_factory=list)
    faqs: list = field(default_factory=list)
    prerequisites: list = field(default_factory=list)
    # Document references (file names as exported) resolved when the item is written.
    result_sample: str = ""


class ItemChecker:
    """Collects every error of one item instead of stopping at the first."""

    def __init__(self, raw, row):
        self.raw = raw
        self.row = row
        self.errors = []
        self.warnings = []

    def error(self, label, message, row=None):
        self.errors.append(RowError(row or self.row, label, message))

    def warn(self, label, message, row=None):
        """Something a person should look at, which does not stop the import."""
        self.warnings.append(f"{row or self.row}：{label}{message}")

    # ---- scalar helpers: each returns the clean value, or None after recording an error
    def text(self, value, label, limit=None, required=False, row=None):
        if value is None:
            value = ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # a phone number typed as a number in a spreadsheet
        if not isinstance(value, str):
            self.error(label, "应为文字。", row)
            return None
        value = value.strip()
        if required and not value:
            self.error(label, "不能为空。", row)
            return None
        if limit and len(value) > limit:
            self.error(label, f"不能超过 {limit} 个字（现为 {len(value)} 个字）。", row)
            return None
        return value

    def integer(self, value, label, minimum=0, row=None, nullable=False):
        if value is None or value == "":
            if nullable:
                return None
            self.error(label, "不能为空，应为整数。", row)
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(label, f"应为整数，收到“{value}”。", row)
            return None
        if value < minimum:
            self.error(label, f"不能小于 {minimum}。", row)
            return None
        if value > 32767:
            self.error(label, "数值过大。", row)
            return None
        return value

    def boolean(self, value, label, default, row=None):
        if value is None or value == "":
            return default
        if not isinstance(value, bool):
            self.error(label, f"应为“是”或“否”（JSON 中为 true/false），收到“{value}”。", row)
            return None
        return value

    def choice(self, value, label, choices, default=None, row=None):
        if (value is None or value == "") and default is not None:
            return default
        allowed = [c.value for c in choices]
        if value not in allowed:
            self.error(label, f"“{value}”不是有效取值，应为：{'、'.join(allowed)}。", row)
            return None
        return value

    def string_list(self, value, label, limit=None):
        if value is None or value == "":
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(label, "应为文字列表。")
            return None
        cleaned = [v.strip() for v in value if v.strip()]
        for v in cleaned:
            if limit and len(v) > limit:
                self.error(label, f"“{v[:20]}…”不能超过 {limit} 个字。")
                return None
        return list(dict.fromkeys(cleaned))

    def object_list(self, value, label):
        if value is None or value == "":
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.error(label, "应为对象列表。")
            return []
        return value

    def sub_row(self, obj, label, index):
        """Where a child row lives: its own xlsx sheet row when known, else 第 n 项 of the item."""
        return obj.get("_row") or f"{self.row} {label}第 {index} 项"


def check_item(raw, row):
    """Validate one raw item. Returns (CleanItem or None, [RowError], [warning text])."""
    if not isinstance(raw, dict):
        return None, [RowError(row, "", "每个事项应为一个 JSON 对象（{...}）。")], []
    c = ItemChecker(raw, row)
    warnings = [f"{row}：未识别的字段“{key}”，已忽略。" for key in raw if key not in KNOWN_KEYS and not key.startswith("_")]
    for key in REQUIRED_KEYS:
        if key not in raw or raw[key] is None or raw[key] == "" or raw[key] == []:
            c.error(ITEM_LABELS[key], f"缺少必填字段（{key}）。")
    if c.errors:
        return None, c.errors, warnings

    code = c.text(raw["code"], "事项编码", max_length(ServiceItemPage, "item_code"), required=True)
    if code:
        try:
            item_code_validator(code)
        except ValidationError as exc:
            c.error("事项编码", f"“{code}”：{exc.messages[0]}")
    title = c.text(raw["name"], "事项名称", max_length(ServiceItemPage, "title"), required=True)
    department = c.text(raw["department"], "实施主体", max_length(Department, "name"), required=True)
    themes = c.string_list(raw.get("themes"), "主题分类", max_length(Theme, "name"))
    fields = _item_fields(c, raw)
    item = CleanItem(code=code, title=title, department=department, themes=themes, fields=fields)
    item.legal_bases = _legal_bases(c, raw)
    item.materials = _materials(c, raw.get("materials"))
    item.fee_items = _fees(c, raw, fields)
    item.steps = _steps(c, raw.get("steps"))
    item.special_steps = _special_steps(c, raw.get("special_steps"))
    item.faqs = _faqs(c, raw.get("faqs"))
    item.prerequisites = c.string_list(raw.get("prerequisites"), "前置事项") or []
    if code and code in item.prerequisites:
        c.error("前置事项", "事项不能以自己为前置事项。")
    item.result_sample = c.text(raw.get("result_sample"), "结果样本") or ""
    if not c.errors:
        _check_rules(c, fields, item.fee_items)
    return (None if c.errors else item), c.errors, warnings + c.warnings


def _item_fields(c, raw):
    fields = {
        "item_type": c.choice(raw["item_type"], "事项类型", ItemType),
        "processing_kind": c.choice(raw["processing_kind"], "办件类型", ProcessingKind),
        "status": c.choice(raw.get("status"), "事项状态", ItemStatus, default=ItemStatus.ACTIVE.value),
        "legal_limit_days": c.integer(raw.get("legal_limit_days"), "法定办结时限", nullable=True),
        "promised_limit_days": c.integer(raw["promised_limit_days"], "承诺办结时限"),
        "visits": c.integer(raw.get("visits", 1), "到现场次数"),
        "is_online": c.boolean(raw.get("online"), "是否网办", False),
        "is_reservable": c.boolean(raw.get("reservable"), "是否可预约", False),
        "effective_date": _date(c, raw.get("effective_date")),
    }
    for key, model_field in TEXT_FIELDS.items():
        fields[model_field] = c.text(raw.get(key), ITEM_LABELS[key], max_length(ServiceItemPage, model_field))
    if not fields["version"]:
        fields["version"] = "1.0"
    audience = c.string_list(raw["audience"], "服务对象")
    if audience is not None:
        allowed = [a.value for a in Audience]
        bad = [a for a in audience if a not in allowed]
        if bad:
            c.error("服务对象", f"“{'、'.join(bad)}”不是有效取值，应为：{'、'.join(allowed)}。")
        fields["serves_individuals"] = Audience.INDIVIDUAL.value in audience
        fields["serves_legal_persons"] = Audience.LEGAL_PERSON.value in audience
    return fields


def _date(c, value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        c.error("生效日期", f"“{value}”不是有效日期，应为 YYYY-MM-DD 格式，如 2026-01-01。")
        return None


def _legal_bases(c, raw):
    detailed = c.object_list(raw.get("legal_bases"), "设定依据条文")
    rows = []
    if detailed:
        for i, obj in enumerate(detailed, 1):
            where = c.sub_row(obj, "设定依据条文", i)
            rows.append({
                "law_name": c.text(obj.get("law_name"), "法律法规名称", max_length(LegalBasis, "law_name"), True, where),
                "article": c.text(obj.get("article"), "条款", max_length(LegalBasis, "article"), row=where),
                "excerpt": c.text(obj.get("excerpt"), "条文摘录", row=where),
            })
        _unknown_sub_keys(c, detailed, "设定依据条文", LEGAL_BASIS_LABELS)
        return rows
    basis = c.text(raw.get("basis"), "设定依据")
    for line in (basis or "").splitlines():
        if not line.strip():
            continue
        law_name, article = parse_citation(line)
        if len(law_name) > max_length(LegalBasis, "law_name") or len(article) > max_length(LegalBasis, "article"):
            c.error("设定依据", f"“{line[:30]}…”过长：法律法规名称不超过 200 字，条款不超过 100 字。")
            continue
        rows.append({"law_name": law_name, "article": article, "excerpt": ""})
    return rows


def _materials(c, value):
    rows = []
    for i, obj in enumerate(c.object_list(value, "申请材料"), 1):
        where = c.sub_row(obj, "申请材料", i)
        row = {
            "name": c.text(obj.get("name"), "材料名称", max_length(Material, "name"), True, where),
            "form": c.choice(obj.get("form"), "材料形式", MaterialForm, MaterialForm.ORIGINAL.value, where),
            "copies": c.integer(obj.get("copies", 1), "份数", minimum=1, row=where),
            "required": c.boolean(obj.get("required"), "是否必须", True, where),
            "condition": c.text(obj.get("condition"), "提交条件", max_length(Material, "condition"), row=where),
            **_source(c, obj, where),
            "signer": c.text(obj.get("signer"), "签字盖章要求", max_length(Material, "signer"), row=where),
            "specification": c.text(obj.get("specification"), "规格说明", max_length(Material, "specification"), row=where),
            "blank_form": c.text(obj.get("blank_form"), "空白表格", row=where) or "",
            "sample": c.text(obj.get("sample"), "示范文本", row=where) or "",
        }
        # Material.clean() asks editors for the condition of a conditional material; real
        # catalogues often leave it out, and a person can judge: a warning, not a rejection.
        if row["required"] is False and row["condition"] == "":
            c.warn("提交条件", "：非必须材料未写明提交条件，已照原样导入，请核实后补充（如“已婚的提供”）。", where)
        rows.append(row)
    _unknown_sub_keys(c, value, "申请材料", MATERIAL_LABELS)
    return rows


def _source(c, obj, where):
    """来源渠道: the guide's wording as given, filed under the standard's category (given as
    source_category, else derived from the wording; docs/domain.md §1)."""
    wording = c.text(obj.get("source"), "来源渠道", max_length(Material, "source_text"), row=where) or ""
    if obj.get("source_category") not in (None, ""):
        category = c.choice(obj.get("source_category"), "来源渠道类别", MaterialSource, row=where)
    else:
        category, clear = classify_source(wording)
        if not clear:
            c.warn("来源渠道", f"：“{wording}”未能明确归类，已记为“其他”，请核实。", where)
    return {"source": category, "source_text": "" if wording == category else wording}


def _fees(c, raw, fields):
    fee = raw.get("fee") or {}
    if not isinstance(fee, dict):
        c.error("收费", "应为对象：{\"charged\": true/false, \"items\": [...], \"basis\": \"...\"}。")
        fee = {}
    fields["is_charged"] = c.boolean(fee.get("charged"), "是否收费", False)
    fields["fee_basis"] = c.text(fee.get("basis"), "收费依据")
    rows = []
    for i, obj in enumerate(c.object_list(fee.get("items"), "收费项目"), 1):
        where = c.sub_row(obj, "收费项目", i)
        rows.append({
            "name": c.text(obj.get("name"), "收费项目", max_length(FeeItem, "name"), True, where),
            "amount": _amount(c, obj.get("amount"), where),
            "unit": c.text(obj.get("unit"), "单位", max_length(FeeItem, "unit"), row=where) or "元/件",
        })
    _unknown_sub_keys(c, fee.get("items"), "收费项目", FEE_ITEM_LABELS)
    return rows


def _amount(c, value, where):
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        c.error("金额", f"应为数字（元），收到“{value}”。", where)
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        c.error("金额", f"“{value}”不是有效金额。", where)
        return None
    if not amount.is_finite():  # NaN/Infinity: JSON readers and xlsx cells can carry them
        c.error("金额", f"“{value}”不是有效金额。", where)
        return None
    if amount.as_tuple().exponent < -2 or abs(amount) >= Decimal("1e8"):
        c.error("金额", "金额最多两位小数、不超过 1 亿元。", where)
        return None
    return amount


def _steps(c, value):
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        c.error("办理流程", "应为步骤列表（每步一个字符串，或 {\"title\": ..., \"description\": ...}）。")
        return []
    rows = []
    for i, step in enumerate(value, 1):
        where = f"{c.row} 办理流程第 {i} 步"
        if isinstance(step, str):
            step = {"title": step}
        if not isinstance(step, dict):
            c.error("办理流程", "每一步应为文字。", where)
            continue
        rows.append({
            "title": c.text(step.get("title"), "步骤名称", max_length(ProcessStep, "title"), True, where),
            "description": c.text(step.get("description"), "步骤说明", row=where),
        })
    return rows


def _special_steps(c, value):
    rows = []
    for i, obj in enumerate(c.object_list(value, "特殊环节"), 1):
        where = c.sub_row(obj, "特殊环节", i)
        rows.append({
            "kind": c.choice(obj.get("kind"), "环节", SpecialStepKind, row=where),
            "limit_days": c.integer(obj.get("limit_days", 0), "时限", row=where),
            "counts_in_limit": c.boolean(obj.get("counts_in_limit"), "计入办结时限", False, where),
            "description": c.text(obj.get("description"), "说明", max_length(SpecialStep, "description"), row=where),
        })
    _unknown_sub_keys(c, value, "特殊环节", SPECIAL_STEP_LABELS)
    return rows


def _faqs(c, value):
    rows = []
    for i, obj in enumerate(c.object_list(value, "常见问题"), 1):
        where = c.sub_row(obj, "常见问题", i)
        rows.append({
            "question": c.text(obj.get("question"), "问题", max_length(FAQ, "question"), True, where),
            "answer": c.text(obj.get("answer"), "解答", required=True, row=where),
        })
    _unknown_sub_keys(c, value, "常见问题", FAQ_LABELS)
    return rows


def _unknown_sub_keys(c, value, label, labels):
    """Child objects are small and fully specified: an unknown key there is almost always a typo."""
    if not isinstance(value, list):
        return
    for i, obj in enumerate(value, 1):
        if isinstance(obj, dict):
            for key in obj:
                if key not in labels and not key.startswith("_"):
                    c.error(key, f"未识别的字段“{key}”，可用字段：{'、'.join(labels)}。", c.sub_row(obj, label, i))


def _check_rules(c, fields, fee_items):
    """The shared catalogue rules (承诺时限 ≤ 法定时限, 即办件 = 0, 收费依据…)."""
    errors = limit_errors(fields["processing_kind"], fields["legal_limit_days"], fields["promised_limit_days"])
    errors.update(fee_errors(fields["is_charged"], [f["amount"] for f in fee_items], fields["fee_basis"]))
    for model_field, message in errors.items():
        c.error(RULE_FIELD_LABELS.get(model_field, model_field), message)


__all__ = ["CleanItem", "check_item"]
