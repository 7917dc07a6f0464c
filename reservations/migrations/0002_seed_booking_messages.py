"""Seed the SMS templates the booking flow sends (editable in 消息模板)."""

from django.db import migrations

from citizens.default_messages import default_fields

KEYS = ["booking_confirmed", "booking_rescheduled", "booking_cancelled", "booking_reminder", "booking_sanction",
        "pre_review_passed"]


def seed(apps, schema_editor):
    MessageTemplate = apps.get_model("citizens", "MessageTemplate")
    for key in KEYS:
        MessageTemplate.objects.get_or_create(key=key, defaults=default_fields(key))


def unseed(apps, schema_editor):
    apps.get_model("citizens", "MessageTemplate").objects.filter(key__in=KEYS).delete()


class Migration(migrations.Migration):
    dependencies = [("reservations", "0001_initial"), ("citizens", "0002_seed_message_templates")]

    operations = [migrations.RunPython(seed, unseed)]
