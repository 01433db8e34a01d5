"""Entity search: every type found by name, display name or description, ranked in tiers, with
a type facet; autocomplete over names."""

import pytest

from accounts.models import Group, User
from catalog import entity_services as es
from catalog.models import Dataset
from catalog.tests.factories import make_dataset
from search.relay import relay_pending

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("entities")]
ACTOR = "urn:li:corpuser:datahub"


@pytest.fixture(name="entities")
def entities_of_every_type(platforms_seeded):  # pylint: disable=unused-argument
    es.tag_upsert(name="Revenue", actor=ACTOR, description="Money in")
    es.glossary_term_upsert(
        name="Finance.NetRevenue", actor=ACTOR, display_name="Net revenue", description="After tax"
    )
    es.glossary_term_upsert(name="Finance.Cost", actor=ACTOR, description="What revenue costs")
    es.glossary_node_upsert(name="Finance", actor=ACTOR, description="Revenue and cost terms")
    User.objects.create(username="rev", display_name="Reva Singh", title="Revenue analyst")
    Group.objects.create(name="revenue-team", display_name="Revenue team")
    es.domain_upsert(name="sales", actor=ACTOR, description="Revenue reporting")
    es.container_upsert(
        urn="urn:li:container:abc", actor=ACTOR, name="revenue_db", platform="postgres"
    )
    es.data_job_upsert(
        urn="urn:li:dataJob:(urn:li:dataFlow:(airflow,revenue,prod),load)", actor=ACTOR
    )
    es.dashboard_upsert(urn="urn:li:dashboard:(looker,1)", actor=ACTOR, name="Revenue")
    es.chart_upsert(urn="urn:li:chart:(looker,2)", actor=ACTOR, name="Cost by month")


def search(client, query: str) -> dict:
    response = client.get(f"/api/v1/entities/?{query}")
    assert response.status_code == 200, response.content
    return response.json()


def test_every_type_is_found_and_counted_in_the_type_facet(reader_client):
    body = search(reader_client, "q=revenue&limit=50")
    facets = {f["value"]: f["count"] for f in body["facets"]["type"]}
    assert facets == {
        "tag": 1,
        "glossaryTerm": 2,
        "glossaryNode": 1,
        "corpuser": 1,
        "corpGroup": 1,
        "domain": 1,
        "container": 1,
        "dataFlow": 1,
        "dataJob": 1,
        "dashboard": 1,
    }
    assert body["count"] == 11
    # The exact names first (a tag, a dashboard and the pipeline, named by its id), then the
    # names starting with it, then those holding it, then descriptions.
    first = {(r["type"], r["name"]) for r in body["results"][:3]}
    assert first == {("dashboard", "Revenue"), ("tag", "Revenue"), ("dataFlow", "revenue")}
    starts = {(r["type"], r["name"]) for r in body["results"][3:5]}
    assert starts == {("container", "revenue_db"), ("corpGroup", "revenue-team")}
    assert (body["results"][5]["type"], body["results"][5]["name"]) == (
        "glossaryTerm",
        "Finance.NetRevenue",
    )
    # Only other texts (a description, a person's title, a task's pipeline) hold it in the rest,
    # by name.
    assert [r["name"] for r in body["results"][6:]] == [
        "Finance",
        "Finance.Cost",
        "load",
        "rev",
        "sales",
    ]
    keys = {r["type"]: r["url_key"] for r in body["results"]}
    assert keys["corpuser"] == "rev" and keys["dashboard"] == "urn:li:dashboard:(looker,1)"
    assert keys["container"] == "urn:li:container:abc"


def test_a_type_filter_keeps_every_facet_and_pages(reader_client):
    body = search(reader_client, "q=revenue&type=glossaryTerm&limit=1")
    assert body["count"] == 2 and len(body["results"]) == 1
    assert body["results"][0]["display_name"] == "Net revenue"  # a display name tier first
    second = search(reader_client, "q=revenue&type=glossaryTerm&limit=1&offset=1")
    assert second["results"][0]["name"] == "Finance.Cost"  # its description matched
    assert len(body["facets"]["type"]) == 10


def test_every_word_must_match(reader_client):
    body = search(reader_client, "q=revenue+analyst")
    assert [(r["type"], r["name"]) for r in body["results"]] == [("corpuser", "rev")]


def test_autocomplete_suggests_names_and_display_names(reader_client):
    response = reader_client.get("/api/v1/entities/autocomplete/?q=net")
    names = [(s["type"], s["name"]) for s in response.json()["suggestions"]]
    assert names == [("glossaryTerm", "Finance.NetRevenue")]
    response = reader_client.get("/api/v1/entities/autocomplete/?q=rev&limit=3")
    assert len(response.json()["suggestions"]) == 3


@pytest.mark.parametrize("query", ["type=dataset", "limit=0", "offset=-1", "q=" + "x" * 201])
def test_malformed_queries_are_a_400(reader_client, query):
    response = reader_client.get(f"/api/v1/entities/?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]


def test_a_dataset_is_found_by_its_containers_names_and_again_after_a_rename(reader_client):
    actor = "urn:li:corpuser:datahub"
    es.container_upsert(urn="urn:li:container:db1", actor=actor, name="warehouse_eu")
    es.container_upsert(
        urn="urn:li:container:s1", actor=actor, name="ledger", parent="urn:li:container:db1"
    )
    orders = make_dataset("x.orders", container="urn:li:container:s1")
    relay_pending()

    def found(text: str) -> list[str]:
        body = reader_client.get("/api/v1/search/", {"q": text}).json()
        return [row["urn"] for row in body["results"]]

    assert found("warehouse") == [orders.urn] and found("ledger") == [orders.urn]
    version = Dataset.objects.get(pk=orders.pk).version
    es.container_upsert(urn="urn:li:container:db1", actor=actor, name="lakehouse_eu")
    assert Dataset.objects.get(pk=orders.pk).version == version + 1
    relay_pending()
    assert found("lakehouse") == [orders.urn] and found("warehouse") == []
