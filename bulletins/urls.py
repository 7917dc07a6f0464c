from django.urls import path

from . import views

urlpatterns = [
    path("api/bulletins/<str:month>.json", views.bulletin_api, name="bulletin_api"),
    path("api/bulletins/<str:month>.<str:fmt>", views.bulletin_download, name="bulletin_download"),
]
