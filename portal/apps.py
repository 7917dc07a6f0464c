from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "门户站点"

    def ready(self):
        from . import pagecache_signals, task_signals

        pagecache_signals.connect()
        task_signals.connect()
        from wagtail import hooks

        from .operations_admin import task_failure_viewset

        hooks.register("register_admin_viewset", lambda: task_failure_viewset)
