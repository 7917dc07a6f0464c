"""Give the letters registered before the move onto the case core their deadline terms
(deadline_start, limit_working_days), so the engine's formula can restart them on a 复核.

The log needs no copying: LetterTransition kept its table and rows (0003 only widened the
status columns and relabelled them), and the engine now writes to it. The stored due_date is
left as it was: it was computed by the same formula when the letter was registered or sent back.
A letter sent back by a 复核 restarted its period on the day of that step (its last
re_verify → routed row); the others on the day received. Plain ORM on historical models, so it
runs alike on SQLite and PostgreSQL.
"""

from django.db import migrations
from django.utils import timezone

DEFAULT_DAYS = {"consultation": 5, "suggestion": 15, "complaint": 15, "report": 15}


def reply_days(apps):
    LetterSettings = apps.get_model("letters", "LetterSettings")
    row = LetterSettings.objects.filter(site__is_default_site=True).first()
    return {kind: getattr(row, f"{kind}_days") if row else days for kind, days in DEFAULT_DAYS.items()}


def fill_terms(apps, schema_editor):
    Letter = apps.get_model("letters", "Letter")
    LetterTransition = apps.get_model("letters", "LetterTransition")
    days = reply_days(apps)
    restarted = {}
    sent_back = LetterTransition.objects.filter(action="re_verify", to_status="routed").order_by("at", "pk")
    for letter_id, at in sent_back.values_list("letter_id", "at"):
        restarted[letter_id] = timezone.localdate(at)  # later rows overwrite: the last send-back
    for letter in Letter.objects.filter(deadline_start=None).only("pk", "letter_type", "received_on").iterator():
        Letter.objects.filter(pk=letter.pk).update(
            deadline_start=restarted.get(letter.pk, letter.received_on),
            limit_working_days=days.get(letter.letter_type, 15),
        )


def clear_terms(apps, schema_editor):
    apps.get_model("letters", "Letter").objects.update(deadline_start=None, limit_working_days=0)


class Migration(migrations.Migration):

    dependencies = [("letters", "0003_letters_on_casework_engine")]

    operations = [migrations.RunPython(fill_terms, clear_terms)]
