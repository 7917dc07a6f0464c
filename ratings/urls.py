from django.urls import path

from . import views

app_name = "ratings"
urlpatterns = [
    path("my/cases/<int:pk>/rate/", views.rate_case, name="rate_case"),
    path("rate/visit/<str:code>/", views.rate_visit, name="rate_visit"),
    path("satisfaction/", views.satisfaction, name="satisfaction"),
    path("satisfaction/rectifications/", views.rectification_ledger, name="ledger"),
    path("guide-feedback/<int:page_id>/", views.guide_feedback, name="guide_feedback"),
]
