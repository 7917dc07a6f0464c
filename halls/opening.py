"""When a hall is open: the sessions of one day, and a readable summary for guide pages.

Rules (docs/domain.md “预约与叫号”):
- Closures (闭厅) win over everything.
- On a working day (workdays calendar: Mon–Fri, holidays off, 调休 make-up days on) the hall's
  REGULAR sessions apply; rows for that weekday replace the every-working-day rows; with no
  REGULAR rows at all the default 9:00–12:00 and 14:00–18:00 apply.
- On any other day only EXTRA sessions for that weekday apply (周六轮值), and never on a
  statutory holiday (a Saturday inside the National Day break is not a rotation Saturday).
"""

from dataclasses import dataclass, field
from datetime import date, time

from workdays.calendar import is_working_day

from .models import DEFAULT_SESSIONS, WEEKDAY_NAMES, Hall, SessionKind


@dataclass(frozen=True)
class OpenPeriod:
    start: time
    end: time
    # Window pks open in this period; empty = every window of the hall.
    window_ids: frozenset = field(default_factory=frozenset)
    is_extra: bool = False

    def serves(self, window_ids):
        """True when at least one of window_ids is open in this period."""
        return not self.window_ids or bool(self.window_ids & set(window_ids))


def is_statutory_holiday(day: date) -> bool:
    """法定节假日 including weekend days of a holiday break, from the chinesecalendar package
    (the workdays calendar stores only exceptions to the weekday rule, not holiday weekends).
    Years the package does not know count as no holiday."""
    import chinese_calendar

    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return False
    return bool(on_holiday and name)


def closure_on(hall: Hall, day: date):
    """The HallClosure covering day, or None."""
    for closure in hall.closures.all():
        if closure.start_date <= day <= closure.end_date:
            return closure
    return None


def periods_on(hall: Hall, day: date) -> list[OpenPeriod]:
    """The open periods of hall on day, in time order (empty when closed)."""
    if not hall.active or closure_on(hall, day) is not None:
        return []
    sessions = list(hall.sessions.all())
    if is_working_day(day):
        regular = [s for s in sessions if s.kind == SessionKind.REGULAR]
        for_weekday = [s for s in regular if s.weekday == day.weekday()]
        chosen = for_weekday or [s for s in regular if s.weekday is None]
        if not regular:
            return [OpenPeriod(start, end) for start, end in DEFAULT_SESSIONS]
        periods = [OpenPeriod(s.start, s.end) for s in chosen]
    elif is_statutory_holiday(day):
        return []
    else:
        periods = [
            OpenPeriod(s.start, s.end, frozenset(w.pk for w in s.windows.all()), is_extra=True)
            for s in sessions
            if s.kind == SessionKind.EXTRA and s.weekday == day.weekday()
        ]
    return sorted(periods, key=lambda p: p.start)


def _times(periods):
    return "、".join(f"{p.start:%H:%M}–{p.end:%H:%M}" for p in periods)


def hours_summary(hall: Hall) -> str:
    """E.g. “工作日 09:00–12:00、14:00–18:00；周六 09:00–12:00（A01、A02号窗口轮值，法定节假日除外）”."""
    sessions = list(hall.sessions.all())
    regular = [s for s in sessions if s.kind == SessionKind.REGULAR]
    parts = []
    every_day = [s for s in regular if s.weekday is None]
    if not regular:
        parts.append("工作日 " + "、".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in DEFAULT_SESSIONS))
    elif every_day:
        parts.append("工作日 " + _times(sorted(every_day, key=lambda s: s.start)))
    for weekday in sorted({s.weekday for s in regular if s.weekday is not None}):
        rows = sorted((s for s in regular if s.weekday == weekday), key=lambda s: s.start)
        parts.append(f"{WEEKDAY_NAMES[weekday]}（工作日） " + _times(rows))
    for weekday in sorted({s.weekday for s in sessions if s.kind == SessionKind.EXTRA}):
        rows = sorted((s for s in sessions if s.kind == SessionKind.EXTRA and s.weekday == weekday), key=lambda s: s.start)
        numbers = sorted({w.number for s in rows for w in s.windows.all()})
        who = f"{'、'.join(numbers)}号窗口轮值，" if numbers else ""
        parts.append(f"{WEEKDAY_NAMES[weekday]} {_times(rows)}（{who}法定节假日除外）")
    return "；".join(parts)
