from django.urls import path

from portal.views import toggle_elder_mode

from . import views

app_name = "guides"
urlpatterns = [
    path("item/<str:code>/", views.item_by_code, name="item_by_code"),
    path("item/<str:code>/checklist/", views.material_checklist, name="material_checklist"),
    # Site-wide (the 长辈版 switch in every page header; the view is portal.views); templates name it guides:elder_mode.
    path("elder-mode/", toggle_elder_mode, name="elder_mode"),
]
