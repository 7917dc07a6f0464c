from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = "投诉与信件"

    def ready(self):
        from . import workflow  # noqa: F401 - registers the workflow and its notice kinds
