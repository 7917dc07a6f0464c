from django.urls import path

from . import views

app_name = "inforequests"
urlpatterns = [
    path("info-request/", views.request_form, name="new"),
    path("info-request/track/", views.track, name="track"),
    path("info-request/<str:number>/", views.detail, name="detail"),
    path("info-request/<str:number>/notice/<int:notice_pk>/", views.notice, name="notice"),
]
