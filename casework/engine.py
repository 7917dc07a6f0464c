"""The state machine engine: one registry of actions per matter type (docs/domain.md
"办件引擎: 操作登记表").

An `Action` says everything about one step: the statuses it is lawful in, an extra guard, who
may do it, the staff form that collects its input, the handler that does it and the message
staff see afterwards. Adding an action touches one place: its registration.

`Workflow.perform()` is the only way a status changes. It
  1. locks the matter row (select_for_update inside transaction.atomic), so two staff acting
     at once are serialised and the second one sees the first one's result;
  2. checks `expected_version` (the version the actor's form was rendered with), so a stale
     form cannot overwrite a newer decision;
  3. checks the action is lawful in the current status and for this actor, raising
     ActionError with a Chinese message otherwise;
  4. runs the handler, which calls `record()` to save the new status, bump `version` and write
     exactly one transition with the engine clock's time (casework.clock: server time).
The caller's instance is refreshed in place after a successful action.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from . import clock

STALE_MESSAGE = "该{label}已被他人处理，请刷新后重试。"


class ActionError(Exception):
    """An action that is not lawful now (wrong status, wrong actor, stale form, bad input)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    from_statuses: tuple
    handler: Callable  # handler(locked_matter, actor, **data) -> result
    permission: Callable  # permission(matter, actor); raises ActionError when not allowed
    form: type | None = None  # the staff form; its field names are the handler's keywords
    form_kwargs: Callable | None = None  # (matter) -> extra keyword arguments for the form
    guard: Callable | None = None  # (matter) -> refusal message, or None when lawful
    staff: bool = True  # offered on the staff case page
    message: Callable = field(default=lambda result, matter: "操作已完成。")  # (result, matter) -> text


def actor_name(actor):
    if actor is None:
        return "系统"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return full or actor.get_username()


class Workflow:
    """The actions of one matter type, keyed by name, plus how its rows are logged."""

    def __init__(self, matter_type, *, model, transition_model, matter_field, label):
        self.matter_type = matter_type
        self.model = model
        self.transition_model = transition_model
        self.matter_field = matter_field  # the transition's ForeignKey to the matter
        self.label = label  # "办件", "信件"… used in messages
        self.actions: dict[str, Action] = {}

    # ------------------------------------------------------------ registration

    def register(self, action: Action):
        if action.name in self.actions:
            raise ValueError(f"action {action.name!r} already registered for {self.matter_type}")
        self.actions[action.name] = action
        return action

    def action(self, name, label, from_statuses, *, permission, **options):
        """Decorator form of `register` for a handler function."""

        def decorate(handler):
            self.register(Action(name, label, tuple(from_statuses), handler, permission, **options))
            return handler

        return decorate

    # ------------------------------------------------------------ lawfulness

    def refusal(self, matter, name):
        """Why `name` is not lawful for `matter` now (status and guard), or None."""
        action = self.actions[name]
        if matter.status not in action.from_statuses:
            return f"{self.label}当前状态为“{matter.get_status_display()}”，不能{action.label}。"
        return action.guard(matter) if action.guard else None

    def is_lawful(self, matter, name):
        return self.refusal(matter, name) is None

    def lawful_actions(self, matter, staff_only=True):
        return [
            name for name, action in self.actions.items()
            if (action.staff or not staff_only) and self.is_lawful(matter, name)
        ]

    # ------------------------------------------------------------ doing

    def lock(self, matter, expected_version=None):
        locked = self.model.objects.select_for_update().get(pk=matter.pk)
        if expected_version is not None and int(expected_version) != locked.version:
            raise ActionError(STALE_MESSAGE.format(label=self.label))
        return locked

    def perform(self, matter, actor, name, *, expected_version=None, **data):
        action = self.actions[name]
        with transaction.atomic():
            locked = self.lock(matter, expected_version)
            refusal = self.refusal(locked, name)
            if refusal:
                raise ActionError(refusal)
            action.permission(locked, actor)
            result = action.handler(locked, actor, **data)
        if matter is not locked:
            matter.refresh_from_db()
        return result

    def run_form(self, matter, actor, name, cleaned_data):
        """Perform an action from its validated staff form; returns the success message."""
        data = {k: v for k, v in cleaned_data.items() if k not in ("action", "version")}
        result = self.perform(matter, actor, name, expected_version=cleaned_data.get("version"), **data)
        return self.actions[name].message(result, matter)

    def record(self, locked, actor, name, to_status, note="", update_fields=(), **log_fields):
        """Save the matter with its new status and version, and write the one transition.
        `log_fields` fill the matter type's own transition columns (a letter's public step
        label) or name an actor who is not a user (the letter's writer)."""
        from_status = locked.status
        locked.status = to_status
        locked.version += 1
        locked.save(update_fields=["status", "version", *update_fields])
        transition = self.transition_model.objects.create(**{
            self.matter_field: locked,
            "action": name, "from_status": from_status, "to_status": to_status, "actor": actor,
            "actor_name": actor_name(actor), "at": clock.now(), "note": note, **log_fields,
        })
        audit_action(self, locked, actor, name, from_status)
        return transition


# ---------------------------------------------------------------- the audit hook

# Where a matter keeps its number: 办件 receipt_number, 依申请公开 number, 信件 tracking_number.
MATTER_NUMBER_FIELDS = ("receipt_number", "number", "tracking_number")


def matter_number(matter):
    for name in MATTER_NUMBER_FIELDS:
        if getattr(matter, name, None):
            return getattr(matter, name)
    return f"#{matter.pk}"


def _status_label(matter, status):
    return dict(matter._meta.get_field("status").flatchoices).get(status, status or "—")


def audit_action(workflow, matter, actor, name, from_status="", label=None):
    """Write the site-wide audit log entry for one action on a matter (docs/domain.md 审计日志):
    who, which action on which numbered matter, when, and the client address of the request
    being served. Called by `Workflow.record`, so every action of every workflow is logged in
    the same transaction as its transition. The transition's note is not copied: the auditor
    follows the number to the matter's own log. Replayed history (demo seeding, imports of past
    cases) is not a person acting now and is not logged."""
    if clock.is_replaying():
        return
    from audit.actions import CASE_ACTION
    from audit.records import current_request, record

    action = workflow.actions.get(name)
    label = label or (action.label if action else name)
    change = f"{_status_label(matter, from_status)} → {_status_label(matter, matter.status)}"
    anonymous = actor_name(None) if current_request.get() is None else "未登录的申请人"
    record(
        CASE_ACTION, actor=actor, actor_name=anonymous,
        target=f"{workflow.label} {matter_number(matter)}", detail=f"{label}（{name}）：{change}",
    )


_WORKFLOWS: dict[str, Workflow] = {}


def register_workflow(workflow: Workflow) -> Workflow:
    _WORKFLOWS[workflow.matter_type] = workflow
    return workflow


def workflow(matter_type) -> Workflow:
    return _WORKFLOWS[matter_type]


def workflows():
    return dict(_WORKFLOWS)


# ---------------------------------------------------------------- building blocks for handlers


def clean_text(value, field_label, required=True, max_length=None):
    text = (value or "").strip()
    if required and not text:
        raise ActionError(f"请填写{field_label}。")
    if max_length and len(text) > max_length:
        raise ActionError(f"{field_label}不能超过 {max_length} 个字。")
    return text


def extend_deadline(locked, *, days, approved_by, reason, max_days):
    """Extend an ExtendableDeadline matter ONCE, with the approver and reason recorded
    (依申请公开: +20 working days with approval). Call from a registered handler, which then
    records its transition."""
    from .deadlines import due_date_of

    if locked.extended_at is not None:
        raise ActionError("期限只能延长一次，本件已延长过。")
    if not isinstance(days, int) or days < 1 or days > max_days:
        raise ActionError(f"延长天数应在 1 到 {max_days} 个工作日之间。")
    locked.extension_working_days = days
    locked.extension_approved_by = clean_text(approved_by, "延长批准人", max_length=50)
    locked.extension_reason = clean_text(reason, "延长理由", max_length=2000)
    locked.extended_at = clock.now()
    locked.due_date = due_date_of(locked)
    return [
        "extension_working_days", "extension_approved_by", "extension_reason", "extended_at", "due_date",
    ]


def start_pause(pause_model, actor, **fields):
    """Open a pause (a Pause subclass row) starting today."""
    return pause_model.objects.create(started_on=clock.today(), started_by=actor, **fields)


def end_pause(pause):
    """Close an open pause today; returns the working days it lasted."""
    return pause.end(clock.today())
