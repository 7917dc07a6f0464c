"""Who needs a second factor: every account that can open the admin (等保 level 3, docs/domain.md §9
"two factors for administrators"). Window staff see applicants' personal data there, so they
count as administrators here too."""

from django.conf import settings


def required(user) -> bool:
    if not getattr(settings, "STAFF_SECOND_FACTOR_REQUIRED", True):
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def confirmed_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).first()
