"""A text search refined by one platform, origin or domain filter, on PostgreSQL: the filter
narrows the index scan and the key's own facet is counted apart. The answer must be the one the
general statement (every filter checked per matched document) gives, whatever the case of the
values, the sort, the page, removed datasets or excluded values."""

import pytest
from django.db import connection

from catalog import services
from catalog.tests.factories import make_dataset
from search.backends.base import SearchRequest
from search.backends.database import querying
from search.query import parse_query

ADMIN = "urn:li:corpuser:admin"

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the narrowed statement is PostgreSQL's"
)


def answer(backend, request: SearchRequest) -> tuple:
    page = backend.search(request)
    facets = {
        key: sorted((v.value, v.count) for v in values) for key, values in page.facets.items()
    }
    return page.count, [hit.dataset_id for hit in page.hits], facets


@pytest.fixture(name="catalog")
def catalog_fixture(database_backend, django_capture_on_commit_callbacks):
    services.domain_create(name="Growth", display_name="Growth")
    services.domain_create(name="finance", display_name="Finance")
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(4):
            make_dataset(f"sales.orders_{i}", platform="postgres", domain="Growth", tags=["Gold"])
            make_dataset(f"shop.orders_{i}", platform="mysql", origin="DEV", owners=("aberger",))
            make_dataset(f"stream.orders_{i}", platform="kafka", domain="finance")
        make_dataset("archive.orders_old", platform="postgres", domain="Growth")
        services.dataset_remove(
            urn=make_dataset("gone.orders", platform="postgres").urn, actor=ADMIN
        )
        make_dataset("sales.customers", platform="postgres")
    return database_backend


@pytest.mark.parametrize(
    "text, filters",
    [
        ("orders", {"platform": ["POSTGRES", "mysql"]}),
        ("orders", {"platform": ["hive"]}),  # no dataset holds it: nothing, but the facet
        ("orders", {"origin": ["dev"]}),
        ("orders", {"domain": ["growth"]}),
        ("orders -tag:Gold", {"platform": ["postgres"]}),
        ("orders platform:kafka", {}),
        ("ordrs", {"platform": ["postgres"]}),  # the misspelling's retry takes the same path
    ],
)
@pytest.mark.parametrize("sort", ["relevance", "name", "-modified_at"])
def test_the_narrowed_statement_answers_as_the_general_one(
    catalog, monkeypatch, text, filters, sort
):
    taken = []
    narrowed = querying.narrowed

    def spy(**kwargs):
        taken.append(narrowed(**kwargs))
        return taken[-1]

    requests = [
        SearchRequest(query=parse_query(text), filters=filters, sort=sort, limit=3, offset=offset)
        for offset in (0, 3)
    ]
    monkeypatch.setattr(querying, "narrowed", spy)
    fast = [answer(catalog, request) for request in requests]
    assert taken and all(taken)
    monkeypatch.setattr(querying, "narrowed", lambda **kwargs: None)
    assert [answer(catalog, request) for request in requests] == fast


def test_the_filtered_key_counts_every_text_match_and_the_others_only_the_filtered(catalog):
    count, _, facets = answer(
        catalog, SearchRequest(query=parse_query("orders"), filters={"platform": ["Postgres"]})
    )
    assert count == 5  # the removed one hidden
    assert facets["platform"] == [("kafka", 4), ("mysql", 4), ("postgres", 5)]
    assert facets["domain"] == [("Growth", 5)]
    assert facets["tag"] == [("Gold", 4)]


def test_removed_datasets_shown_on_request_take_the_general_statement(catalog):
    request = SearchRequest(
        query=parse_query("orders"), filters={"platform": ["postgres"]}, include_removed=True
    )
    # FacetCount counts no removed dataset, so it cannot spell what they hold.
    narrowed = querying.narrowed(
        dialect=catalog.dialect, request=request, where=None, filters=request.all_filters()
    )
    assert narrowed is None
    assert answer(catalog, request)[0] == 6
