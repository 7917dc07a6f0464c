"""Seed the editor-managed synonym list (search/data/synonyms_seed.txt) and the version
counters. Editors change the list afterwards under 设置 → 同义词."""

from django.db import migrations


def seed(apps, schema_editor):
    from search.analysis import seed_synonym_groups

    Synonym = apps.get_model("search", "Synonym")
    IndexState = apps.get_model("search", "IndexState")
    for group in seed_synonym_groups():
        Synonym.objects.get_or_create(terms="，".join(group))
    for key in ("documents", "synonyms"):
        IndexState.objects.get_or_create(key=key, defaults={"version": 1})


def unseed(apps, schema_editor):
    from search.analysis import seed_synonym_groups

    Synonym = apps.get_model("search", "Synonym")
    Synonym.objects.filter(terms__in=["，".join(group) for group in seed_synonym_groups()]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
