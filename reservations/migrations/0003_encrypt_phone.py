"""Booking.phone encrypted at rest, with a keyed hash for look-ups (privacy/, docs/domain.md
个人信息的存储与显示). Existing rows are encrypted and hashed in place, 500 rows per UPDATE; the
reverse writes the plain text back before the column becomes a CharField again."""

from django.db import migrations

import privacy.fields
from privacy.migration_ops import decrypt_rows, encrypt_rows


def encrypt_existing(apps, schema_editor):
    encrypt_rows(apps.get_model("reservations", "Booking"), {"phone_hash": "phone"})


def decrypt_existing(apps, schema_editor):
    decrypt_rows(apps.get_model("reservations", "Booking"), ["phone"], schema_editor)


class Migration(migrations.Migration):
    dependencies = [("reservations", "0002_seed_booking_messages")]

    operations = [
        migrations.AddField(
            model_name="booking", name="phone_hash",
            field=privacy.fields.LookupHashField(blank=True, db_index=True, editable=False, max_length=64, source="phone",
                                                 verbose_name="短信手机号检索摘要"),
        ),
        migrations.AlterField(
            model_name="booking", name="phone",
            field=privacy.fields.EncryptedCharField(blank=True, max_length=11, verbose_name="短信手机号"),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
