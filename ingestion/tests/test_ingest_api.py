"""POST /api/v1/ingest/: the bulk ingestion API."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import json

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.tests.factories import UserFactory
from catalog import services
from catalog.models import ChangeEvent, Dataset, LineageEdge
from catalog.tests.factories import DomainFactory, make_urn
from ingestion import api

URL = "/api/v1/ingest/"


@pytest.fixture
def ingester(db):  # pylint: disable=unused-argument
    return UserFactory(username="pipeline", role=Role.INGESTION)


@pytest.fixture
def ingest_client(ingester) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=ingester)
    return client


def _document(name: str = "db.orders", **extra) -> dict:
    return {
        "urn": make_urn(name),
        "description": "All orders",
        "schema": [
            {"field_path": "id", "type": "number", "native_type": "bigint", "is_key": True},
            {"field_path": "customer.email", "type": "string", "tags": ["pii"]},
        ],
        "owners": [{"owner": "urn:li:corpuser:ann", "type": "DATA_STEWARD"}],
        "tags": ["gold"],
        "glossary_terms": ["Sales.Order"],
        **extra,
    }


def test_ingest_creates_datasets_with_every_aspect(ingest_client):
    DomainFactory(name="sales")
    response = ingest_client.post(
        URL,
        {
            "datasets": [
                _document("db.raw"),
                _document(
                    domain="sales",
                    custom_properties={"retention": "30d"},
                    browse_path="/hive/warehouse",
                    upstreams=[
                        {
                            "urn": make_urn("db.raw"),
                            "type": "TRANSFORMED",
                            "actor": "urn:li:dataJob:etl",
                            "column_mappings": [{"upstreams": ["id"], "downstreams": ["id"]}],
                        }
                    ],
                ),
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "failed": 0,
        "errors": [],
        "schema_breaks": [],
        "entities_written": 0,
        "entity_errors": [],
    }
    dataset = Dataset.objects.get(urn=make_urn("db.orders"))
    assert dataset.description == "All orders"
    assert dataset.domain.name == "sales"
    assert dataset.browse_path == "/hive/warehouse"
    assert [f.field_path for f in dataset.fields.all()] == ["id", "customer.email"]
    assert dataset.fields.get(field_path="customer.email").tags == ["pii"]
    assert [o.owner_urn for o in dataset.ownerships.all()] == ["urn:li:corpuser:ann"]
    edge = LineageEdge.objects.get(downstream=dataset)
    assert edge.upstream.urn == make_urn("db.raw")
    assert edge.column_mappings == [{"upstreams": ["id"], "downstreams": ["id"]}]
    assert dataset.changes.filter(actor="urn:li:corpuser:pipeline").exists()


def test_ingest_reports_bad_items_and_keeps_the_others(ingest_client):
    response = ingest_client.post(
        URL,
        {
            "datasets": [
                _document("db.good"),
                {"urn": "urn:li:dataset:broken"},
                _document("db.bad_type", schema=[{"field_path": "x", "type": "varchar"}]),
                {"urn": make_urn("db.typo"), "descripton": "oops"},
                "not an object",
                _document("db.good2"),
                _document("db.long_term", glossary_terms=["T" * 201]),
            ]
        },
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["failed"]) == (2, 5)
    errors = {error["index"]: error for error in body["errors"]}
    assert sorted(errors) == [1, 2, 3, 4, 6]
    assert errors[6]["fields"] == {"glossary_terms": ["entries must be at most 200 characters"]}
    assert errors[1]["code"] == "invalid_urn"
    assert errors[1]["urn"] == "urn:li:dataset:broken"
    assert "'varchar' is not a valid choice" in errors[2]["fields"]["type"][0]
    assert errors[2]["urn"] == make_urn("db.bad_type")
    assert errors[3]["message"] == "item: unknown keys: descripton."
    assert errors[4]["fields"] == {"item": ["must be an object"]}
    assert set(Dataset.objects.values_list("name", flat=True)) == {"db.good", "db.good2"}


def test_ingest_counts_updated_and_unchanged_items(ingest_client):
    ingest_client.post(URL, {"datasets": [_document("a.x"), _document("a.y")]}, format="json")
    response = ingest_client.post(
        URL,
        {"datasets": [_document("a.x"), _document("a.y", description="changed")]},
        format="json",
    )
    body = response.json()
    assert (body["created"], body["updated"], body["unchanged"]) == (0, 1, 1)
    changed = Dataset.objects.get(name="a.y")
    assert changed.version == 2
    event = ChangeEvent.objects.filter(dataset=changed).first()
    assert event.aspect == "properties"
    assert event.before["description"] == "All orders"
    assert event.after["description"] == "changed"


def test_ingest_never_overwrites_human_edits(ingest_client):
    ingest_client.post(URL, {"datasets": [_document()]}, format="json")
    urn = make_urn("db.orders")
    services.dataset_update(urn=urn, actor="urn:li:corpuser:ed", docs="Curated", tags=["core"])
    services.dataset_schema_edit(
        urn=urn, actor="urn:li:corpuser:ed", edits=[services.FieldEdit("id", description="Key")]
    )
    response = ingest_client.post(
        URL, {"datasets": [_document(description="new", tags=[])]}, format="json"
    )
    assert response.json()["updated"] == 1
    dataset = Dataset.objects.get(urn=urn)
    assert (dataset.docs, dataset.description) == ("Curated", "new")
    assert list(dataset.tag_links.values_list("tag__name", "source")) == [("core", "editable")]
    assert dataset.fields.get(field_path="id").editable_description == "Key"


def test_ingest_refuses_too_many_items_with_413(ingest_client):
    documents = [{"urn": make_urn(f"t.{i}")} for i in range(api.MAX_ITEMS + 1)]
    response = ingest_client.post(URL, {"datasets": documents}, format="json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"
    assert not Dataset.objects.exists()


def test_ingest_refuses_a_body_over_the_size_limit_with_413(ingest_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = ingest_client.post(
        URL, {"datasets": [_document(description="x" * 2000)]}, format="json"
    )
    assert response.status_code == 413
    assert "at most 1000" in response.json()["error"]["message"]


def test_ingest_refuses_a_body_without_a_datasets_list(ingest_client):
    response = ingest_client.post(URL, {"items": []}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
    response = ingest_client.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400


def test_ingest_needs_a_token(db):  # pylint: disable=unused-argument
    response = APIClient().post(URL, {"datasets": []}, format="json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("role", [Role.READER, Role.EDITOR])
def test_ingest_is_forbidden_without_the_ingest_permission(db, role):  # pylint: disable=W0613
    client = APIClient()
    client.force_authenticate(user=UserFactory(role=role))
    response = client.post(URL, {"datasets": [_document()]}, format="json")
    assert response.status_code == 403
    assert not Dataset.objects.exists()


def test_ingest_accepts_a_bearer_token_of_an_ingestion_account(ingester):
    ingester.set_password("s3cret-pass")
    ingester.save()
    client = APIClient()
    token = client.post(
        "/api/v1/auth/token/", {"username": "pipeline", "password": "s3cret-pass"}, format="json"
    ).json()["access"]
    response = client.post(
        URL,
        data=json.dumps({"datasets": [_document()]}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200
    assert response.json()["created"] == 1


def test_ingest_is_documented_in_swagger(db):  # pylint: disable=unused-argument
    schema = APIClient().get("/api/swagger.json").json()
    operation = schema["paths"]["/ingest/"]["post"]
    assert {"200", "400", "401", "403", "413"} <= set(operation["responses"])
    body = next(p for p in operation["parameters"] if p["in"] == "body")
    assert body["schema"]["$ref"].endswith("IngestRequest")
    dataset = schema["definitions"]["IngestDataset"]["properties"]
    assert {"urn", "schema", "owners", "upstreams", "removed"} <= set(dataset)


def _post(client: APIClient, datasets: list):
    """JSON as a client sends it: ``json.dumps`` escapes NUL and lone surrogates (``\\ud800``),
    which the test client's own encoder would refuse to write as UTF-8."""
    return client.post(URL, json.dumps({"datasets": datasets}), content_type="application/json")


def _field(**extra) -> dict:
    return {"field_path": "id", "type": "number", **extra}


@pytest.mark.parametrize(
    ("extra", "name"),
    [
        ({"description": "x\u0000y"}, "description"),
        ({"description": "x\ud800y"}, "description"),
        ({"qualified_name": "db.\u0000"}, "qualified_name"),
        ({"browse_path": "/hive/\u0000"}, "browse_path"),
        ({"custom_properties": {"k": "v\u0000"}}, "custom_properties.k"),
        ({"custom_properties": {"\u0000": "v"}}, "custom_properties"),
        ({"custom_properties": {"\ud800": "v"}}, "custom_properties"),
        ({"custom_properties": {"k": "\udfff"}}, "custom_properties.k"),
        ({"schema": [_field(), _field(field_path="a\u0000")]}, "schema[1].field_path"),
        ({"schema": [_field(description="d\u0000")]}, "schema[0].description"),
        ({"schema": [_field(native_type="int\u0000")]}, "schema[0].native_type"),
        ({"schema": [_field(tags=["pii\u0000"])]}, "schema[0].tags"),
        ({"schema": [_field(glossary_terms=["T\ud800"])]}, "schema[0].glossary_terms"),
        ({"schema": [_field(ordinal=2**31)]}, "schema[0].ordinal"),
        ({"tags": ["gold\u0000"]}, "tags"),
        ({"glossary_terms": ["Sales.\u0000"]}, "glossary_terms"),
        ({"owners": [{"owner": "urn:li:corpuser:a\u0000"}]}, "owners[0].owner"),
        ({"upstreams": [{"urn": make_urn("db.u\u0000")}]}, "upstreams[0].urn"),
        ({"upstreams": [{"urn": make_urn("db.u"), "actor": "\ud800"}]}, "upstreams[0].actor"),
    ],
)
def test_ingest_rejects_nul_surrogates_and_big_integers_per_item(ingest_client, extra, name):
    """PostgreSQL refuses NUL in text and jsonb and integers over 2^31 - 1 in an integer
    column; SQLite stores them (a lone surrogate then breaks the dataset's JSON). Either way
    the item is refused alone, naming the value, and the rest of the batch is written."""
    response = _post(ingest_client, [_document("db.good"), _document("db.bad", **extra)])
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["created"], body["failed"]) == (1, 1), body
    error = body["errors"][0]
    assert (error["index"], error["urn"], error["code"]) == (1, make_urn("db.bad"), "invalid")
    assert list(error["fields"]) == [name], error
    assert name in error["message"]
    assert list(Dataset.objects.values_list("name", flat=True)) == ["db.good"]


@pytest.mark.parametrize(
    ("mappings", "name"),
    [
        ([{"from": 1}], "upstreams[0].column_mappings[0]"),
        ([{"upstreams": ["a"], "downstreams": ["b"], "x": 1}], "upstreams[0].column_mappings[0]"),
        ([{"upstreams": ["a"]}], "upstreams[0].column_mappings[0]"),
        ([{"upstreams": [3], "downstreams": "x"}], "upstreams[0].column_mappings[0].upstreams"),
        ([{"upstreams": ["a"], "downstreams": "b"}], "upstreams[0].column_mappings[0].downstreams"),
        (
            [
                {"upstreams": ["a"], "downstreams": ["b"]},
                {"upstreams": ["a\u0000"], "downstreams": []},
            ],
            "upstreams[0].column_mappings[1].upstreams",
        ),
        (
            [{"upstreams": ["a"], "downstreams": ["b"], "transformation": 7}],
            "upstreams[0].column_mappings[0].transformation",
        ),
        ("not a list", "upstreams[0].column_mappings"),
    ],
)
def test_ingest_accepts_only_documented_column_mappings(ingest_client, mappings, name):
    upstream = {"urn": make_urn("db.raw"), "column_mappings": mappings}
    response = _post(ingest_client, [_document("db.good"), _document(upstreams=[upstream])])
    body = response.json()
    assert (body["created"], body["failed"]) == (1, 1), body
    error = body["errors"][0]
    assert (error["index"], error["code"]) == (1, "invalid")
    assert list(error["fields"]) == [name], error
    assert not LineageEdge.objects.exists()


def test_ingest_stores_documented_column_mappings_as_sent(ingest_client):
    mappings = [
        {"upstreams": ["a", "b"], "downstreams": ["c"], "transformation": "DIRECT:IDENTITY"},
        {"upstreams": ["d"], "downstreams": []},
    ]
    upstream = {"urn": make_urn("db.raw"), "column_mappings": mappings}
    body = _post(ingest_client, [_document(upstreams=[upstream])]).json()
    assert body["failed"] == 0, body
    assert LineageEdge.objects.get().column_mappings == mappings


@pytest.mark.parametrize(
    ("extra", "name", "message"),
    [
        ({"description": "d" * 200_001}, "description", "must be at most 200000 characters"),
        (
            {"schema": [_field(description="d" * 20_001)]},
            "schema[0].description",
            "must be at most 20000 characters",
        ),
        (
            {"custom_properties": {"k" * 1001: "v"}},
            "custom_properties",
            "keys must be at most 1000 characters",
        ),
        (
            {"custom_properties": {"k": "v" * 200_001}},
            "custom_properties.k",
            "must be at most 200000 characters",
        ),
    ],
)
def test_ingest_bounds_free_text(ingest_client, extra, name, message):
    """Limits as the editing API's (docs, a field's edited description), generous enough for
    what DataHub sources put there (view definitions land in custom properties)."""
    body = _post(ingest_client, [_document("db.good"), _document("db.long", **extra)]).json()
    assert (body["created"], body["failed"]) == (1, 1), body
    assert body["errors"][0]["fields"] == {name: [message]}
