from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    """The case engine shared by every channel and matter type (docs/domain.md "办件引擎")."""

    name = "casework"
    verbose_name = "办件"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Register the 办件 workflow, its actions and notice kinds.
        from . import services  # noqa: F401
