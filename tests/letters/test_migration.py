"""The move onto the case core keeps earlier letters and their log: migrating from before it
(0002) with a letter sent back by a 复核 keeps every log row in place and gives the letters
their deadline terms; it runs on SQLite and PostgreSQL alike (run the tests on both)."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("letters", "0002_alter_letter_related_case")]
AFTER = [("letters", "0004_fill_letter_deadline_terms")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _letter(Letter, number, letter_type, received_on, due_date):
    return Letter.objects.create(
        tracking_number=number, letter_type=letter_type, channel="online", subject="来信", content="内容",
        redacted_subject="来信", redacted_content="内容", status="routed", received_on=received_on,
        due_date=due_date, content_hash=number, version=3,
    )


def test_earlier_letters_keep_their_log_and_get_deadline_terms():
    old = _migrate(BEFORE)
    Letter, Transition = old.get_model("letters", "Letter"), old.get_model("letters", "LetterTransition")
    plain = _letter(Letter, "XJ202611020001", "consultation", date(2026, 11, 2), date(2026, 11, 9))
    sent_back = _letter(Letter, "XJ202611020002", "complaint", date(2026, 11, 2), date(2026, 12, 11))
    for action, to_status, day in (("register", "registered", 2), ("route", "routed", 2), ("re_verify", "routed", 20)):
        Transition.objects.create(letter=sent_back, action=action, from_status="", to_status=to_status,
                                  actor_name="督查员", public_label="…",
                                  at=timezone.make_aware(datetime(2026, 11, day, 10)))
    try:
        new = _migrate(AFTER)
        Letter, Transition = new.get_model("letters", "Letter"), new.get_model("letters", "LetterTransition")
        plain, sent_back = Letter.objects.get(pk=plain.pk), Letter.objects.get(pk=sent_back.pk)
        assert (plain.deadline_start, plain.limit_working_days, plain.due_date) == (date(2026, 11, 2), 5, date(2026, 11, 9))
        assert (sent_back.deadline_start, sent_back.limit_working_days) == (date(2026, 11, 20), 15)
        assert sent_back.due_date == date(2026, 12, 11)  # the stored deadline is left as it was
        assert list(Transition.objects.filter(letter_id=sent_back.pk).values_list("action", flat=True)) == [
            "register", "route", "re_verify"]
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
