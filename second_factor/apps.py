from django.apps import AppConfig


class SecondFactorConfig(AppConfig):
    name = "second_factor"
    verbose_name = "动态口令（双因素认证）"
