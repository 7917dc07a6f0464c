from django.urls import path

from . import views

app_name = "letters"
urlpatterns = [
    path("letters/", views.public_letters, name="public"),
    path("letters/write/", views.write, name="write"),
    path("letters/written/", views.written, name="written"),
    path("letters/lookup/", views.lookup, name="lookup"),
    path("letters/lookup/verify/", views.lookup_verify, name="lookup_verify"),
    path("letters/lookup/result/", views.lookup_result, name="lookup_result"),
    # Before the public detail route, which would otherwise take "mine" for a letter number.
    path("letters/mine/", views.my_letters, name="mine"),
    path("letters/mine/<str:number>/", views.my_letter, name="my_letter"),
    path("letters/<str:number>/", views.letter_detail, name="detail"),
]
