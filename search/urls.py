from django.urls import path

from . import api, views

app_name = "search"
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/search/", api.search, name="api_search"),
    path("api/search/autocomplete/", api.autocomplete, name="api_autocomplete"),
]
