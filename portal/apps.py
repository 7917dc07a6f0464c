from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "门户站点"

    def ready(self):
        from . import pagecache_signals

        pagecache_signals.connect()
