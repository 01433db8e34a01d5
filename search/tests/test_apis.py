# pylint: disable=redefined-outer-name,unused-argument
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.tests.factories import make_dataset
from search.backends.base import SearchUnavailable
from search.backends.database import DatabaseBackend
from search.services import search_reindex


@pytest.fixture
def indexed(database_backend):
    make_dataset("metadata_lineageevent_v1", platform="kafka", owners=("aberger",), tags=["PII"])
    make_dataset("shop.orders", platform="mysql", description="<b>orders</b> of the shop")
    search_reindex()


def test_search_needs_a_token(api_client, indexed):
    assert api_client.get("/api/v1/search/?q=orders").status_code == 401
    assert api_client.get("/api/v1/search/autocomplete/?q=or").status_code == 401


def test_search_response_shape(reader_client, indexed):
    body = reader_client.get("/api/v1/search/", {"q": "lineage", "platform": "kafka"}).json()
    assert set(body) == {
        "count",
        "count_is_exact",
        "facets_are_exact",
        "limit",
        "offset",
        "fuzzy",
        "results",
        "facets",
    }
    assert (body["count"], body["limit"], body["offset"], body["fuzzy"]) == (1, 10, 0, False)
    assert body["count_is_exact"] and body["facets_are_exact"]
    result = body["results"][0]
    assert (
        result["urn"] == "urn:li:dataset:(urn:li:dataPlatform:kafka,metadata_lineageevent_v1,PROD)"
    )
    assert result["owners"] == ["urn:li:corpuser:aberger"]
    assert result["tags"] == ["PII"]
    assert result["platform"]["name"] == "kafka"
    assert "<mark>lineage</mark>" in result["highlights"]["name"][0]
    assert set(body["facets"]) == {"platform", "origin", "tag", "owner", "domain", "term", "status"}
    assert body["facets"]["platform"] == [{"value": "kafka", "count": 1}]


def test_search_filters_by_owner_username_or_urn(reader_client, indexed):
    for owner in ("aberger", "urn:li:corpuser:aberger"):
        body = reader_client.get("/api/v1/search/", {"owner": owner}).json()
        assert [r["name"] for r in body["results"]] == ["metadata_lineageevent_v1"]


def test_highlights_are_escaped(reader_client, indexed):
    body = reader_client.get("/api/v1/search/", {"q": "orders"}).json()
    snippet = body["results"][0]["highlights"]["description"][0]
    assert snippet == "&lt;b&gt;<mark>orders</mark>&lt;/b&gt; of the shop"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": 1000}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"sort": "size"}, "sort"),
        ({"origin": "LIVE"}, "origin"),
        ({"status": "gone"}, "status"),
        ({"q": "x" * 501}, "q"),
    ],
)
def test_search_rejects_bad_parameters(reader_client, indexed, query, field):
    response = reader_client.get("/api/v1/search/", query)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_autocomplete(reader_client, indexed):
    body = reader_client.get("/api/v1/search/autocomplete/", {"q": "sh"}).json()
    assert {
        "type": "dataset",
        "text": "shop.orders",
        "urn": "urn:li:dataset:(urn:li:dataPlatform:mysql,shop.orders,PROD)",
        "platform": "mysql",
        "origin": "PROD",
    } in body["suggestions"]
    short = reader_client.get("/api/v1/search/autocomplete/", {"q": "s"})
    assert short.status_code == 400
    assert "q" in short.json()["error"]["fields"]


@pytest.mark.parametrize("text", ["--", "__", "(((", '""""', "\N{PILE OF POO}\N{PILE OF POO}"])
def test_autocomplete_and_search_of_text_without_a_word_answer_200(reader_client, indexed, text):
    suggestions = reader_client.get("/api/v1/search/autocomplete/", {"q": text})
    assert suggestions.status_code == 200, suggestions.content
    assert [s for s in suggestions.json()["suggestions"] if s["type"] == "dataset"] == []
    results = reader_client.get("/api/v1/search/", {"q": text})
    assert results.status_code == 200, results.content


def test_search_outage_is_a_503_in_the_error_shape(reader_client, indexed, monkeypatch):
    def down(self, request):
        raise SearchUnavailable("down")

    monkeypatch.setattr(DatabaseBackend, "search", down)
    response = reader_client.get("/api/v1/search/", {"q": "orders"})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "search_unavailable"


def test_healthz_stays_up_but_reports_a_search_outage(api_client, database_backend, monkeypatch):
    monkeypatch.setattr(
        DatabaseBackend, "health", lambda self: {"ok": False, "backend": "database"}
    )
    response = api_client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["search"] == "degraded"


def test_a_page_of_results_costs_the_same_queries_however_many_it_holds(
    reader_client, database_backend
):
    """The page is hydrated in bulk (datasets, tags, owners): no query per result."""
    for i in range(12):
        make_dataset(f"sales.orders_{i}", owners=("aberger", "jdoe"), tags=["Gold", "PII"])
    search_reindex()
    counted = []
    for limit in (2, 10):
        with CaptureQueriesContext(connection) as captured:
            body = reader_client.get("/api/v1/search/", {"q": "orders", "limit": limit}).json()
        assert len(body["results"]) == limit
        assert all(len(r["owners"]) == 2 and r["tags"] == ["Gold", "PII"] for r in body["results"])
        counted.append(len(captured.captured_queries))
    assert counted[0] == counted[1]
