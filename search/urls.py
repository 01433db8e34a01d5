from django.urls import path

from search import apis

urlpatterns = [
    path("search/", apis.SearchView.as_view(), name="search"),
    path("search/autocomplete/", apis.AutocompleteView.as_view(), name="search-autocomplete"),
]
