"""Redaction of personal data in free text before it is published or shown to a department.

Letters (信件公开), rating comments and the rectification ledger are published; their text is
written by citizens and carries whatever they typed. docs/domain.md "## 投诉与信件" sets the rule:
phone 138****1234, ID number keeps the first 2 and last 3 characters, address kept to 街道 level,
and names, e-mail addresses and plate numbers masked.

Citizens type numbers in many shapes, so detection looks through full-width digits
(１３８…), spaces and dashes inside numbers (138 1234 5678, 0571-8888 8888) and 15-digit
old-style ID numbers. Full-width characters are mapped one-to-one to ASCII before matching,
so match positions are positions in the original text and the rest of it is left untouched.
"""

import re
from dataclasses import dataclass

from .masking import mask_id_number, mask_name, mask_phone

MASK = "****"

# One-to-one (same length) mapping of full-width digits, letters and the signs used inside
# numbers and e-mail addresses; Chinese punctuation such as ，：（ is not touched.
_FULL_WIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULL_WIDTH.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_FULL_WIDTH.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_FULL_WIDTH.update({"－": "-", "＋": "+", "＠": "@", "．": ".", "　": " ", "＿": "_", "—": "-", "‐": "-", "–": "-"})
_FOLD = str.maketrans(_FULL_WIDTH)

SEP = r"[ \-]?"  # one space or dash may sit between any two digits
DIGIT_RUN = r"\d(?:" + SEP + r"\d)"


def _digits(text):
    return re.sub(r"\D", "", text)


def _tail_letter(text):
    return text[-1].upper() if text and text[-1] in "Xx" else ""


def _mask_id(match_text):
    chars = _digits(match_text) + _tail_letter(match_text)
    return mask_id_number(chars)


def _mask_mobile(match_text):
    digits = _digits(match_text)
    return mask_phone(digits[-11:])


def _mask_landline(match_text):
    """0571-88881234 → 0571-****1234: the area code stays (it is public), the number goes."""
    digits = _digits(match_text)
    area_len = 3 if digits[:2] in ("01", "02") else 4
    area, number = digits[:area_len], digits[area_len:]
    return f"{area}-{'*' * (len(number) - 4)}{number[-4:]}"


def _mask_email(match_text):
    local, _, domain = match_text.partition("@")
    return f"{local[:1]}{MASK}@{domain}"


def _mask_plate(match_text):
    compact = re.sub(r"[·•.\- ]", "", match_text)
    return f"{compact[:2]}{'*' * (len(compact) - 2)}"


# ID numbers: 18 characters (17 digits + digit/X) and 15-digit old IDs; with spaces or dashes.
ID_18 = re.compile(r"(?<![\dA-Za-z])\d(?:" + SEP + r"\d){16}" + SEP + r"[\dXx](?![\dA-Za-z])")
ID_15 = re.compile(r"(?<![\dA-Za-z])[1-9](?:" + SEP + r"\d){14}(?![\dA-Za-z])")
# Bank-card-like runs of 16–19 digits are personal too; masked like an ID.
LONG_NUMBER = re.compile(r"(?<![\dA-Za-z])\d(?:" + SEP + r"\d){15,18}(?![\dA-Za-z])")
MOBILE = re.compile(r"(?<![\dA-Za-z])(?:(?:\+|00)?86" + SEP + r")?1[3-9](?:" + SEP + r"\d){9}(?![\dA-Za-z])")
LANDLINE = re.compile(
    r"(?<![\dA-Za-z])(?:\(0\d{2,3}\)|0\d{2,3})" + SEP + r"[2-9](?:" + SEP + r"\d){6,7}(?![\dA-Za-z])"
)
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE = re.compile(
    r"(?<![A-Za-z0-9])[" + PROVINCES + r"][A-HJ-NP-Za-hj-np-z][·•.\- ]?[A-HJ-NP-Za-hj-np-z0-9]{4,5}[A-HJ-NP-Za-hj-np-z0-9挂学警]"
    r"(?![A-Za-z0-9])"
)

# Addresses: what lies below 街道/乡/镇 (roads, villages, estates, house numbers) is private.
_NAME = r"[\u4e00-\u9fa5]"
_PLACE_NAME = r"[^\W\d_省市县区镇乡街路巷弄号栋幢室楼村组在住于是的和与及到往从向对]"
_PLACE_SUFFIX = r"(?:大道|大街|路|街(?!道)|巷|弄|胡同|村|社区|小区|花园|公寓|大厦|新村|家园|苑|组)"
_NUMBER_PART = r"(?:[\dA-Za-z]+(?:-[\dA-Za-z]+)*" + SEP + r"(?:号楼|号院|号|栋|幢|座|单元|室|楼|层|弄|组|户))"
# After an administrative unit at 街道/乡/镇 level: everything address-like that follows.
BELOW_TOWNSHIP = re.compile(
    r"(?P<keep>街道|镇|乡)(?P<detail>" + _PLACE_NAME + r"{1,10}?" + _PLACE_SUFFIX + r"(?:" + _NAME + r"{0,8}?"
    + _PLACE_SUFFIX + r")*(?:" + SEP + _NUMBER_PART + r")*)"
)
# A road/estate with a house number anywhere in the text: 人民路18号3单元502室.
NUMBERED_ADDRESS = re.compile(
    r"(?P<place>" + _PLACE_NAME + r"{1,8}?" + _PLACE_SUFFIX + r")?" + SEP + _NUMBER_PART + r"(?:" + SEP + _NUMBER_PART + r")*"
)
# A bare "2号" is a window or a date, not an address: a building part (栋/单元/室) or a named
# road/estate before the number is what makes it one.
_BUILDING_PART = re.compile(r"\d\s*(?:栋|幢|单元|室)")

# A name introduced in the text: 我叫张三, 本人李四, 姓名：王五.
NAME_INTRO = re.compile(r"(?P<keep>我叫|名叫|本人(?:姓名)?[是为]?|姓名[:：是为]?)\s*(?P<name>[\u4e00-\u9fa5·]{2,4}?)(?=[，,。；;、\s（(]|$|先生|女士)")


@dataclass(frozen=True)
class Finding:
    kind: str  # 手机号码, 固定电话, 身份证号码, 电子邮箱, 车牌号码, 地址, 姓名
    start: int
    end: int
    replacement: str


def _findings(folded, names):
    """Every personal-data span, most specific detectors first; overlaps go to the earlier one."""
    found = []

    def add(kind, start, end, replacement):
        if start < end and not any(f.start < end and start < f.end for f in found):
            found.append(Finding(kind, start, end, replacement))

    for m in EMAIL.finditer(folded):
        add("电子邮箱", m.start(), m.end(), _mask_email(m.group()))
    for pattern in (ID_18, ID_15, LONG_NUMBER):
        for m in pattern.finditer(folded):
            add("身份证号码", m.start(), m.end(), _mask_id(m.group()))
    for m in MOBILE.finditer(folded):
        add("手机号码", m.start(), m.end(), _mask_mobile(m.group()))
    for m in LANDLINE.finditer(folded):
        add("固定电话", m.start(), m.end(), _mask_landline(m.group()))
    for m in PLATE.finditer(folded):
        add("车牌号码", m.start(), m.end(), _mask_plate(m.group()).upper())
    for m in BELOW_TOWNSHIP.finditer(folded):
        add("地址", m.start("detail"), m.end("detail"), MASK)
    for m in NUMBERED_ADDRESS.finditer(folded):
        if m.group("place") or _BUILDING_PART.search(m.group()):
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            add("地址", start, m.end(), MASK)
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        for m in re.finditer(re.escape(name), folded):
            add("姓名", m.start(), m.end(), mask_name(name))
    for m in NAME_INTRO.finditer(folded):
        add("姓名", m.start("name"), m.end("name"), mask_name(m.group("name")))
    return sorted(found, key=lambda f: f.start)


def find_personal_data(text, names=()):
    """The personal data found in text, as Findings (for staff to review before publishing)."""
    return _findings((text or "").translate(_FOLD), names)


def redact(text, names=()):
    """text with every phone number, ID number, e-mail, plate, address detail below 街道 level,
    and each of `names` (and names introduced as 我叫…/姓名：…) masked."""
    text = text or ""
    out, position = [], 0
    for finding in find_personal_data(text, names):
        out.append(text[position:finding.start])
        out.append(finding.replacement)
        position = finding.end
    out.append(text[position:])
    return "".join(out)


# An address field as a whole: keep the administrative units down to 街道/乡/镇, mask the rest.
_UNIT = r"[^\W\d_路街巷弄号栋幢室楼村组小]{1,10}?"
ADDRESS_PREFIX = re.compile(
    r"^(?:" + _UNIT + r"(?:省|自治区))?(?:" + _UNIT + r"(?:自治州|市|州|盟|地区))?(?:" + _UNIT
    + r"(?:县|区|旗|市))?(?:" + _UNIT + r"(?:街道|镇|乡))?"
)


def mask_address(address):
    """示范县城关镇人民路18号 → 示范县城关镇****; an address with no recognisable units → ****."""
    address = (address or "").strip()
    if not address:
        return ""
    kept = ADDRESS_PREFIX.match(address.translate(_FOLD)).group()
    return kept + MASK if len(kept) < len(address) else kept
