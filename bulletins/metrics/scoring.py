"""Rankings and the month's best windows (月度最佳窗口), with the published formula.

Composite score (0–100) of a window = the weighted mean of the components below that have a
value for it this month: 按时办结率 × 40 %, 提前办结率 × 20 %, 满意率 × 40 %. A component
whose data is not recorded (or has no cases) is left out and the remaining weights are rescaled,
so no figure is ever assumed. A window needs at least MIN_CLOSED cases closed in the month to be
scored. Best windows: score ≥ BEST_THRESHOLD, highest first, at most about BEST_SHARE of the
windows with figures (at least one).
"""

import math

from .registry import active_sources, metric_map

COMPOSITE = (("on_time_rate", 40), ("early_rate", 20), ("satisfaction_rate", 40))
BEST_THRESHOLD = 90
BEST_SHARE = 0.2
MIN_CLOSED = 10
RANKED = ("on_time_rate", "satisfaction_rate", "letters_on_time_rate")


def formula():
    known = metric_map()
    parts = [f"{known[key].label if key in known else key} × {weight}%" for key, weight in COMPOSITE]
    return {
        "text": "综合得分 = " + " + ".join(parts) + "（缺少数据的分项不计，其余分项按权重折算为百分制）",
        "weights": dict(COMPOSITE),
        "threshold": BEST_THRESHOLD,
        "share": BEST_SHARE,
        "min_closed": MIN_CLOSED,
        "rule": f"当月办结不少于 {MIN_CLOSED} 件的窗口参评；综合得分不低于 {BEST_THRESHOLD} 分，"
                f"按得分从高到低评选，名额不超过参评窗口数的 {int(BEST_SHARE * 100)}%（至少 1 个）。",
    }


def composite_score(figures):
    if (figures.get("closed") or 0) < MIN_CLOSED:
        return None
    present = [(figures[key], weight) for key, weight in COMPOSITE if figures.get(key) is not None]
    if not present:
        return None
    return round(sum(v * w for v, w in present) / sum(w for _, w in present), 1)


def _ranked(rows, key, reverse=True):
    scored = [(row["current"].get(key), row) for row in rows if row["current"].get(key) is not None]
    scored.sort(key=lambda pair: (-pair[0] if reverse else pair[0], pair[1]["name"]))
    out, previous, rank = [], None, 0
    for position, (value, row) in enumerate(scored, start=1):
        if value != previous:
            rank, previous = position, value
        out.append({"rank": rank, "id": row["id"], "name": row.get("short_name") or row["name"], "value": value})
    return out


def rankings(departments, windows):
    known = metric_map()
    result = {"departments": {}, "windows": []}
    for key in RANKED:
        if key in known:
            result["departments"][key] = _ranked(departments, key)
    for row in windows:
        row["current"]["composite_score"] = composite_score(row["current"])
    result["windows"] = _ranked(windows, "composite_score")
    return result


def best_windows(windows):
    scored = [row for row in windows if row["current"].get("composite_score") is not None]
    limit = max(1, math.floor(len(scored) * BEST_SHARE + 0.5)) if scored else 0
    winners = [row for row in scored if row["current"]["composite_score"] >= BEST_THRESHOLD]
    winners.sort(key=lambda row: (-row["current"]["composite_score"], -(row["current"].get("closed") or 0), row["name"]))
    return [{"id": row["id"], "name": row["name"], "score": row["current"]["composite_score"]} for row in winners[:limit]]


def window_names(ids):
    names = {}
    for source in active_sources():
        names.update(getattr(source, "window_names", lambda _ids: {})(ids))
    return {i: names.get(i, {"name": str(i)}) for i in sorted(ids, key=str)}
