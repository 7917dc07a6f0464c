"""Builders for citizen accounts: explicit phone and identity, valid GB 11643 ID numbers."""

from django.contrib.auth import get_user_model

from citizens.accounts import create_citizen
from citizens.validators import id_check_code

PASSWORD = "Shifan-Xian-2025"


def id_number(first17="33052119900307123"):
    """A valid 居民身份证号码 for the given first 17 digits (check code computed)."""
    return first17 + id_check_code(first17)


def citizen(phone="13812341234", real_name="张三丰", first17="33052119900307123", password=PASSWORD, email=""):
    """A citizen user (opaque user name, as registration makes it) with its CitizenProfile."""
    return create_citizen(phone=phone, real_name=real_name, id_number=id_number(first17), email=email, password=password)


def staff(username="13900001111", password=PASSWORD, admin_access=True):
    """A staff account (may have a phone-like username) with Wagtail admin access."""
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user(username=username, password=password, is_staff=True)
    if admin_access:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user
