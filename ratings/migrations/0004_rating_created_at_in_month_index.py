import django.utils.timezone
from django.db import migrations, models

# created_at leads rating_counted_month (0003), so its own index is redundant (PostgreSQL chose
# it over the wider one). Dropped by name: an AlterField would make SQLite rebuild the whole
# table to drop one index.
OLD_INDEX = "ratings_rating_created_at_b4e6e050"


class Migration(migrations.Migration):

    dependencies = [
        ("ratings", "0003_bulletin_month_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="rating",
                    name="created_at",
                    field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="评价时间"),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{OLD_INDEX}"',
                    reverse_sql=f'CREATE INDEX "{OLD_INDEX}" ON "ratings_rating" ("created_at")',
                ),
            ],
        ),
    ]
