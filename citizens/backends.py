"""Authentication backend for logging in with phone + one-time SMS code.

Going through django.contrib.auth.authenticate() (rather than logging the user in by hand)
means django-axes counts failed code logins towards the same lock-out as failed passwords.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .otp import verify_code


class PhoneCodeBackend(ModelBackend):
    """authenticate(request, username=phone, otp_code=code): citizens only, never staff."""

    def authenticate(self, request, username=None, otp_code=None, **kwargs):
        if not username or not otp_code:
            return None
        user = get_user_model().objects.filter(username=username, citizen__isnull=False, is_staff=False).first()
        if user is None or not verify_code(username, "login", otp_code):
            return None
        return user if self.user_can_authenticate(user) else None
