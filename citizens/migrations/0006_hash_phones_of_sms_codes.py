"""SMS codes keep the keyed hash of the phone instead of the phone (docs/domain.md
个人信息的存储与显示). Rows are at most a day old (purge_expired_codes); they are converted
rather than dropped so that codes in flight and the per-phone hourly limits carry on."""

from django.db import migrations, models

from privacy.fields import lookup_hash_of

BATCH = 500


def hash_phones(apps, schema_editor):
    OneTimeCode = apps.get_model("citizens", "OneTimeCode")
    batch = []
    for row in OneTimeCode.objects.order_by("pk").iterator(chunk_size=BATCH):
        row.phone_hash = lookup_hash_of(row.phone)
        batch.append(row)
        if len(batch) == BATCH:
            OneTimeCode.objects.bulk_update(batch, ["phone_hash"])
            batch = []
    if batch:
        OneTimeCode.objects.bulk_update(batch, ["phone_hash"])


class Migration(migrations.Migration):
    dependencies = [("citizens", "0005_opaque_citizen_usernames")]

    operations = [
        migrations.AddField(
            model_name="onetimecode", name="phone_hash",
            field=models.CharField(default="", max_length=64, verbose_name="手机号码检索摘要"), preserve_default=False,
        ),
        # Backwards the codes are simply lost (the phone cannot be recovered from its hash).
        migrations.RunPython(hash_phones, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="onetimecode", name="citizens_on_phone_73173c_idx"),
        migrations.RemoveField(model_name="onetimecode", name="phone"),
        migrations.AddIndex(
            model_name="onetimecode",
            index=models.Index(fields=["phone_hash", "purpose", "created"], name="citizens_on_phone_h_24c607_idx"),
        ),
    ]
