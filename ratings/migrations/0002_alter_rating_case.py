"""The case models moved to casework (same table, online_apply_case): point the foreign key
there in the migration state only, before online_apply forgets its Case."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0001_moved_from_online_apply'),
        ('ratings', '0001_ratings_rectifications_appeals_feedback'),
    ]

    run_before = [('online_apply', '0004_models_moved_to_casework')]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.AlterField(
            model_name='rating',
            name='case',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rating', to='casework.case', verbose_name='办件'),
        )]),
    ]
