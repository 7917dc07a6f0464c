from django.apps import AppConfig


class InfoRequestsConfig(AppConfig):
    name = "inforequests"
    verbose_name = "依申请公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import workflow  # noqa: F401 - registers the workflow and its notice kinds
