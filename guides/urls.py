from django.urls import path

from portal.views import toggle_elder_mode

from . import views

app_name = "guides"
urlpatterns = [
    path("item/<str:code>/", views.item_by_code, name="item_by_code"),
    path("item/<str:code>/checklist/", views.material_checklist, name="material_checklist"),
    # Site-wide, but portal has no urls.py of its own; lives here to keep portal/urls.py untouched.
    path("elder-mode/", toggle_elder_mode, name="elder_mode"),
]
