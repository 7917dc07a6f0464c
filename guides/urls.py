from django.urls import path

from . import views

app_name = "guides"
urlpatterns = [
    path("item/<str:code>/", views.item_by_code, name="item_by_code"),
    path("item/<str:code>/checklist/", views.material_checklist, name="material_checklist"),
]
