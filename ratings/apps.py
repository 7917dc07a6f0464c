from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = "好差评"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the 一次一评 invitation)
