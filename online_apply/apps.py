from django.apps import AppConfig


class OnlineApplyConfig(AppConfig):
    name = "online_apply"
    verbose_name = "网上办事"
