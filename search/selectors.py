"""Search reads: ask the backend for ranked ids, then read what is shown from the catalog, so
results always show current metadata even when the index lags a little."""

from dataclasses import dataclass

from django.db.models import Prefetch

from catalog.models import Dataset, DatasetTag, Ownership
from search.backends import get_backend
from search.backends.base import SearchPage, SearchRequest, Suggestion


@dataclass
class SearchResults:
    page: SearchPage
    datasets: list[tuple[Dataset, float, dict[str, list[str]]]]


def dataset_search(request: SearchRequest) -> SearchResults:
    page = get_backend().search(request)
    by_id = {
        ds.id: ds
        for ds in Dataset.objects.filter(id__in=[hit.dataset_id for hit in page.hits])
        # A result shows a summary: the docs page and custom properties can be long.
        .defer("docs", "custom_properties")
        .select_related("platform", "domain")
        .prefetch_related(
            Prefetch("tag_links", queryset=DatasetTag.objects.select_related("tag")),
            Prefetch("ownerships", queryset=Ownership.objects.select_related("user", "group")),
        )
    }
    rows = [
        (by_id[hit.dataset_id], hit.score, hit.highlights)
        for hit in page.hits
        if hit.dataset_id in by_id  # a dataset deleted since it was indexed
    ]
    return SearchResults(page=page, datasets=rows)


def dataset_autocomplete(*, prefix: str, limit: int) -> list[Suggestion]:
    return get_backend().suggest(prefix, limit)
