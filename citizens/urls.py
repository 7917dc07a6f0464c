from django.urls import path

from . import session_timeout, views

app_name = "citizens"
urlpatterns = [
    path("account/", views.profile, name="profile"),
    path("account/register/", views.register, name="register"),
    path("account/login/", views.login_view, name="login"),
    path("account/password/reset/", views.password_reset, name="password_reset"),
    path("account/logout/", views.CitizenLogoutView.as_view(), name="logout"),
    path("account/keep-alive/", session_timeout.keep_alive, name="keep_alive"),
]
