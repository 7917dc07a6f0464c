"""Seed the working-day calendar with every year the chinese_calendar package knows."""

from django.db import migrations


def seed(apps, schema_editor):
    from workdays.seeding import seed as seed_rows

    seed_rows(apps.get_model("workdays", "CalendarDay"))


def unseed(apps, schema_editor):
    apps.get_model("workdays", "CalendarDay").objects.filter(source="package").delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_calendar_day")]

    operations = [migrations.RunPython(seed, unseed)]
