import os

from .base import *  # noqa: F403
from .base import env_list

# The README's run command serves the demo as users will see it: Chinese error pages, no debug
# page. Set DJANGO_DEBUG=1 for Django's debug page while developing.
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
# Editors' images and documents (var/media): runserver serves them itself in the demo, as
# nginx would in production; static files come from WhiteNoise after collectstatic.
SERVE_MEDIA = True
# Development only: a fixed key so sessions survive restarts. production.py refuses this.
SECRET_KEY = "dev-insecure-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

# Citizens' SMS (verification codes, notices) go to var/sms.log in development.
SMS_BACKEND = "citizens.sms.FileBackend"

# Fixed keys for personal data in development only; production.py requires real ones.
PERSONAL_DATA_KEYS = ["gUwrskZNyAuy7f-WwHrsH5GIBnbNWewWNMNDRQx5vKo="]
PERSONAL_DATA_LOOKUP_KEY = "dev-only-lookup-key-not-for-production-000000"
# With DEBUG off, WhiteNoise serves static files straight from the app folders (no stale copy).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
