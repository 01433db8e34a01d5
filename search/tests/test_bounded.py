"""Bounded counts and top-k retrieval on the database backend: a search counts its matches up to
``track_total_hits`` and says when it stopped, its facets say when they come from a sample, a
filter always applies in full, and the page read tier by tier is the page every match scored
would give.

The documents are written to the index directly (no catalog behind them): what is tested is
the backend's reading."""

# pytest fixtures arrive as same-named arguments.
# pylint: disable=redefined-outer-name

import random
from datetime import datetime, timedelta, timezone

import pytest
from django.db import connection

from search.backends.base import SearchRequest
from search.backends.database import ranked
from search.documents import SearchDocument
from search.query import parse_query

WORDS = ["orders", "order", "customer", "events", "daily", "user", "email", "pageview", "clicks"]
FIELDS = [
    "user_id",
    "order_id",
    "customer_email",
    "customer_id",
    "created_at",
    "amount",
    "event_time",
]
PLATFORMS = ["hive", "kafka", "mysql", "postgres"]
STATUSES = ["active"] * 8 + ["deprecated", "removed"]


def document(number: int, rng: random.Random) -> SearchDocument:
    words = rng.sample(WORDS, rng.randint(1, 3))
    separator = rng.choice(["_", "."])
    name = separator.join(words) + ("" if rng.random() < 0.3 else f"_{number}")
    platform = rng.choice(PLATFORMS)
    return SearchDocument(
        dataset_id=number,
        # Names repeat on one platform here; URNs must not.
        urn=f"urn:li:dataset:(urn:li:dataPlatform:{platform},{name}.{number},PROD)",
        version=1,
        name=name,
        qualified_name=name,
        platform=platform,
        origin=rng.choice(["PROD", "PROD", "DEV"]),
        status=rng.choice(STATUSES),
        domain=rng.choice(["", "growth", "finance"]),
        browse_path="",
        description=" ".join(rng.sample(WORDS, 2)) + " table",
        modified_at=datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(hours=number),
        tags=rng.sample(["PII", "Gold", "Legacy"], rng.randint(0, 2)),
        owners=[f"urn:li:corpuser:{rng.choice(['aberger', 'jdoe', 'tnguyen'])}"],
        field_paths=rng.sample(FIELDS, rng.randint(1, 4)),
    )


@pytest.fixture
def indexed(database_backend):
    rng = random.Random(7)
    documents = [document(number, rng) for number in range(1, 401)]
    database_backend.bulk_index(documents)
    return documents


def search(backend, q: str = "", **kwargs):
    return backend.search(SearchRequest(query=parse_query(q), **kwargs))


def ids(page) -> list[int]:
    return [hit.dataset_id for hit in page.hits]


QUERIES = [
    ("orders", {}),
    ("order", {}),
    ("customer email", {}),
    ("user", {"platform": ["kafka"]}),
    ("events daily", {}),
    ('"customer email"', {}),
    ("daily -clicks", {}),
    ("orders tag:pii", {}),
    ("customer_email", {}),
    # A field's name: its datasets rank next to the exact names, read as tiers of their own.
    ("user_id", {}),
    ("order_id", {"tag": ["pii"]}),
    ("amount", {}),
    ("orders_12", {}),
    ("", {"tag": ["PII"]}),
    ("", {"tag": ["PII"], "platform": ["hive"]}),
    ("-tag:gold", {}),
    ("", {"status": ["active", "deprecated"]}),
]


@pytest.mark.parametrize("q, filters", QUERIES)
@pytest.mark.parametrize("sort", ["relevance", "name", "-modified_at"])
@pytest.mark.parametrize("dense", [False, True], ids=["indexed", "in-table-order"])
@pytest.mark.usefixtures("indexed")
def test_the_page_read_tier_by_tier_is_the_page_of_every_match_scored(
    database_backend, monkeypatch, q, filters, sort, dense
):
    """The bound far above the matches: every match is scored. Then every match read tier by
    tier, and a bound of 5, a sample of 3 and every tier read a few lengths at a time: the same
    pages, in the same order."""
    whole = [
        search(database_backend, q, filters=filters, sort=sort, limit=7, offset=offset)
        for offset in (0, 7, 30)
    ]
    assert all(page.count_is_exact and page.facets_are_exact for page in whole)
    monkeypatch.setattr(ranked, "SMALL_TIER", 0)
    # Read through the index, or (as for a match of most of a large catalog) in table order.
    monkeypatch.setattr(type(database_backend.dialect), "dense", lambda *args: dense)
    monkeypatch.setattr(ranked, "FACET_SAMPLE", 3)  # a sample smaller than the bound
    # Guessed to match far more than they do: nothing is scored in the bounded statement, the
    # page is read tier by tier, and it still holds every match, counted exactly.
    monkeypatch.setattr(type(database_backend.dialect), "estimate", lambda *args: 10**6)
    # The tiers' spread read for each, and the reads planned by it.
    monkeypatch.setattr(type(database_backend.dialect), "scored_matches", 0)
    by_tiers = [
        search(database_backend, q, filters=filters, sort=sort, limit=7, offset=offset)
        for offset in (0, 7, 30)
    ]
    assert [ids(page) for page in by_tiers] == [ids(page) for page in whole]
    assert [[h.score for h in p.hits] for p in by_tiers] == [
        [h.score for h in p.hits] for p in whole
    ]
    assert [(p.count, p.count_is_exact, p.facets) for p in by_tiers] == [
        (p.count, p.count_is_exact, p.facets) for p in whole
    ]
    bounded = [
        search(
            database_backend,
            q,
            filters=filters,
            sort=sort,
            limit=7,
            offset=offset,
            track_total_hits=5,
        )
        for offset in (0, 7, 30)
    ]
    assert [ids(page) for page in bounded] == [ids(page) for page in whole]
    assert [[h.score for h in p.hits] for p in bounded] == [
        [h.score for h in p.hits] for p in whole
    ]
    for exact, page in zip(whole, bounded):
        # Exact when it could be counted without reading the matches (FacetCount).
        if page.count_is_exact:
            assert page.count == exact.count
        else:
            assert page.count == 5 < exact.count


@pytest.mark.usefixtures("indexed")
def test_the_word_pairs_are_those_of_the_document_vector(database_backend):
    """Migration 0011 restates ``search_vector``'s expression for ``pair_vector`` (a generated
    column cannot read another): a later change to one must reach the other."""
    if database_backend.dialect.vendor != "postgresql":
        pytest.skip("pair_vector is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE pair_vector <> mdt_word_pairs(search_vector))"
            " FROM search_datasetdocument"
        )
        documents, differing = cursor.fetchone()
    assert documents > 0 and differing == 0


@pytest.mark.usefixtures("indexed")
def test_counts_are_exact_up_to_the_bound_and_a_lower_bound_above(database_backend):
    exact = search(database_backend, "orders")
    assert exact.count_is_exact and exact.facets_are_exact
    matches = exact.count
    assert matches > 20
    at_bound = search(database_backend, "orders", track_total_hits=matches)
    assert (at_bound.count, at_bound.count_is_exact, at_bound.facets_are_exact) == (
        matches,
        True,
        True,
    )
    above = search(database_backend, "orders", track_total_hits=matches - 1)
    assert (above.count, above.count_is_exact) == (matches - 1, False)
    # The facets came from a sample of the matches, scaled to an estimate of them, and say so.
    assert above.facets_are_exact is False
    assert {f.value for f in above.facets["platform"]} <= set(PLATFORMS)
    assert sum(f.count for f in above.facets["platform"]) >= matches - 1


@pytest.mark.usefixtures("indexed")
def test_a_filter_gives_exact_results_whatever_the_bound(database_backend):
    """A text match larger than the bound, narrowed by a filter to fewer: the results and their
    count are exact; only the facets, which count the text match, are estimates."""
    whole = search(database_backend, "orders", filters={"platform": ["kafka"]}, limit=50)
    text_only = search(database_backend, "orders").count
    bound = whole.count + 1
    assert text_only > bound
    page = search(
        database_backend,
        "orders",
        filters={"platform": ["kafka"]},
        limit=50,
        track_total_hits=bound,
    )
    assert (page.count, page.count_is_exact) == (whole.count, True)
    assert ids(page) == ids(whole)
    assert page.facets_are_exact is False


@pytest.mark.usefixtures("indexed")
def test_the_empty_query_counts_a_filter_from_the_maintained_counts(database_backend):
    """One tag (or platform…) on the unsearched catalog: the count is FacetCount's, exact
    whatever the bound, and the page is read in order from an index."""
    whole = search(database_backend, "", filters={"tag": ["pii"]}, limit=10)
    page = search(database_backend, "", filters={"tag": ["pii"]}, limit=10, track_total_hits=3)
    assert page.count == whole.count > 3 and page.count_is_exact
    assert ids(page) == ids(whole)
    # Its facets of the other keys read a sample above the bound, and say so.
    assert page.facets_are_exact is False and whole.facets_are_exact


def test_autocomplete_reads_field_names_by_use_and_names_by_their_last_segment(
    database_backend, indexed
):
    used = {
        name: sum(name in d.field_paths for d in indexed if d.status != "removed")
        for name in FIELDS
    }
    assert used["customer_email"] != used["customer_id"]
    # The most used first: what the datasets hold, counted by every write.
    fields = [s.text for s in database_backend.suggest("cu", 8) if s.type == "field"]
    assert fields == sorted(["customer_email", "customer_id"], key=lambda n: (-used[n], n))
    assert database_backend.suggest("o", 8) == []  # one letter suggests nothing
    names = [s.text for s in database_backend.suggest("clicks", 20) if s.type == "dataset"]
    expected = sorted(
        (d.name for d in indexed if d.status != "removed" and _leaf_or_name(d.name, "clicks")),
        key=lambda n: (not n.startswith("clicks"), len(n), n),
    )
    assert names == expected[:20] and names


def _leaf_or_name(name: str, prefix: str) -> bool:
    return name.lower().startswith(prefix) or name.lower().replace("/", ".").rsplit(".", 1)[
        -1
    ].startswith(prefix)
