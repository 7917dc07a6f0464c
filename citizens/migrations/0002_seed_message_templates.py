"""Seed the message templates other apps send (online_apply, supervision)."""

from django.db import migrations

from citizens.default_messages import DEFAULT_TEMPLATES as TEMPLATES


def seed(apps, schema_editor):
    MessageTemplate = apps.get_model("citizens", "MessageTemplate")
    for key, name, variables, sms_text, subject, body in TEMPLATES:
        MessageTemplate.objects.get_or_create(
            key=key,
            defaults={"name": name, "variables": variables, "sms_text": sms_text,
                      "email_subject": subject, "email_body": body},
        )


def unseed(apps, schema_editor):
    apps.get_model("citizens", "MessageTemplate").objects.filter(key__in=[t[0] for t in TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("citizens", "0001_accounts_codes_templates")]

    operations = [migrations.RunPython(seed, unseed)]
