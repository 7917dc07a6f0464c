from .base import *  # noqa: F403
from .base import env_list

DEBUG = True
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
