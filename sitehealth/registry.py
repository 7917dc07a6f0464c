"""The registry of site-health checks (docs/domain.md § 网站健康检查).

Any app adds a check by defining it in its own `health_checks.py` (autodiscovered at start-up):

    from sitehealth.registry import Finding, register

    @register("letters_unanswered", "信件答复期限", order=50)
    def letters_unanswered(ctx):
        for letter in ...:
            yield Finding(subject=letter.title, message="…", fix_url=..., severity=Finding.ERROR)

A check receives a `CheckContext` (the site, its settings, today) and yields `Finding`s; each
finding names where to fix it. A check that raises is reported as a finding, not a crash, so
one broken check never hides the others.
"""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass
class Finding:
    ERROR = "error"  # what an inspection fails the site for
    WARNING = "warning"  # about to become one

    subject: str
    message: str
    fix_url: str = ""
    fix_label: str = "去修改"
    severity: str = ERROR

    @property
    def severity_label(self):
        return "严重" if self.severity == self.ERROR else "提醒"


@dataclass
class Check:
    key: str
    label: str
    func: object
    order: int = 100


@dataclass
class CheckContext:
    site: object
    settings: object
    today: date = field(default_factory=timezone.localdate)


@dataclass
class CheckResult:
    check: Check
    findings: list

    @property
    def errors(self):
        return [f for f in self.findings if f.severity == Finding.ERROR]

    @property
    def passed(self):
        return not self.findings


_checks: dict[str, Check] = {}


def register(key, label, order=100):
    def decorator(func):
        _checks[key] = Check(key=key, label=label, func=func, order=order)
        return func

    return decorator


def registered_checks():
    return sorted(_checks.values(), key=lambda check: (check.order, check.key))


def run_check(check, ctx):
    try:
        return CheckResult(check, list(check.func(ctx) or ()))
    except Exception as exc:  # noqa: BLE001 - one failing check must not hide the others
        logger.exception("网站健康检查“%s”运行出错", check.label)
        return CheckResult(check, [Finding(subject=check.label, message=f"检查本身运行出错：{exc}")])


def default_context(site=None, today=None):
    from wagtail.models import Site

    from .models import SiteHealthSettings

    site = site or Site.objects.filter(is_default_site=True).first()
    return CheckContext(site=site, settings=SiteHealthSettings.for_site(site) if site else SiteHealthSettings(),
                        today=today or timezone.localdate())


def run_checks(ctx=None, keys=None):
    ctx = ctx or default_context()
    return [run_check(check, ctx) for check in registered_checks() if keys is None or check.key in keys]
