"""Realistic queries on the demo catalog, with the dataset that must come first. One test per
backend (loading the demo catalog is the slow part), one assertion block per query."""

# pylint: disable=redefined-outer-name,unused-argument

import re

from django.core.management import call_command

from catalog.models import Dataset
from search.backends.base import SearchRequest
from search.query import parse_query
from search.services import search_reindex


def test_relevance_on_the_demo_catalog(search_backend):
    call_command("load_demo_catalog", datasets=400, verbosity=0)
    search_reindex()
    demo = {d.id: d for d in Dataset.objects.select_related("platform")}

    def top(q: str, n: int = 1, **kwargs) -> list[Dataset]:
        page = search_backend.search(SearchRequest(query=parse_query(q), limit=n, **kwargs))
        return [demo[hit.dataset_id] for hit in page.hits]

    def leaf(dataset: Dataset) -> str:
        return re.split(r"[./]", dataset.name.lower())[-1]

    # An exact table name first.
    assert top("tracking.pageviewevent")[0].name == "tracking.pageviewevent"
    assert top("shop.orders")[0].name == "shop.orders"
    assert top("MetadataChangeEvent_v4")[0].name == "MetadataChangeEvent_v4"
    assert {leaf(d) for d in top("PageViewEvent", n=3)} == {"pageviewevent"}

    # "lineage" finds the lineage datasets first; words inside compound names match.
    assert all("lineage" in d.name.lower() for d in top("lineage", n=10))
    assert "lineageevent" in top("lineage event")[0].name.lower()

    # A field name finds datasets with that field.
    for dataset in top("home_address", n=5):
        assert dataset.fields.filter(field_path__endswith="home_address").exists()

    # An owner filter with text.
    owned = top("owner:tnguyen lineage", n=5)
    assert owned
    assert all(d.ownerships.filter(user__username="tnguyen").exists() for d in owned)

    # A misspelling is recovered by trigram similarity.
    assert any("pageviewevent" in d.name.lower() for d in top("pageveiwevent", n=5))

    # Facet counts agree with the result count.
    page = search_backend.search(
        SearchRequest(query=parse_query("lineage"), filters={"platform": ["kafka"]})
    )
    assert page.count == {f.value: f.count for f in page.facets["platform"]}["kafka"]
    assert sum(f.count for f in page.facets["origin"]) == page.count
