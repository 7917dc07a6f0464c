"""Numbered notices (文书): kinds registered with their number prefixes, one number series
per prefix and day, and the printable page (docs/domain.md "办件引擎: 文书").

A matter type registers its kinds once (`register_kind("reply", "答复书", "DF", template)`);
a prefix may belong to one kind only, so two matter types can never print the same number.
The text is frozen in the notice's `body` when issued; the page only lays it out.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.template.response import TemplateResponse

from . import clock


class NumberingError(Exception):
    """No free number after several attempts (many issuers at the same instant)."""


@dataclass(frozen=True)
class NoticeKindSpec:
    code: str
    label: str
    prefix: str
    template: str


_KINDS: dict[str, NoticeKindSpec] = {}


def register_kind(code, label, prefix, template):
    """Register a notice kind. Re-registering the same spec is harmless (module reloads);
    a clashing code or prefix is a programming error."""
    spec = NoticeKindSpec(code, label, prefix, template)
    existing = _KINDS.get(code)
    if existing and existing != spec:
        raise ValueError(f"notice kind {code!r} already registered differently")
    clash = next((k for k in _KINDS.values() if k.prefix == prefix and k.code != code), None)
    if clash:
        raise ValueError(f"number prefix {prefix!r} already used by {clash.code!r}")
    _KINDS[code] = spec
    return spec


def notice_kind(code) -> NoticeKindSpec:
    return _KINDS.get(code) or NoticeKindSpec(code, code, "", "")


def registered_kinds():
    return dict(_KINDS)


def next_number(prefix, model, field, create):
    """Give `create(number)` the next "<prefix><YYYYMMDD>-<6-digit seq>" of the engine's
    today; retried on a clash (two issuers at once). Used for notices and receipt numbers."""
    stem = f"{prefix}{clock.today():%Y%m%d}-"
    last = model.objects.filter(**{f"{field}__startswith": stem}).order_by(f"-{field}").values_list(field, flat=True).first()
    seq = int(last[len(stem):]) + 1 if last else 1
    for _ in range(20):
        number = f"{stem}{seq:06d}"
        try:
            with transaction.atomic():  # savepoint: a clash must not poison the outer transaction
                return create(number)
        except IntegrityError:
            seq += 1
    raise NumberingError("编号生成冲突，请稍后重试。")


def issue(notice_model, actor, kind, body, **owner):
    """Create one numbered notice of a registered kind; `owner` is the FK to its matter
    (e.g. case=case). Caller runs inside the matter's transaction."""
    spec = _KINDS[kind]

    def create(number):
        return notice_model.objects.create(
            kind=kind, number=number, issued_by=actor, issued_at=clock.now(), body=body, **owner
        )

    return next_number(spec.prefix, notice_model, "number", create)


def render_notice(request, notice, matter=None):
    """A printable HTML page for one notice. The caller has already checked permission."""
    context = {"notice": notice, "body": notice.body, "case": matter or getattr(notice, "case", None)}
    return TemplateResponse(request, notice_kind(notice.kind).template, context)
