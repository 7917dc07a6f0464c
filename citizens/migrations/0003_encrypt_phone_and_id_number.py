"""Phone and ID number encrypted at rest, found by keyed hash (privacy/, docs/domain.md
安全与个人信息保护). Existing rows are encrypted and hashed in place."""

import citizens.validators
import privacy.fields
from django.db import migrations


def encrypt_existing(apps, schema_editor):
    CitizenProfile = apps.get_model("citizens", "CitizenProfile")
    # Reading tolerates plain text (rows from before); saving encrypts and fills the hashes.
    for profile in CitizenProfile.objects.all():
        profile.save()


class Migration(migrations.Migration):

    dependencies = [
        ('citizens', '0002_seed_message_templates'),
    ]

    operations = [
        migrations.AlterField(
            model_name='citizenprofile',
            name='id_number',
            field=privacy.fields.EncryptedCharField(max_length=18, validators=[citizens.validators.validate_id_number], verbose_name='居民身份证号码'),
        ),
        migrations.AlterField(
            model_name='citizenprofile',
            name='phone',
            field=privacy.fields.EncryptedCharField(max_length=11, validators=[citizens.validators.validate_phone], verbose_name='手机号码'),
        ),
        migrations.AddField(
            model_name='citizenprofile',
            name='id_number_hash',
            field=privacy.fields.LookupHashField(blank=True, db_index=True, editable=False, max_length=64, source='id_number', verbose_name='身份证号码检索摘要'),
        ),
        migrations.AddField(
            model_name='citizenprofile',
            name='phone_hash',
            field=privacy.fields.LookupHashField(blank=True, editable=False, max_length=64, source='phone', verbose_name='手机号码检索摘要'),
        ),
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='citizenprofile',
            name='phone_hash',
            field=privacy.fields.LookupHashField(blank=True, editable=False, max_length=64, source='phone', unique=True, verbose_name='手机号码检索摘要'),
        ),
    ]
