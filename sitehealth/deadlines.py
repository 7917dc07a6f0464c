"""One rule for every channel that must answer by a deadline (letters, information requests):
an open matter is flagged when it is near its deadline, past it, or unanswered for longer than
the inspection limit (3 months), whichever is worst. Apps call this from their own checks."""

from dataclasses import dataclass
from datetime import date

from workdays.calendar import working_days_between

from .registry import Finding


@dataclass
class OpenMatter:
    subject: str
    received: date
    due: date | None
    fix_url: str


def answer_deadline_findings(ctx, matters, noun="事项"):
    settings = ctx.settings
    for matter in matters:
        waited = (ctx.today - matter.received).days
        if waited > settings.unanswered_limit_days:
            yield Finding(matter.subject, f"{noun}收到已 {waited} 天仍未答复（超过 {settings.unanswered_limit_days} 天）。",
                          matter.fix_url, "去答复")
        elif matter.due and matter.due < ctx.today:
            late = working_days_between(matter.due, ctx.today)
            yield Finding(matter.subject, f"{noun}已超过答复期限 {matter.due:%Y-%m-%d}（逾期 {late} 个工作日）。",
                          matter.fix_url, "去答复")
        elif matter.due:
            left = working_days_between(ctx.today, matter.due)
            if left <= settings.answer_warning_days:
                yield Finding(matter.subject, f"{noun}答复期限 {matter.due:%Y-%m-%d}，仅剩 {left} 个工作日。",
                              matter.fix_url, "去答复", severity=Finding.WARNING)
