"""The case models moved to casework (same table, online_apply_case): point the foreign key
there in the migration state only, before online_apply forgets its Case."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0001_moved_from_online_apply'),
        ('letters', '0001_letters_transitions_callbacks'),
    ]

    run_before = [('online_apply', '0004_models_moved_to_casework')]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.AlterField(
            model_name='letter',
            name='related_case',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='letters', to='casework.case', verbose_name='涉及办件'),
        )]),
    ]
