"""One name for the receipt number in every message: 收件编号 (not 申请编号/受理编号)."""

from django.db import migrations

RENAMES = [
    ("申请编号 {{ case_number }}", "收件编号 {{ case_number }}"),
    ("受理编号 {{ case_number }}", "收件编号 {{ case_number }}"),
    ("”（{{ case_number }}）", "”（收件编号 {{ case_number }}）"),
]


def rename(apps, schema_editor):
    MessageTemplate = apps.get_model("citizens", "MessageTemplate")
    for template in MessageTemplate.objects.all():
        changed = False
        for field in ("sms_text", "email_subject", "email_body"):
            text = getattr(template, field)
            for old, new in RENAMES:
                text = text.replace(old, new)
            if text != getattr(template, field):
                setattr(template, field, text)
                changed = True
        if changed:
            template.save()


class Migration(migrations.Migration):
    dependencies = [("citizens", "0002_seed_message_templates")]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
