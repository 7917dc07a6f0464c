from django.apps import AppConfig


class ReservationsConfig(AppConfig):
    name = "reservations"
    verbose_name = "预约办理"

    def ready(self):
        from . import receivers  # noqa: F401 - connects the pre-review invitation
