"""The API answers as its Swagger document says.

The web UI's types are generated from the document (frontend/src/types/api.generated.ts), so a
response that differs from it is a type error no compiler sees. These tests call every operation
with data that has the awkward cases (a dataset with a domain and one without, column mappings,
history of several aspects, owners that are users and groups) and check each body against the
schema the document gives for its status code, read with the keywords the type generator reads
(type, enum, items, properties, additionalProperties, x-nullable, $ref), plus what the UI assumes
of a response (``Served`` in src/types/api.ts): every declared property is there, and nothing
else is. A status the document does not list fails, and so does an operation left uncalled.
"""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import sqlite3
from typing import Any
from urllib.parse import quote

import jsonschema
import pytest
from jsonschema.exceptions import best_match
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import Role
from accounts.tests.factories import PASSWORD, GroupFactory, UserFactory
from catalog import entity_services as es
from catalog import services
from catalog.services import FieldSpec
from catalog.entity_models import DataJob
from catalog.tests.factories import DomainFactory, make_urn
from ingestion.recipes import recipe_parse
from ingestion.runs import recipe_run
from search.backends.base import SearchUnavailable
from search.backends.database import DatabaseBackend
from search.services import search_reindex

pytestmark = pytest.mark.django_db

# Declared properties a response may leave out: column mappings are stored as they were sent (one
# sent through POST /datasets/ need not name its transformation); a run's error names either
# the dataset or the work unit that failed, or neither when the whole run failed.
MAY_BE_ABSENT = {
    ("ColumnMapping", "transformation"),
    ("IngestionRunError", "urn"),
    ("IngestionRunError", "unit"),
}
SUCCESS = {"200", "201", "204"}
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def _response_schema(schema: dict, owner: str = "") -> dict:
    """A Swagger 2.0 schema as JSON Schema, as the UI reads it of a response."""
    out = {key: schema[key] for key in ("type", "enum", "$ref") if key in schema}
    if "items" in schema:
        out["items"] = _response_schema(schema["items"])
    if "properties" in schema:
        out["properties"] = {
            name: _response_schema(value) for name, value in schema["properties"].items()
        }
        absent = {name for where, name in MAY_BE_ABSENT if where == owner}
        out["required"] = sorted(set(schema["properties"]) - absent)
        out["additionalProperties"] = False
    elif isinstance(schema.get("additionalProperties"), dict):
        out["additionalProperties"] = _response_schema(schema["additionalProperties"])
    if schema.get("x-nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


class Contract:
    """Calls operations by their path in the document, checks each answer against it and notes
    which operations answered with success."""

    def __init__(self, document: dict) -> None:
        self.paths = document["paths"]
        self.definitions = {
            name: _response_schema(schema, name) for name, schema in document["definitions"].items()
        }
        self.answered: set[tuple[str, str]] = set()

    def call(
        self,
        client: APIClient,
        method: str,
        path: str,
        data: Any = None,
        *,
        status: int | None = None,
        headers: dict[str, str] | None = None,
        **params: Any,
    ) -> Any:
        """``method path`` with ``params`` in the path (percent-encoded) and ``data`` as the
        query (GET) or JSON body; returns the body once it matches the document."""
        url = "/api/v1" + path.format(**{k: quote(str(v), safe="") for k, v in params.items()})
        if method == "get":
            response = client.get(url, data, **(headers or {}))
        else:
            response = getattr(client, method)(url, data, format="json", **(headers or {}))
        where, code = f"{method.upper()} {path}", str(response.status_code)
        assert status is None or response.status_code == status, (where, response.content)
        responses = self.paths[path][method]["responses"]
        assert code in responses, f"{where} answered {code}, not listed: {response.content!r}"
        schema = responses[code].get("schema")
        body = response.json() if response.content else None
        if schema is None:
            assert body is None, f"{where} {code} has a body the document does not describe"
        else:
            root = {"definitions": self.definitions, **_response_schema(schema)}
            error = best_match(jsonschema.Draft4Validator(root).iter_errors(body))
            assert error is None, f"{where} {code} at {error.json_path}: {error.message}"
        if code in SUCCESS:
            self.answered.add((method, path))
        return body

    def unanswered(self) -> set[tuple[str, str]]:
        operations = {
            (method, path)
            for path, item in self.paths.items()
            for method in item
            if method != "parameters"
        }
        return operations - self.answered


@pytest.fixture
def contract() -> Contract:
    response = APIClient().get("/api/swagger.json")
    assert response.status_code == 200
    return Contract(response.json())


def _bearer(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return client


ORDERS = make_urn("shop.orders")
RAW_ORDERS = make_urn("raw.orders")


def _catalog(contract: Contract, editor: APIClient) -> None:
    """Two datasets: one in a domain, owned by a group, and one in none, owned by a user and fed
    by the first with column mappings (one without a transformation); then a schema edit."""
    DomainFactory(name="sales")
    GroupFactory(name="analytics")
    raw = {
        "urn": RAW_ORDERS,
        "domain": "sales",
        "schema": [{"field_path": "id", "type": "number", "tags": ["pk"]}],
        "owners": [{"owner": "urn:li:corpGroup:analytics", "type": "DATA_STEWARD"}],
    }
    contract.call(editor, "post", "/datasets/", raw, status=201)
    orders = {
        "urn": ORDERS,
        "description": "One row per order.",
        "custom_properties": {"retention": "90d"},
        "schema": [
            {"field_path": "order_id", "type": "number", "glossary_terms": ["Sales.OrderId"]},
            {"field_path": "email", "type": "string"},
        ],
        "owners": [{"owner": "editor1"}],
        "tags": ["gold"],
        "glossary_terms": ["Sales.Order"],
        "upstreams": [
            {
                "urn": RAW_ORDERS,
                "column_mappings": [
                    {"upstreams": ["id"], "downstreams": ["order_id"], "transformation": "COPY"},
                    {"upstreams": ["id"], "downstreams": ["order_id"]},
                ],
            }
        ],
        "docs": "# Orders",
    }
    detail = contract.call(editor, "post", "/datasets/", orders, status=201)
    assert detail["domain"] is None and len(detail["upstreams"][0]["column_mappings"]) == 2
    edits = {"edits": [{"field_path": "email", "tags": ["pii"], "classification": "EMAIL"}]}
    contract.call(editor, "patch", "/datasets/{urn}/schema/", edits, urn=ORDERS, status=200)


def _auth(contract: Contract, editor: APIClient) -> None:
    anonymous, call = APIClient(), contract.call
    login = {"username": "editor1", "password": PASSWORD}
    tokens = call(anonymous, "post", "/auth/token/", login, status=200)
    call(anonymous, "post", "/auth/token/verify/", {"token": tokens["access"]}, status=200)
    rotated = call(anonymous, "post", "/auth/token/refresh/", {"refresh": tokens["refresh"]})
    call(editor, "post", "/auth/logout/", {"refresh": rotated["refresh"]}, status=204)
    call(editor, "get", "/auth/me/")
    session = APIClient()
    call(session, "post", "/auth/session/", login, headers=XHR, status=200)
    call(session, "post", "/auth/session/refresh/", headers=XHR, status=200)
    call(session, "post", "/auth/session/logout/", headers=XHR, status=204)


def _reads(contract: Contract, editor: APIClient) -> None:
    call = contract.call
    for path in ("/platforms/", "/tags/", "/glossary-terms/", "/domains/", "/users/", "/groups/"):
        call(editor, "get", path, status=200)
    page = call(editor, "get", "/datasets/", {"limit": 1}, status=200)
    assert page["count"] == 2 and page["next"]
    for urn in (ORDERS, RAW_ORDERS):
        call(editor, "get", "/datasets/{urn}/", urn=urn, status=200)
    for aspect in ("schema", "owners", "lineage", "history"):
        call(editor, "get", f"/datasets/{{urn}}/{aspect}/", urn=ORDERS, status=200)
    call(editor, "get", "/datasets/{urn}/lineage/", {"direction": "upstream"}, urn=ORDERS)
    wide = {"depth": 3, "limit": 5, "columns": "true"}
    graph = call(editor, "get", "/datasets/{urn}/lineage/", wide, urn=ORDERS, status=200)
    assert graph["nodes"][0]["fields"]
    impact = {"direction": "upstream", "max_hops": 3}
    rows = call(editor, "get", "/datasets/{urn}/impact/", impact, urn=ORDERS, status=200)
    assert [row["urn"] for row in rows["results"]] == [RAW_ORDERS]
    call(editor, "get", "/datasets/{urn}/lineage/upstreams/", urn=ORDERS, status=200)
    edit = "/datasets/{urn}/lineage/upstreams/"
    call(editor, "post", edit, {"remove": [RAW_ORDERS]}, urn=ORDERS, status=200)
    call(editor, "post", edit, {"add": [{"urn": RAW_ORDERS}]}, urn=ORDERS, status=200)
    history = call(editor, "get", "/datasets/{urn}/history/", urn=ORDERS, status=200)
    assert {event["aspect"] for event in history["results"]} >= {"docs", "editable_schema"}
    call(editor, "get", "/browse/", status=200)
    call(editor, "get", "/browse/", {"path": "/prod/hive/shop"}, status=200)
    call(editor, "get", "/search/", {"q": "orders"}, status=200)
    call(editor, "get", "/search/autocomplete/", {"q": "or"}, status=200)
    preview = call(editor, "post", "/markdown/preview/", {"text": "# Orders"}, status=200)
    assert preview == {"html": "<h1>Orders</h1>"}


def _columns(contract: Contract, editor: APIClient) -> None:
    """Column lineage both ways, and a schema change that breaks a reader: its diff lists the
    reader and the dataset page flags it."""
    call = contract.call
    path = "/datasets/{urn}/schema/{field_path}/lineage/"
    trace = call(editor, "get", path, urn=ORDERS, field_path="order_id", status=200)
    assert {node["field_path"] for node in trace["nodes"]} == {"order_id", "id"}
    call(editor, "get", path, {"direction": "downstream"}, urn=RAW_ORDERS, field_path="id")
    call(editor, "get", path, urn=ORDERS, field_path="nope", status=404)
    created = call(editor, "get", "/datasets/{urn}/schema/diff/", urn=ORDERS, status=200)
    assert created["from_version"] == 0 and len(created["added"]) == 2
    assert call(editor, "get", "/datasets/{urn}/", urn=RAW_ORDERS)["schema_break"] is None
    services.dataset_upsert(
        urn=RAW_ORDERS, actor="urn:li:corpuser:etl", schema=[FieldSpec("id", "string")]
    )
    diff = call(editor, "get", "/datasets/{urn}/schema/diff/", urn=RAW_ORDERS, status=200)
    assert diff["type_changed"][0]["readers"][0]["field_path"] == "order_id"
    assert call(editor, "get", "/datasets/{urn}/", urn=RAW_ORDERS)["schema_break"]["readers"] == 1
    call(editor, "get", "/datasets/{urn}/schema/diff/", {"from": 10**6}, urn=ORDERS, status=400)


def _writes(contract: Contract, editor: APIClient, admin: APIClient) -> None:
    call = contract.call
    edit = {"tags": ["silver"], "domain": None, "docs": "Orders."}
    call(editor, "patch", "/datasets/{urn}/", edit, urn=ORDERS, status=200)
    owners = {"owners": [{"owner": "urn:li:corpGroup:analytics", "type": "BUSINESS_OWNER"}]}
    call(editor, "put", "/datasets/{urn}/owners/", owners, urn=ORDERS, status=200)
    edits = {"edits": [{"field_path": "order_id", "description": "The order."}]}
    call(editor, "patch", "/datasets/{urn}/schema/", edits, urn=ORDERS, status=200)
    refunds = {"urn": make_urn("shop.refunds")}
    call(editor, "post", "/datasets/", refunds, status=201)
    call(editor, "delete", "/datasets/{urn}/", urn=refunds["urn"], status=204)
    call(editor, "post", "/tags/", {"name": "bronze"}, status=201)
    call(editor, "post", "/glossary-terms/", {"name": "Sales.Refund"}, status=201)
    call(admin, "post", "/domains/", {"name": "finance", "display_name": "Finance"}, status=201)
    created = call(admin, "post", "/service-tokens/", {"name": "datahub"}, status=201)
    call(admin, "get", "/service-tokens/", status=200)
    call(admin, "get", "/service-tokens/{token_id}/", token_id=created["id"], status=200)
    call(admin, "post", "/service-tokens/{token_id}/revoke/", token_id=created["id"], status=200)
    leaver = UserFactory(username="leaver")
    out = {"all_service_tokens": True}
    call(admin, "post", "/users/{username}/sign-out/", out, username=leaver.username, status=200)
    account = {"username": "newbie", "role": "reader", "password": "a long new passphrase"}
    call(admin, "post", "/users/", account, status=201)
    call(admin, "get", "/users/{username}/", username="newbie", status=200)
    call(admin, "patch", "/users/{username}/", {"role": "editor"}, username="newbie", status=200)
    reset = {"new_password": "another long passphrase"}
    call(admin, "post", "/users/{username}/password/", reset, username="newbie", status=204)
    changer = _bearer(UserFactory(username="changer"))
    password = {"old_password": PASSWORD, "new_password": "a long new passphrase"}
    call(changer, "post", "/auth/password/", password, status=204)


def _ingestion(contract: Contract, pipeline: APIClient, reader: APIClient, tmp_path) -> None:
    call = contract.call
    # RAW_ORDERS's id retyped back to a number: a break, since ORDERS.order_id reads it.
    retyped = {"urn": RAW_ORDERS, "schema": [{"field_path": "id", "type": "number"}]}
    batch = {
        "datasets": [{"urn": make_urn("shop.customers"), "domain": "sales"}, retyped],
        "tags": [{"name": "gold", "owners": [{"owner": "editor1"}]}, {"name": "x", "color": "red"}],
    }
    answer = call(pipeline, "post", "/ingest/", batch, status=200)
    assert answer["entities_written"] == 1 and answer["entity_errors"][0]["fields"]["color"]
    assert answer["schema_breaks"] == [{"urn": RAW_ORDERS, "fields": ["id"], "readers": 1}]
    event = {
        "eventType": "COMPLETE",
        "eventTime": "2024-05-01T10:00:00Z",
        "run": {"runId": "3f5e2b4c-1d2a-4e5f-8a9b-0c1d2e3f4a5b"},
        "job": {"namespace": "etl", "name": "orders_daily"},
        "inputs": [{"namespace": "hive://metastore:9083", "name": "raw.orders"}],
        "outputs": [{"namespace": "hive://metastore:9083", "name": "shop.orders"}],
    }
    call(pipeline, "post", "/lineage", event, status=201)
    database = tmp_path / "shop.db"
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY)")
    source = {"type": "sqlite", "config": {"path": str(database)}}
    run = recipe_run(recipe=recipe_parse({"name": "shop", "source": source}))
    broken = recipe_run(recipe=recipe_parse({"name": "broken", "source": {"type": "nope"}}))
    runs = call(reader, "get", "/ingestion-runs/", status=200)
    assert {item["id"] for item in runs["results"]} == {run.id, broken.id}
    assert runs["results"][0]["errors"]  # the broken run's, which names no dataset or unit
    call(reader, "get", "/ingestion-runs/{id}/", id=run.id, status=200)


FLOW = "urn:li:dataFlow:(airflow,shop,prod)"
JOB = f"urn:li:dataJob:({FLOW},load_orders)"
SCHEMA = "urn:li:container:5e1f"


def _entities(contract: Contract, reader: APIClient) -> None:
    """One of every entity around the datasets, as ingestion writes them, read back by each of
    their endpoints; the dataset page's neighbours with them."""
    actor = "urn:li:corpuser:datahub"
    es.glossary_node_upsert(name="Sales", actor=actor, description="Selling")
    es.glossary_term_upsert(name="Sales.Order", actor=actor, node="Sales", display_name="Order")
    es.glossary_term_relations_set(
        name="Sales.Order", relations={"hasA": ["Sales.OrderId"]}, actor=actor
    )
    owner = es.EntityOwner("urn:li:corpGroup:analytics", "urn:li:ownershipType:steward")
    es.entity_owners_set(
        urn="urn:li:glossaryTerm:Sales.Order",
        entity_type="glossaryTerm",
        owners=[owner],
        actor=actor,
    )
    es.container_upsert(
        urn="urn:li:container:9a", actor=actor, name="shop", sub_type="Database", platform="hive"
    )
    es.container_upsert(urn=SCHEMA, actor=actor, name="public", parent="urn:li:container:9a")
    services.dataset_upsert(urn=ORDERS, actor=actor, container=SCHEMA)
    es.data_job_upsert(urn=JOB, actor=actor, description="Loads orders")
    es.links_set(
        source_urn=JOB,
        source_type="dataJob",
        kind="input",
        targets=[RAW_ORDERS, make_urn("x.unknown")],
        actor=actor,
        aspect="dataJobInputOutput",
    )
    es.data_job_run_record(job=DataJob.objects.get(urn=JOB), run_id="r1", state="COMPLETE", at=None)
    es.chart_upsert(urn="urn:li:chart:(looker,1)", actor=actor, name="Orders", inputs=[ORDERS])
    es.dashboard_upsert(
        urn="urn:li:dashboard:(looker,2)",
        actor=actor,
        name="Shop",
        charts=["urn:li:chart:(looker,1)", "urn:li:chart:(looker,9)"],
        datasets=[ORDERS],
    )
    call = contract.call
    detail = call(reader, "get", "/datasets/{urn}/", urn=ORDERS, status=200)
    assert detail["container"]["urn"] == SCHEMA and detail["dashboards"]
    assert call(reader, "get", "/datasets/{urn}/", urn=RAW_ORDERS)["jobs"][0]["role"] == "reads"
    call(reader, "get", "/tags/{name}/", name="pii", status=200)
    call(reader, "get", "/glossary-terms/{name}/", name="Sales.Order", status=200)
    call(reader, "get", "/glossary-nodes/", status=200)
    call(reader, "get", "/glossary-nodes/{name}/", name="Sales", status=200)
    assert call(reader, "get", "/schema-fields/", {"tag": "pii"}, status=200)["count"] == 1
    call(reader, "get", "/domains/{name}/", name="sales", status=200)
    call(reader, "get", "/people/{username}/", username="editor1", status=200)
    call(reader, "get", "/groups/{name}/", name="analytics", status=200)
    call(reader, "get", "/containers/", {"root": "true"}, status=200)
    call(reader, "get", "/containers/{urn}/", urn=SCHEMA, status=200)
    call(reader, "get", "/pipelines/", status=200)
    call(reader, "get", "/pipelines/{urn}/", urn=FLOW, status=200)
    call(reader, "get", "/jobs/{urn}/", urn=JOB, status=200)
    assert call(reader, "get", "/jobs/", {"pipeline": FLOW}, status=200)["count"] == 1
    assert call(reader, "get", "/charts/", {"platform": "looker"}, status=200)["count"] == 1
    call(reader, "get", "/dashboards/", status=200)
    call(reader, "get", "/dashboards/{urn}/", urn="urn:li:dashboard:(looker,2)", status=200)
    call(reader, "get", "/charts/{urn}/", urn="urn:li:chart:(looker,1)", status=200)
    assert call(reader, "get", "/entities/", {"q": "order"}, status=200)["count"] >= 2
    call(reader, "get", "/entities/autocomplete/", {"q": "sh"}, status=200)
    history = call(reader, "get", "/entities/history/", {"urn": JOB}, status=200)
    assert {row["aspect"] for row in history["results"]} == {"dataJobInfo", "dataJobInputOutput"}


def test_every_operation_answers_as_its_swagger_document_says(contract, tmp_path):
    editor = _bearer(UserFactory(username="editor1", role=Role.EDITOR))
    admin = _bearer(UserFactory(username="admin1", role=Role.ADMIN, is_superuser=True))
    pipeline = _bearer(UserFactory(username="pipeline", role=Role.INGESTION))
    _catalog(contract, editor)
    search_reindex()
    _auth(contract, editor)
    _reads(contract, editor)
    _columns(contract, editor)
    _writes(contract, editor, admin)
    _ingestion(contract, pipeline, editor, tmp_path)
    _entities(contract, editor)
    assert contract.unanswered() == set()


def test_documented_errors_come_in_the_error_shape(contract, monkeypatch):
    reader = _bearer(UserFactory(username="reader1", role=Role.READER))
    editor = _bearer(UserFactory(username="editor1", role=Role.EDITOR))
    pipeline = _bearer(UserFactory(username="pipeline", role=Role.INGESTION))
    call, missing = contract.call, make_urn("no.such_table")

    assert call(APIClient(), "get", "/datasets/", status=401)["error"]
    for aspect in (
        "",
        "schema/",
        "owners/",
        "lineage/",
        "history/",
        "schema/diff/",
    ):
        call(reader, "get", f"/datasets/{{urn}}/{aspect}", urn=missing, status=404)
    column = "/datasets/{urn}/schema/{field_path}/lineage/"
    call(reader, "get", column, urn=missing, field_path="id", status=404)
    call(reader, "get", "/service-tokens/{token_id}/", token_id=999, status=404)
    call(reader, "get", "/ingestion-runs/{id}/", id=999, status=404)

    dataset = {"urn": make_urn("shop.orders")}
    call(editor, "post", "/datasets/", dataset, status=201)
    assert call(editor, "post", "/datasets/", dataset, status=409)["error"]["code"] == "conflict"

    def down(*args, **kwargs):
        raise SearchUnavailable("down")

    monkeypatch.setattr(DatabaseBackend, "search", down)
    monkeypatch.setattr(DatabaseBackend, "suggest", down)
    call(reader, "get", "/search/", {"q": "orders"}, status=503)
    call(reader, "get", "/search/autocomplete/", {"q": "or"}, status=503)

    # A nested object's errors nest: {"run": {"runId": [...]}}.
    malformed = {"eventType": "COMPLETE", "run": {}, "job": {}}
    error = call(pipeline, "post", "/lineage", malformed, status=400)["error"]
    assert error["fields"]["run"] == {"runId": ["This field is required."]}
    call(pipeline, "post", "/ingest/", {}, status=400)
    call(reader, "post", "/markdown/preview/", {"text": "a\u0000b"}, status=400)
    call(APIClient(), "post", "/markdown/preview/", {"text": ""}, status=401)
    wrong = {"username": "reader1", "password": "wrong"}
    call(APIClient(), "post", "/auth/token/", wrong, status=401)


def test_read_only_values_carry_no_bounds_a_client_must_meet(contract):
    # schemathesis found /auth/me/'s title documented minLength 1 and served as "".
    stack, bounded = [contract.paths, contract.definitions], []
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("readOnly") and "minLength" in node:
                bounded.append(node.get("title"))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    assert not bounded
