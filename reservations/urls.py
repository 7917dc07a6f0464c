from django.urls import path

from . import views

app_name = "reservations"
urlpatterns = [
    path("reserve/<str:item_code>/", views.choose, name="choose"),
    path("reserve/<str:item_code>/confirm/", views.confirm, name="confirm"),
    path("my/bookings/", views.my_bookings, name="my_bookings"),
    path("my/bookings/<str:code>/", views.detail, name="detail"),
    path("my/bookings/<str:code>/booking.ics", views.ics, name="ics"),
    path("my/bookings/<str:code>/cancel/", views.cancel, name="cancel"),
]
