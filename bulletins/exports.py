"""Open data: a published bulletin's figures as CSV, XLSX and JSON (and the same JSON at
/api/bulletins/YYYY-MM.json). Every format is built from the page's frozen snapshot, with the
page's own formatting rule for values, so the downloads and the page cannot disagree."""

import csv
import io

from django.http import HttpResponse, JsonResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from .presentation import PERIOD_LABELS, window_keys

DOWNLOAD_FORMATS = ("csv", "xlsx", "json")
SCOPES = (("total", "全中心"), ("departments", "部门"), ("windows", "窗口"), ("items", "事项"))


def _values(snapshot, figures):
    return {m["key"]: figures.get(m["key"]) for m in snapshot["metrics"]}


def _group(snapshot, row, extra=(), keys=None):
    out = {"code": row.get("code", ""), "name": row["name"]}
    for key in extra:
        if key in row:
            out[key] = row[key]
    values = _values(snapshot, row["current"])
    out.update(values if keys is None else {k: values[k] for k in keys})
    if "composite_score" in row["current"]:
        out["composite_score"] = row["current"]["composite_score"]
    return out


def api_payload(page):
    """Metric keys (English snake_case) at top level and per department, window and item."""
    snapshot = page.figures
    return {
        "month": snapshot["month"],
        "title": page.title,
        "url": page.full_url,
        "published_at": page.first_published_at.isoformat() if page.first_published_at else None,
        "as_of": snapshot["as_of"],
        "computed_at": snapshot["computed_at"],
        **_values(snapshot, snapshot["total"]["current"]),
        "previous_month": {"month": snapshot["periods"]["previous"]["month"], **_values(snapshot, snapshot["total"]["previous"])},
        "same_month_last_year": {"month": snapshot["periods"]["last_year"]["month"], **_values(snapshot, snapshot["total"]["last_year"])},
        "departments": [_group(snapshot, row) for row in snapshot["departments"]],
        "windows": [_group(snapshot, row, keys=window_keys(snapshot, _values(snapshot, {}))) for row in snapshot["windows"]],
        "items": [_group(snapshot, row, extra=("department",)) for row in snapshot["items"]],
        "best_windows": snapshot["best_windows"],
        "definitions": {m["key"]: {"label": m["label"], "unit": m["unit"], "definition": m["definition"]} for m in snapshot["metrics"]},
        "missing_metrics": [key for entry in snapshot["sources"]["pending"] for key in entry["keys"]],
    }


def table_rows(snapshot):
    """Long-to-wide rows: one per (scope, group, period), one column per metric."""
    keys = [m["key"] for m in snapshot["metrics"]]
    header = ["scope", "code", "name", "period", "month", *keys]
    labels = ["范围", "代码", "名称", "期间", "月份", *[m["label"] for m in snapshot["metrics"]]]
    per_window = set(window_keys(snapshot, keys))
    rows = []
    for scope, scope_label in SCOPES:
        groups = [{"code": "", "name": "全中心", **snapshot["total"]}] if scope == "total" else snapshot[scope]
        shown = per_window if scope == "windows" else set(keys)  # per window only what is recorded per window
        for group in groups:
            for period, period_label in PERIOD_LABELS.items():
                figures = group[period]
                rows.append([scope_label, group.get("code", ""), group["name"], period_label,
                             snapshot["periods"][period]["month"], *[figures.get(k) if k in shown else None for k in keys]])
    return header, labels, rows


def _csv(page):
    header, labels, rows = table_rows(page.figures)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerow(labels)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    # BOM so that Excel opens the Chinese text correctly.
    return HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")


def _xlsx(page):
    snapshot = page.figures
    header, labels, rows = table_rows(snapshot)
    book = Workbook()
    sheet = book.active
    sheet.title = "通报数据"
    sheet.append(labels)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "F3"
    notes = book.create_sheet("指标说明")
    notes.append(["指标", "英文键名", "单位", "定义"])
    for m in snapshot["metrics"]:
        notes.append([m["label"], m["key"], m["unit"], m["definition"]])
    for entry in snapshot["sources"]["pending"]:
        notes.append([f"暂无数据（{entry['label']}）", "、".join(entry["keys"]), "", "本系统尚未记录该类数据，未发布相应指标。"])
    out = io.BytesIO()
    book.save(out)
    return HttpResponse(out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def download_response(page, fmt):
    if fmt == "json":
        response = JsonResponse(api_payload(page), json_dumps_params={"ensure_ascii": False, "indent": 1})
    elif fmt == "csv":
        response = _csv(page)
    else:
        response = _xlsx(page)
    response["Content-Disposition"] = f'attachment; filename="bulletin-{page.month_key}.{fmt}"'
    return response
