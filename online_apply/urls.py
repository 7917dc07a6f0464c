"""Citizen-side URLs of online pre-application. Staff screens are registered in the Wagtail
admin by online_apply/wagtail_hooks.py (register_admin_urls)."""

from django.urls import path

from . import file_views, views

app_name = "online_apply"
urlpatterns = [
    path("apply/<str:item_code>/", views.start, name="start"),
    path("apply/case/<int:pk>/step/<int:step>/", views.step, name="step"),
    path("my/cases/", views.my_cases, name="my_cases"),
    path("my/cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/lookup/", views.lookup, name="lookup"),
    path("cases/lookup/verify/", views.lookup_verify, name="lookup_verify"),
    path("cases/lookup/result/", views.lookup_result, name="lookup_result"),
    path("cases/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("cases/<int:pk>/files/<int:file_pk>/", file_views.download, name="file"),
    path("cases/<int:pk>/notices/<int:notice_pk>/", views.notice, name="notice"),
]
