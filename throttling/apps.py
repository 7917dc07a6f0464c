from django.apps import AppConfig


class ThrottlingConfig(AppConfig):
    name = "throttling"
    verbose_name = "访问频率限制"

    def ready(self):
        from . import checks  # noqa: F401  (the shared-cache deployment check)
