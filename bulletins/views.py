"""Page contexts of the bulletin column and the open-data API (/api/bulletins/YYYY-MM.json)."""

from datetime import date

from django.http import JsonResponse

from . import charts, presentation
from .exports import DOWNLOAD_FORMATS, api_payload, download_response
from .metrics.pending import pending_keys
from .metrics.periods import Month
from .metrics.registry import metrics
from .metrics.scoring import formula

TREND_MONTHS = 12


def bulletin_context(page):
    snapshot = page.figures or {}
    if not snapshot:
        return {"snapshot": None}
    known = presentation.metric_index(snapshot)
    departments = snapshot["departments"]
    active = [d for d in departments if (d["current"].get("closed") or d["current"].get("submitted"))]
    context = {
        "snapshot": snapshot,
        "computed_at": snapshot["computed_at"][:16].replace("T", " "),
        "headline": presentation.summary_rows(snapshot, presentation.HEADLINE),
        "all_metrics": presentation.summary_rows(snapshot),
        "department_table": presentation.group_table(snapshot, departments, presentation.TABLE_COLUMNS),
        "window_table": presentation.group_table(snapshot, snapshot["windows"], presentation.window_keys(snapshot, presentation.TABLE_COLUMNS)) if snapshot["windows"] else None,
        "item_table": presentation.group_table(snapshot, snapshot["items"], presentation.ITEM_COLUMNS),
        "rankings": _rankings(snapshot, known),
        "best_windows": snapshot["best_windows"],
        "formula": formula(),
        "period_labels": snapshot["periods"],
        "downloads": [(fmt, f"/api/bulletins/{page.month_key}.{fmt}") for fmt in DOWNLOAD_FORMATS],
        "api_url": f"/api/bulletins/{page.month_key}.json",
    }
    if "closed" in known:
        context["closed_chart"] = charts.bar_chart(
            f"{snapshot['label']}各部门办结量", [(d["short_name"], d["current"].get("closed")) for d in active], "件")
    if "on_time_rate" in known:
        context["on_time_chart"] = charts.bar_chart(
            f"{snapshot['label']}各部门按时办结率", [(d["short_name"], d["current"].get("on_time_rate")) for d in active], "%", 100)
        context["on_time_rows"] = [(d["short_name"], presentation.format_value(known["on_time_rate"], d["current"].get("on_time_rate")),
                                    presentation.format_value(known["closed"], d["current"].get("closed"))) for d in active]
    return context


def _rankings(snapshot, known):
    out = []
    for key, rows in snapshot["rankings"]["departments"].items():
        if key in known:
            out.append({"metric": known[key], "rows": [
                {**row, "text": presentation.format_value(known[key], row["value"])} for row in rows]})
    return out


def overview_context(index_page):
    """The latest bulletin and 12-month trends, read from published snapshots only."""
    from .models import BulletinPage

    published = list(index_page.published_bulletins()[:TREND_MONTHS])
    latest = published[0] if published else None
    by_month = {p.month: p for p in published}
    context = {"latest": latest, "years": _years(index_page), "trend": None}
    if latest:
        end = Month.of(latest.month)
        months = [end.minus(n) for n in reversed(range(TREND_MONTHS))]
        rows = []
        for m in months:
            page = by_month.get(m.first_day)
            total = page.figures["total"]["current"] if page else {}
            rows.append({"month": m, "label": f"{m.month}月" if m.month != 1 else f"{m.year}年1月", "page": page,
                         "closed": total.get("closed"), "on_time_rate": total.get("on_time_rate"),
                         "submitted": total.get("submitted"), "online_rate": total.get("online_rate")})
        context["trend"] = {
            "rows": rows,
            "closed_chart": charts.trend_chart("近12个月办结量", [(r["label"], r["closed"]) for r in rows], "件"),
            "on_time_chart": charts.trend_chart("近12个月按时办结率", [(r["label"], r["on_time_rate"]) for r in rows], "%"),
        }
    context["bulletin_count"] = BulletinPage.objects.live().child_of(index_page).count()
    return context


def _years(index_page):
    months = index_page.published_bulletins().values_list("month", flat=True)
    return sorted({m.year for m in months}, reverse=True)


def archive_context(index_page, year):
    pages = list(index_page.published_bulletins().filter(month__gte=date(year, 1, 1), month__lt=date(year + 1, 1, 1)))
    if not pages:
        return None
    return {"year": year, "bulletins": pages, "years": _years(index_page)}


def open_data_context(index_page):
    latest = index_page.published_bulletins().first()
    return {
        "metrics": metrics(),
        "pending": pending_keys(),
        "latest": latest,
        "example_url": f"/api/bulletins/{latest.month_key}.json" if latest else "/api/bulletins/YYYY-MM.json",
        "formula": formula(),
    }


def _published(month):
    """(page, None) for a published month, else (None, Chinese reason)."""
    from .models import BulletinPage

    try:
        parsed = Month.parse(month)
    except ValueError as exc:
        return None, str(exc)
    page = BulletinPage.objects.live().filter(month=parsed.first_day).first()
    return (page, None) if page else (None, f"{parsed.label}的运行情况通报尚未发布。")


def bulletin_api(request, month):
    """GET /api/bulletins/YYYY-MM.json: a published bulletin's figures; 404 in Chinese otherwise."""
    page, reason = _published(month)
    if page is None:
        return _not_found(reason)
    response = JsonResponse(api_payload(page), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


def bulletin_download(request, month, fmt):
    """GET /api/bulletins/YYYY-MM.csv|xlsx: the same figures as files."""
    if fmt not in DOWNLOAD_FORMATS:
        return _not_found("仅提供 CSV、XLSX、JSON 三种格式。")
    page, reason = _published(month)
    if page is None:
        return _not_found(reason)
    return download_response(page, fmt)


def _not_found(message):
    return JsonResponse({"error": "not_found", "message": message}, status=404, json_dumps_params={"ensure_ascii": False})
