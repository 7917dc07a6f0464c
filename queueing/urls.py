from django.urls import path

from . import views

app_name = "queueing"
urlpatterns = [
    path("hall/<slug:hall_code>/board/", views.board, name="board"),
    path("hall/<slug:hall_code>/board.json", views.board_json, name="board_json"),
    path("ticket/<str:code>/", views.ticket, name="ticket"),
]
