"""Letter.phone encrypted at rest, with a keyed hash for look-ups (privacy/, docs/domain.md
个人信息的存储与显示). Existing rows are encrypted and hashed in place, 500 rows per UPDATE; the
reverse writes the plain text back before the column becomes a CharField again."""

from django.db import migrations

import privacy.fields
from privacy.migration_ops import decrypt_rows, encrypt_rows


def encrypt_existing(apps, schema_editor):
    encrypt_rows(apps.get_model("letters", "Letter"), {"phone_hash": "phone"})


def decrypt_existing(apps, schema_editor):
    decrypt_rows(apps.get_model("letters", "Letter"), ["phone"], schema_editor)


class Migration(migrations.Migration):
    dependencies = [("letters", "0005_bulletin_month_index")]

    operations = [
        migrations.AddField(
            model_name="letter", name="phone_hash",
            field=privacy.fields.LookupHashField(blank=True, db_index=True, editable=False, max_length=64, source="phone",
                                                 verbose_name="联系电话检索摘要"),
        ),
        migrations.AlterField(
            model_name="letter", name="phone",
            field=privacy.fields.EncryptedCharField(blank=True, max_length=20, verbose_name="联系电话"),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
