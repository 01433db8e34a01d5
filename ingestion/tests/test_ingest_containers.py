"""The bulk API's containers: a dataset item's ``container`` and the request's ``containers``,
written before the datasets, each entry whole or nothing."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.tests.factories import UserFactory
from catalog.entity_models import Container, EntityChange
from catalog.models import Dataset
from catalog.tests.factories import make_urn
from ingestion.containers import container_urn, database_key, schema_key

URL = "/api/v1/ingest/"
DB = container_urn(database_key(platform="postgres", database="shop", origin="PROD"))
PUBLIC = container_urn(
    schema_key(platform="postgres", database="shop", schema="public", origin="PROD")
)
ORDERS = make_urn("shop.public.orders", "postgres")


@pytest.fixture
def ingest_client(db) -> APIClient:  # pylint: disable=unused-argument
    client = APIClient()
    client.force_authenticate(user=UserFactory(username="pipeline", role=Role.INGESTION))
    return client


def _containers():
    return [
        {"urn": PUBLIC, "name": "public", "sub_type": "Schema", "platform": "postgres",
         "parent": DB},
        {"urn": DB, "name": "shop", "sub_type": "Database", "platform": "postgres",
         "description": "The web shop."},
    ]  # fmt: skip


def test_containers_are_written_parents_first_with_the_datasets_in_them(ingest_client):
    response = ingest_client.post(
        URL,
        {"containers": _containers(), "datasets": [{"urn": ORDERS, "container": PUBLIC}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 1
    public = Container.objects.select_related("parent", "platform").get(urn=PUBLIC)
    assert (public.name, public.sub_type, public.platform.name) == ("public", "Schema", "postgres")
    assert (public.parent.urn, public.parent.description) == (DB, "The web shop.")
    assert Dataset.objects.get(urn=ORDERS).container == public
    # The schema came first and named its database: created with its id, then described.
    created = EntityChange.objects.filter(entity_type="container").order_by("id")
    assert list(created.values_list("entity_urn", flat=True)) == [DB, PUBLIC, DB]


def test_a_container_not_described_is_created_with_its_id_and_null_takes_a_dataset_out(
    ingest_client,
):
    ingest_client.post(URL, {"datasets": [{"urn": ORDERS, "container": PUBLIC}]}, format="json")
    assert Container.objects.get().name == PUBLIC.removeprefix("urn:li:container:")
    response = ingest_client.post(
        URL, {"datasets": [{"urn": ORDERS, "container": None}]}, format="json"
    )
    assert response.json()["updated"] == 1
    assert Dataset.objects.get(urn=ORDERS).container is None


def test_what_a_container_leaves_out_is_kept_and_null_clears_it(ingest_client):
    ingest_client.post(URL, {"containers": _containers(), "datasets": []}, format="json")
    again = [
        {"urn": PUBLIC, "name": "public", "parent": None},
        {"urn": DB, "name": "shop", "description": None},
    ]
    response = ingest_client.post(URL, {"containers": again, "datasets": []}, format="json")
    assert response.status_code == 200, response.json()
    database = Container.objects.select_related("platform").get(urn=DB)
    assert (database.description, database.sub_type, database.platform.name) == (
        "The web shop.",
        "Database",
        "postgres",
    )
    public = Container.objects.select_related("platform").get(urn=PUBLIC)
    assert (public.parent, public.sub_type, public.platform.name) == (None, "Schema", "postgres")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"platform": "nosuchdb"}, "platform"),
        ({"urn": "urn:li:dataset:x"}, "urn"),
        ({"parent": "shop"}, "parent"),
        ({"name": {"a": 1}}, "name"),
        ({"name": "a\x00b"}, "name"),
        ({"parent": DB}, "parent"),  # a container that would hold itself
    ],
)
def test_a_bad_container_is_listed_and_leaves_no_trace(ingest_client, change, field):
    containers = _containers()
    containers[1] = {**containers[1], **change}
    response = ingest_client.post(
        URL,
        {"containers": containers, "datasets": [{"urn": ORDERS, "container": PUBLIC}]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    (error,) = body["entity_errors"]
    assert (error["section"], error["index"]) == ("containers", 1)
    assert field in error["fields"], error
    # The schema and the dataset in it are kept; the refused entry wrote nothing of its own.
    assert body["created"] == 1 and body["entities_written"] == 1
    database = Container.objects.get(urn=DB)
    assert database.description == "" and database.sub_type == ""


def test_containers_must_be_a_list(ingest_client):
    response = ingest_client.post(URL, {"containers": {}, "datasets": []}, format="json")
    assert response.status_code == 400
    assert "containers" in response.json()["error"]["fields"]


def test_an_items_container_that_is_not_a_container_urn_fails_that_item_alone(ingest_client):
    other = make_urn("shop.public.customers", "postgres")
    response = ingest_client.post(
        URL,
        {"datasets": [{"urn": ORDERS, "container": "urn:li:dataset:x"}, {"urn": other}]},
        format="json",
    )
    body = response.json()
    assert (response.status_code, body["created"], body["failed"]) == (200, 1, 1)
    assert body["errors"][0]["index"] == 0 and "container" in body["errors"][0]["fields"]
    assert not Container.objects.exists()
