from django.apps import AppConfig


class SiteHealthConfig(AppConfig):
    name = "sitehealth"
    verbose_name = "网站健康检查"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each app adds its own checks in a `health_checks.py` module (see registry.py).
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("health_checks")
