"""The engine's one source of time (docs/domain.md "办件引擎: 时钟").

Every timestamp the engine writes comes from `now()`, which is the server's clock. Nothing a
user sends can change it: no form or URL takes a date or time for a transition, so backdating
is impossible. Code (never a request) may replay history with `replaying(at)`: demo seeding and
imports of past cases then go through the very same services instead of a second writer of the
state machine. While replaying, applicants are not messaged.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_replay_at = ContextVar("casework_replay_at", default=None)


def now():
    """Server time, or the replayed moment inside `replaying()`."""
    at = _replay_at.get()
    return at if at is not None else timezone.now()


def today():
    """The local date of `now()`."""
    return timezone.localdate(now())


def is_replaying() -> bool:
    return _replay_at.get() is not None


@contextmanager
def replaying(at):
    """Run services as if it were `at` (an aware datetime). For seeding and imports only."""
    if timezone.is_naive(at):
        raise ValueError("replaying() needs an aware datetime")
    token = _replay_at.set(at)
    try:
        yield
    finally:
        _replay_at.reset(token)
