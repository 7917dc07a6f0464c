"""Citizen accounts' user names become opaque (citizen_<random hex>), their first name the masked
name, e-mail and last name empty: auth_user holds no phone, name or e-mail of a citizen
(docs/domain.md 安全与个人信息保护 “账户与登录”). The profile keeps them (phone encrypted).

django-axes keeps the user name of every login; its rows for citizens are renamed to match, and
its failed-attempt rows that hold a phone number (user name or the copied form) are deleted:
they are only lock-out counters of at most 10 minutes. Staff accounts are not touched. Bulk
updates of 500 rows, the same on SQLite and PostgreSQL.
"""

import secrets

from django.db import migrations
from django.db.models import Case, Q, Value, When

BATCH = 500
PHONE_LIKE = r"^1[3-9][0-9]{9}$"


def _mask_name(name):
    name = (name or "").strip()
    return name if len(name) <= 1 else name[0] + "*" * (len(name) - 1)


def _batches(queryset):
    batch = []
    for row in queryset.iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _rename_axes_rows(apps, renames):
    """Give axes' login history the new names, in one statement per model and batch."""
    whens = [When(username=old, then=Value(new)) for old, new in renames.items()]
    for model_name in ("AccessLog", "AccessFailureLog"):
        model = apps.get_model("axes", model_name)
        model.objects.filter(username__in=list(renames)).update(username=Case(*whens))
    apps.get_model("axes", "AccessAttempt").objects.filter(username__in=list(renames)).delete()


def make_opaque(apps, schema_editor):
    User = apps.get_model("auth", "User")
    CitizenProfile = apps.get_model("citizens", "CitizenProfile")
    citizens = CitizenProfile.objects.filter(user__is_staff=False, user__is_superuser=False).order_by("pk")
    rows = citizens.values_list("user_id", "user__username", "real_name")
    for batch in _batches(rows):
        users, renames = [], {}
        for user_id, old_name, real_name in batch:
            new_name = f"citizen_{secrets.token_hex(8)}"
            users.append(User(pk=user_id, username=new_name, first_name=_mask_name(real_name), last_name="", email=""))
            renames[old_name] = new_name
        User.objects.bulk_update(users, ["username", "first_name", "last_name", "email"], batch_size=BATCH)
        _rename_axes_rows(apps, renames)
    # Failed logins with a phone that has no account kept that phone as the user name, and every
    # citizen login attempt copied the phone into post_data.
    staff_names = User.objects.values("username")
    for model_name in ("AccessAttempt", "AccessFailureLog"):
        model = apps.get_model("axes", model_name)
        phone_like = model.objects.filter(username__regex=PHONE_LIKE).exclude(username__in=staff_names)
        phone_like.delete()
    apps.get_model("axes", "AccessAttempt").objects.filter(Q(post_data__contains="phone=")).delete()


def restore_phone_names(apps, schema_editor):
    """Reverse: user name = phone, first name = real name (the layout before this migration)."""
    User = apps.get_model("auth", "User")
    CitizenProfile = apps.get_model("citizens", "CitizenProfile")
    for batch in _batches(CitizenProfile.objects.order_by("pk")):
        users = [User(pk=p.user_id, username=p.phone, first_name=p.real_name, email=p.email) for p in batch]
        User.objects.bulk_update(users, ["username", "first_name", "email"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0004_one_name_for_receipt_number"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(make_opaque, restore_phone_names)]
