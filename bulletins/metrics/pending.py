"""Metrics of docs/domain.md §每月运行情况通报 whose data this installation does not record yet.

Listed only so that the open-data page can say plainly which keys are absent and why; no value
is ever published for them. A key leaves this list as soon as a registered source provides it.
"""

from .registry import metric_map

PLANNED = {
    "visits": ("预约取号", ["bookings", "no_show_rate", "avg_wait_minutes"]),
    "ratings": ("好差评", ["ratings", "satisfaction_rate", "bad_ratings", "rectified_on_time_rate"]),
    "letters": ("投诉咨询", ["letters_received", "letters_on_time_rate", "complaints_received", "complaints_substantiated",
                            "complaints_answered_on_time", "complaints_on_time_rate"]),
}


def pending_keys():
    """[{"source", "label", "keys"}] for planned metrics no registered source provides."""
    provided = set(metric_map())
    out = []
    for source, (label, keys) in PLANNED.items():
        missing = [k for k in keys if k not in provided]
        if missing:
            out.append({"source": source, "label": label, "keys": missing})
    return out
