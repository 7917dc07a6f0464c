"""The requester's phone and ID/证件 number encrypted at rest, the phone found by its keyed hash
(privacy/, docs/domain.md 依申请公开 and 个人信息的存储与显示). Existing rows are encrypted and
hashed in place, 500 rows per UPDATE."""

import privacy.fields
from django.db import migrations

from privacy.fields import lookup_hash_of

BATCH = 500


def encrypt_existing(apps, schema_editor):
    InfoRequest = apps.get_model("inforequests", "InfoRequest")
    # Reading tolerates plain text (rows from before); bulk_update writes through the fields'
    # get_prep_value, which encrypts. The hash is set here (bulk_update skips pre_save).
    batch = []
    for row in InfoRequest.objects.order_by("pk").only("pk", "phone", "id_number").iterator(chunk_size=BATCH):
        row.phone_hash = lookup_hash_of(row.phone)
        batch.append(row)
        if len(batch) == BATCH:
            InfoRequest.objects.bulk_update(batch, ["phone", "id_number", "phone_hash"])
            batch = []
    if batch:
        InfoRequest.objects.bulk_update(batch, ["phone", "id_number", "phone_hash"])


class Migration(migrations.Migration):
    dependencies = [("inforequests", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="inforequest", name="phone_hash",
            field=privacy.fields.LookupHashField(blank=True, db_index=True, editable=False, max_length=64, source="phone",
                                                 verbose_name="联系电话检索摘要"),
        ),
        migrations.AlterField(
            model_name="inforequest", name="id_number",
            field=privacy.fields.EncryptedCharField(blank=True, max_length=30, verbose_name="身份证件号码/统一社会信用代码"),
        ),
        migrations.AlterField(
            model_name="inforequest", name="phone",
            field=privacy.fields.EncryptedCharField(max_length=20, verbose_name="联系电话"),
        ),
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop),
    ]
