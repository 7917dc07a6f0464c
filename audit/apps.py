from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "审计日志"

    def ready(self):
        from . import signals  # noqa: F401  (logins, lock-outs and Wagtail's admin log entries)
