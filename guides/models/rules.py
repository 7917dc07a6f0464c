"""Catalogue rules shared by the page editor, the importer and the model.

Each rule returns {field name: Chinese message}; an empty dict means the item is lawful.
Keeping them in one place means the admin form and `import_catalog` can never disagree.
"""

import re

from django.core.validators import RegexValidator

from .choices import ProcessingKind

ITEM_CODE_PATTERN = r"^[0-9A-Z][0-9A-Z-]{3,39}$"
item_code_validator = RegexValidator(
    ITEM_CODE_PATTERN,
    "事项编码只能由大写字母、数字和连字符组成，长度 4–40 位，且不能以连字符开头。",
)


def limit_errors(processing_kind, legal_limit_days, promised_limit_days):
    errors = {}
    if promised_limit_days is None:
        return {"promised_limit_days": "请填写承诺办结时限（工作日）。"}
    if legal_limit_days is not None and promised_limit_days > legal_limit_days:
        errors["promised_limit_days"] = (
            f"承诺办结时限（{promised_limit_days} 个工作日）不能超过法定办结时限（{legal_limit_days} 个工作日）。"
        )
    if processing_kind == ProcessingKind.IMMEDIATE and promised_limit_days != 0:
        errors["promised_limit_days"] = "即办件应当场办结，承诺办结时限必须为 0。"
    if processing_kind in (ProcessingKind.PROMISED, ProcessingKind.JOINT, ProcessingKind.FORWARDED) and promised_limit_days < 1:
        errors["promised_limit_days"] = f"{processing_kind}的承诺办结时限至少为 1 个工作日。"
    return errors


def fee_errors(is_charged, fee_amounts, fee_basis):
    """An item published as free must never be charged; a charged one needs its 收费依据."""
    if not is_charged:
        if fee_amounts:
            return {"is_charged": "事项标为“不收费”，不能填写收费项目；如需收费请勾选“收费”。"}
        return {}
    errors = {}
    if not fee_amounts:
        errors["is_charged"] = "收费事项必须至少填写一项收费项目（名称、金额、单位）。"
    elif any(amount is None or amount <= 0 for amount in fee_amounts):
        errors["is_charged"] = "收费项目的金额必须大于 0。"
    if not (fee_basis or "").strip():
        errors["fee_basis"] = "收费事项必须填写收费依据（文件名称及文号）。"
    return errors


CITATION_RE = re.compile(r"^\s*(《[^》]+》)\s*(.*?)\s*$")


def parse_citation(line):
    """Split "《中华人民共和国居民身份证法》第十一条" into (law name, article)."""
    match = CITATION_RE.match(line)
    if not match:
        return line.strip(), ""
    return match.group(1), match.group(2)


# 来源渠道 wording → category (docs/domain.md §1 申请材料). Each family lists words that say
# who provides the material; a wording naming exactly one family gets that category, one
# naming none or several is filed as 其他 and reported so a person can judge.
SOURCE_FAMILIES = (
    ("申请人自备", re.compile(r"自备|自行|申请人|本人|填写|填报|自带|自拟")),
    ("政府部门核发", re.compile(r"政府|部门|核发|窗口|政务服务|机关|[县市区]\S{0,8}局")),
    ("其他", re.compile(r"医疗|医院|助产|机构|银行|学校|单位|公司|中介|村|居委|社区|律师|公证|法院")),
)


def classify_source(wording):
    """(category, clear) for a 来源渠道 wording; `clear` is False when the text does not
    make the category plain and 其他 was chosen for want of better."""
    text = (wording or "").strip()
    if not text:
        return "申请人自备", True
    for category, _pattern in SOURCE_FAMILIES:
        if text == category:
            return category, True
    matched = {category for category, pattern in SOURCE_FAMILIES if pattern.search(text)}
    if len(matched) == 1:
        return matched.pop(), True
    return "其他", False
