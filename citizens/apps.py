from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "citizens"
    verbose_name = "申请人账户"

    def ready(self):
        from .sms import validate_backend

        # A gateway that cannot send would lose every code and notice: refuse to start instead.
        validate_backend()
