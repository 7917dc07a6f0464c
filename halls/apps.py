from django.apps import AppConfig


class HallsConfig(AppConfig):
    name = "halls"
    verbose_name = "服务大厅与窗口"
