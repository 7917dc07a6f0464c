"""Rating.rater_phone encrypted at rest, with a keyed hash for look-ups (privacy/, docs/domain.md
个人信息的存储与显示). Existing rows are encrypted and hashed in place, 500 rows per UPDATE; the
reverse writes the plain text back before the column becomes a CharField again."""

from django.db import migrations

import privacy.fields
from privacy.migration_ops import decrypt_rows, encrypt_rows


def encrypt_existing(apps, schema_editor):
    encrypt_rows(apps.get_model("ratings", "Rating"), {"rater_phone_hash": "rater_phone"})


def decrypt_existing(apps, schema_editor):
    decrypt_rows(apps.get_model("ratings", "Rating"), ["rater_phone"], schema_editor)


class Migration(migrations.Migration):
    dependencies = [("ratings", "0004_rating_created_at_in_month_index")]

    operations = [
        migrations.AddField(
            model_name="rating", name="rater_phone_hash",
            field=privacy.fields.LookupHashField(blank=True, db_index=True, editable=False, max_length=64, source="rater_phone",
                                                 verbose_name="评价人电话检索摘要"),
        ),
        migrations.AlterField(
            model_name="rating", name="rater_phone",
            field=privacy.fields.EncryptedCharField(blank=True, max_length=11, verbose_name="评价人电话"),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
