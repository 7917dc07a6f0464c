"""Citizen accounts in auth_user hold nothing personal (docs/domain.md 安全与个人信息保护 “账户与登录”).

A citizen's Django user name is an opaque `citizen_<random hex>`, their first name the masked
name (张**, what every screen shows), e-mail empty. The phone, ID number, real name and e-mail
live only in the CitizenProfile, phone and ID number encrypted; an account is found by the
keyed hash of its phone (`CitizenProfile.phone_hash`), never by user name. So auth_user, the
admin's user list and django-axes' log (which stores the user name) never hold a phone number.
"""

import secrets

from django.contrib.auth import get_user_model

from privacy.fields import lookup_hash_of

from .masking import mask_name
from .models import CitizenProfile

USERNAME_PREFIX = "citizen_"
# Stand-in login name for a phone without an account: see login_name().
UNKNOWN_PREFIX = "unregistered_"


def new_username() -> str:
    """64 random bits: unrelated to the phone, so the name reveals nothing and survives a
    change of PERSONAL_DATA_LOOKUP_KEY."""
    return f"{USERNAME_PREFIX}{secrets.token_hex(8)}"


def citizen_account(phone):
    """The active citizen account whose phone this is, found by its keyed hash, or None.
    Staff and superusers never qualify: they sign in through the admin, with its second factor."""
    profile = (
        CitizenProfile.with_phone(phone)
        .filter(user__is_staff=False, user__is_superuser=False, user__is_active=True)
        .select_related("user").first()
    )
    return profile.user if profile else None


def phone_has_account(phone) -> bool:
    return CitizenProfile.with_phone(phone).exists()


def login_name(phone) -> str:
    """The user name that authenticate() and django-axes see for a phone typed at login.

    The account's own name when there is one; otherwise a stand-in derived from the phone's
    look-up hash, so that failures on a number without an account are counted and locked out
    exactly like failures on one with an account (the lock-out must not tell which numbers are
    registered), and axes stores a hash rather than the phone."""
    user = citizen_account(phone)
    return user.get_username() if user else f"{UNKNOWN_PREFIX}{lookup_hash_of(phone)[:32]}"


def create_citizen(*, phone, real_name, id_number, email="", password=None):
    """Create the user (nothing personal in it) and its profile; call inside a transaction."""
    user = get_user_model()(username=new_username(), first_name=mask_name(real_name))
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    CitizenProfile.objects.create(user=user, phone=phone, real_name=real_name, id_number=id_number, email=email)
    return user


def password_probe(*, phone="", real_name="", email=""):
    """An unsaved user carrying what a password must not resemble (phone, name, e-mail), for
    UserAttributeSimilarityValidator: the saved account no longer holds any of them."""
    return get_user_model()(username=phone, first_name=real_name, email=email)


def probe_for(user):
    profile = user.citizen
    return password_probe(phone=profile.phone, real_name=profile.real_name, email=profile.email)
