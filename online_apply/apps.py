from django.apps import AppConfig


class OnlineApplyConfig(AppConfig):
    """The citizen channel of the case engine: the wizard, uploads, 我的办件 and lookup."""

    name = "online_apply"
    verbose_name = "网上办事"
