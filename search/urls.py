from django.urls import path

from search import apis

urlpatterns = [
    path("search/", apis.SearchView.as_view(), name="search"),
    path("search/autocomplete/", apis.AutocompleteView.as_view(), name="search-autocomplete"),
    path("entities/", apis.EntitySearchView.as_view(), name="entity-search"),
    path(
        "entities/autocomplete/",
        apis.EntityAutocompleteView.as_view(),
        name="entity-autocomplete",
    ),
]
