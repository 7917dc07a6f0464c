from django.urls import path
from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def second_factor_urls():
    return [
        path("second-factor/setup/", views.setup, name="second_factor_setup"),
        path("second-factor/verify/", views.verify, name="second_factor_verify"),
    ]
