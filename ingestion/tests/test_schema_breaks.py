"""A schema change that breaks a column reader, as ingestion reports it: in the bulk API's
answer and in a recipe run's summary (the history event itself: catalog/tests/test_schema_diff)."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import sqlite3

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.tests.factories import UserFactory
from catalog import services
from catalog.models import ChangeEvent, Dataset
from catalog.services import FieldSpec, UpstreamSpec
from catalog.tests.factories import make_urn
from catalog.tests.test_lineage_columns import table
from ingestion.recipes import recipe_parse
from ingestion.runs import recipe_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingest_client(db) -> APIClient:  # pylint: disable=unused-argument
    client = APIClient()
    client.force_authenticate(user=UserFactory(username="pipeline", role=Role.INGESTION))
    return client


def _post(client: APIClient, *fields: tuple[str, str]) -> dict:
    document = {
        "urn": make_urn("api.orders"),
        "schema": [{"field_path": path, "type": kind} for path, kind in fields],
    }
    response = client.post("/api/v1/ingest/", {"datasets": [document]}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_bulk_api_reports_a_break_only_where_a_column_reads_the_field(ingest_client):
    assert (
        _post(ingest_client, ("id", "number"), ("email", "string"), ("note", "string"))[
            "schema_breaks"
        ]
        == []
    )
    table("api.customers", ["mail"], [("api.orders", [(["email"], ["mail"])])])
    answer = _post(ingest_client, ("id", "number"), ("email", "string"))  # note: no reader
    assert answer["schema_breaks"] == [] and answer["updated"] == 1
    answer = _post(ingest_client, ("id", "number"), ("email", "number"))
    assert answer["schema_breaks"] == [
        {"urn": make_urn("api.orders"), "fields": ["email"], "readers": 1}
    ]
    event = ChangeEvent.objects.get(aspect="schema_break")
    assert event.after == {"removed": [], "type_changed": ["email"], "readers": 1}


def test_a_recipe_run_sums_its_breaks_up(tmp_path):
    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, email TEXT, note TEXT)")
    source = {"type": "sqlite", "config": {"path": str(path)}}
    recipe = recipe_parse({"name": "shop", "source": source, "stateful": {"enabled": True}})
    first = recipe_run(recipe=recipe)
    assert "schema_breaks" not in first.summary
    orders = Dataset.objects.get()
    fields = list(orders.fields.values_list("field_path", flat=True))
    assert "email" in fields
    services.dataset_upsert(
        urn=make_urn("mart.customers"),
        actor="urn:li:corpuser:etl",
        schema=[FieldSpec(field_path="mail", type="string")],
        upstreams=[
            UpstreamSpec(
                urn=orders.urn, column_mappings=({"upstreams": ["email"], "downstreams": ["mail"]},)
            )
        ],
    )
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE orders DROP COLUMN email")
    second = recipe_run(recipe=recipe)
    assert second.summary["schema_breaks"] == [
        {"urn": orders.urn, "fields": ["email"], "readers": 1}
    ]
    assert second.summary["removal"] == "nothing to remove"  # stateful's summary kept beside it
