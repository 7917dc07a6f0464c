from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "个人信息保护"

    def ready(self):
        from . import checks  # noqa: F401  (registers the key configuration check)
