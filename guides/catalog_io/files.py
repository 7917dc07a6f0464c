"""Reading and writing catalogue files: JSON arrays and .xlsx workbooks with Chinese headers.

Readers return items in the JSON exchange format plus a row label for each ("第 3 条",
"事项 工作表第 5 行"), so every error can name the exact place to fix. Writers produce
byte-stable files (sorted items, fixed timestamps) so export → import → export is identical.
"""

import datetime
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException

from .errors import CatalogImportError, RowError
from .schema import (
    CHILD_SHEETS,
    CODE_HEADER,
    ITEM_COLUMNS,
    ITEM_SHEET,
    REQUIRED_CHILD_HEADERS,
    REQUIRED_ITEM_HEADERS,
)

FORMATS = (".json", ".xlsx")
LIST_SEPARATORS = re.compile(r"[、,，;；\n]")
FIXED_TIMESTAMP = datetime.datetime(2000, 1, 1)  # noqa: DTZ001 - a constant, not a moment


def file_format(path):
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise CatalogImportError(
            [RowError("文件", "", f"不支持的文件类型“{suffix or '（无扩展名）'}”，请使用 .json 或 .xlsx。")],
            header="无法处理该文件",
        )
    return suffix


def read_catalog_file(path):
    """Returns (items, row labels). Raises CatalogImportError for unreadable or malformed files."""
    path = Path(path)
    suffix = file_format(path)
    if not path.is_file():
        raise CatalogImportError([RowError("文件", "", f"找不到文件 {path}。")], header="无法读取文件")
    if suffix == ".json":
        return read_json(path.read_bytes()), None
    return read_xlsx(path)


def read_json(data):
    try:
        items = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _file_error("文件不是 UTF-8 编码的文本，请另存为 UTF-8 后重试。") from None
    except json.JSONDecodeError as exc:
        raise _file_error(f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列附近有语法错误。") from None
    if not isinstance(items, list):
        raise _file_error("JSON 文件的最外层应为事项数组（[...]），而不是单个对象或值。")
    if not items:
        raise _file_error("文件中没有任何事项。")
    return items


def _file_error(message):
    return CatalogImportError([RowError("文件", "", message)], header="无法读取文件")


# ---------------------------------------------------------------- xlsx reading
def read_xlsx(path):
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise _file_error("不是有效的 Excel (.xlsx) 文件，请用 Excel 或 WPS 另存为 .xlsx 后重试。") from None
    try:
        return _read_workbook(workbook)
    finally:
        workbook.close()


def _read_workbook(workbook):
    if ITEM_SHEET not in workbook.sheetnames:
        raise _file_error(f"缺少工作表“{ITEM_SHEET}”（现有：{'、'.join(workbook.sheetnames)}）。")
    errors = []
    columns = _columns(workbook[ITEM_SHEET], ITEM_SHEET, ITEM_COLUMNS, REQUIRED_ITEM_HEADERS, errors)
    items, labels, by_code = [], [], {}
    if columns is not None:
        for row_number, values in _data_rows(workbook[ITEM_SHEET]):
            label = f"{ITEM_SHEET} 工作表第 {row_number} 行"
            item = _row_to_dict(values, columns)
            items.append(item)
            labels.append(label)
            code = str(item.get("code") or "").strip()
            by_code.setdefault(code, item)
    for sheet, (target, spec) in CHILD_SHEETS.items():
        if sheet in workbook.sheetnames:
            _read_child_sheet(workbook[sheet], sheet, target, spec, by_code, errors)
    for item in items:
        # The 办理步骤 sheet carries descriptions: its rows replace the title-only column.
        step_rows = item.pop("_step_rows", None)
        if step_rows:
            item["steps"] = [{k: v for k, v in row.items() if k != "_row"} for row in step_rows]
    if errors:
        raise CatalogImportError(errors)
    if not items:
        raise _file_error(f"工作表“{ITEM_SHEET}”中没有任何事项。")
    return items, labels


def _columns(sheet, name, spec, required, errors):
    """Map column index → (key, kind) from the header row; report unknown/missing/duplicate headers."""
    header_row = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    headers = [str(h).strip() if h is not None else "" for h in header_row]
    known = {header: (key, kind) for header, key, kind in spec}
    columns, errors_before = {}, len(errors)
    for index, header in enumerate(headers):
        if not header:
            continue
        if header not in known:
            errors.append(RowError(f"{name} 工作表第 1 行", header, f"无法识别的表头“{header}”，可用表头：{'、'.join(known)}。"))
        elif header in [h for h, _ in columns.values()]:
            errors.append(RowError(f"{name} 工作表第 1 行", header, "表头重复。"))
        else:
            columns[index] = (header, known[header])
    present = {h for h, _ in columns.values()}
    for header in required:
        if header not in present:
            errors.append(RowError(f"{name} 工作表第 1 行", header, f"缺少必需的表头“{header}”。"))
    return columns if len(errors) == errors_before else None


def _data_rows(sheet):
    for row_number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), 2):
        if any(v not in (None, "") for v in values):
            yield row_number, values


def _row_to_dict(values, columns):
    result = {}
    for index, (_header, (key, kind)) in columns.items():
        value = values[index] if index < len(values) else None
        converted = _cell(value, kind)
        if "." in key:  # fee.charged → {"fee": {"charged": ...}}
            outer, inner = key.split(".")
            result.setdefault(outer, {})[inner] = converted
        else:
            result[key] = converted
    return result


def _cell(value, kind):
    """Convert a cell to its JSON shape; leave a value that does not fit for the validator to report."""
    if isinstance(value, str):
        value = value.strip()
    if value is None or value == "":
        return [] if kind in ("list、", "lines") else None
    if kind == "text":
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return value if isinstance(value, str) else str(value)
    if kind == "list、":
        return [part.strip() for part in LIST_SEPARATORS.split(str(value)) if part.strip()]
    if kind == "lines":
        return [line.strip() for line in str(value).splitlines() if line.strip()]
    if kind == "int":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.isdigit():
            return int(value)
        return value
    if kind == "bool":
        return {"是": True, "否": False}.get(value, value) if isinstance(value, str) else value
    if kind == "number":
        if isinstance(value, str):
            try:
                return Decimal(value)
            except ArithmeticError:
                return value
        return value
    if kind == "date":
        if isinstance(value, datetime.datetime):
            return value.date().isoformat()
        return value.isoformat() if isinstance(value, datetime.date) else value
    return value


def _read_child_sheet(sheet, name, target, spec, by_code, errors):
    code_spec = [(CODE_HEADER, "_code", "text"), *spec]
    columns = _columns(sheet, name, code_spec, (CODE_HEADER, *REQUIRED_CHILD_HEADERS[name]), errors)
    if columns is None:
        return
    for row_number, values in _data_rows(sheet):
        label = f"{name} 工作表第 {row_number} 行"
        row = _row_to_dict(values, columns)
        code = str(row.pop("_code") or "").strip()
        if code not in by_code:
            errors.append(RowError(label, CODE_HEADER, f"事项编码“{code}”不在“{ITEM_SHEET}”工作表中。"))
            continue
        row["_row"] = label
        item = by_code[code]
        if "." in target:
            outer, inner = target.split(".")
            item.setdefault(outer, {}).setdefault(inner, []).append(row)
        else:
            item.setdefault(target, []).append(row)


# ---------------------------------------------------------------- writing
def write_catalog_file(items, path):
    """Write exported items to `path` as .json or .xlsx (chosen by extension)."""
    suffix = file_format(path)
    data = dumps_json(items) if suffix == ".json" else dumps_xlsx(items)
    Path(path).write_bytes(data)


def _json_default(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def dumps_json(items):
    return (json.dumps(items, ensure_ascii=False, indent=2, default=_json_default) + "\n").encode("utf-8")


def dumps_xlsx(items):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ITEM_SHEET
    _write_sheet(sheet, [header for header, _, _ in ITEM_COLUMNS], [_item_row(item) for item in items])
    for name, (target, spec) in CHILD_SHEETS.items():
        rows = []
        for item in items:
            children = _steps_as_rows(item) if target == "_step_rows" else _get(item, target)
            for child in children or []:
                rows.append([item["code"], *(_to_cell(child.get(key), kind) for _, key, kind in spec)])
        if rows or name in ("申请材料", "收费项目"):
            _write_sheet(workbook.create_sheet(name), [CODE_HEADER, *(h for h, _, _ in spec)], rows)
    workbook.properties.creator = "示范县政务服务网"
    workbook.properties.created = workbook.properties.modified = FIXED_TIMESTAMP
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _normalise_zip(buffer.getvalue())


def _steps_as_rows(item):
    return [{"title": s, "description": ""} if isinstance(s, str) else s for s in item.get("steps") or []]


def _item_row(item):
    row = []
    for _, key, kind in ITEM_COLUMNS:
        value = _get(item, key)
        if key == "steps":
            value = [step if isinstance(step, str) else step["title"] for step in value or []]
        row.append(_to_cell(value, kind))
    return row


def _get(item, key):
    for part in key.split("."):
        item = (item or {}).get(part)
    return item


def _to_cell(value, kind):
    if value is None:
        return None
    if kind == "bool":
        return "是" if value else "否"
    if kind == "list、":
        return "、".join(value) or None
    if kind == "lines":
        return "\n".join(value) or None
    if isinstance(value, Decimal):
        return _json_default(value)
    return value if value != "" else None


def _write_sheet(sheet, headers, rows):
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and "\n" in cell.value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def _normalise_zip(data):
    """openpyxl stamps the zip entries and docProps with the current time; fix both so that
    exporting the same catalogue twice gives byte-identical files."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, content)
    return out.getvalue()
