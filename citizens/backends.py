"""Authentication backend for logging in with phone + one-time SMS code.

Going through django.contrib.auth.authenticate() (rather than logging the user in by hand)
means django-axes counts failed code logins towards the same lock-out as failed passwords.
The caller passes `username=citizens.accounts.login_name(phone)` for axes' count and the
phone itself, which finds the account by its keyed hash (citizens.accounts).
"""

from django.contrib.auth.backends import ModelBackend

from .accounts import citizen_account
from .otp import verify_code


class PhoneCodeBackend(ModelBackend):
    """authenticate(request, username=login_name, phone=phone, otp_code=code): citizens only, never staff."""

    def authenticate(self, request, username=None, phone=None, otp_code=None, **kwargs):
        if not phone or not otp_code:
            return None
        user = citizen_account(phone)
        if user is None or user.get_username() != username or not verify_code(phone, "login", otp_code):
            return None
        return user if self.user_can_authenticate(user) else None
