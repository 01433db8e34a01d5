"""OpenLineage: the naming map, facet mapping, the endpoint, and the real openlineage-python
client posting to a running MDT."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import gzip
import json
import uuid

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import Role
from accounts.services import SERVICE_TOKEN_PREFIX, service_token_create
from accounts.tests.factories import UserFactory
from catalog.models import ChangeEvent, Dataset, LineageEdge
from catalog.tests.factories import make_dataset, make_urn
from core.errors import ApplicationError
from ingestion.openlineage import (
    NamespaceError,
    column_mappings,
    dataset_urn_from_openlineage,
    field_type_normalize,
    owner_specs,
    schema_fields,
)

JOB = "urn:li:dataJob:(urn:li:dataFlow:(etl,load_orders,PROD),load_orders)"
ORDERS = make_urn("shop.public.orders", "postgres")
CUSTOMERS = make_urn("shop.public.customers", "postgres")
FACT = make_urn("dw.fact_orders", "hive")


# --- naming -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("namespace", "name", "platform", "mdt_name"),
    [
        ("postgres://db.example.com:5432", "shop.public.orders", "postgres", "shop.public.orders"),
        ("postgresql://db:5432", "shop.public.orders", "postgres", "shop.public.orders"),
        ("mysql://db:3306", "shop.orders", "mysql", "shop.orders"),
        ("hive://metastore:9083", "dw.fact_orders", "hive", "dw.fact_orders"),
        ("hdfs://namenode:8020", "/data/tracking/PageView", "hdfs", "/data/tracking/PageView"),
        ("hdfs://namenode:8020", "data/x", "hdfs", "/data/x"),
        ("s3://raw-bucket", "events/2026/x.parquet", "s3", "raw-bucket/events/2026/x.parquet"),
        ("s3a://raw-bucket", "/events", "s3", "raw-bucket/events"),
        ("kafka://broker:9092", "PageViewEvent", "kafka", "PageViewEvent"),
        ("bigquery", "proj.dataset.table", "bigquery", "proj.dataset.table"),
        ("snowflake://org-acct", "DB.SCHEMA.TABLE", "snowflake", "db.schema.table"),
        ("file", "/tmp/x.csv", "file", "/tmp/x.csv"),
        ("file://host1", "/srv/x.csv", "file", "/srv/x.csv"),
        ("sqlserver://host:1433", "db.dbo.t", "mssql", "db.dbo.t"),
        ("awsathena://athena.us-east-1.amazonaws.com", "cat.db.t", "athena", "cat.db.t"),
        ("arn:aws:glue:us-east-1:123456789012", "table/sales/orders", "glue", "sales.orders"),
    ],
)
def test_dataset_urn_follows_the_openlineage_naming_spec(namespace, name, platform, mdt_name):
    urn = dataset_urn_from_openlineage(namespace=namespace, name=name)
    assert (urn.platform, urn.name, urn.origin) == (platform, mdt_name, "PROD")


def test_dataset_urn_takes_the_origin():
    urn = dataset_urn_from_openlineage(namespace="hive://h:1", name="a.b", origin="DEV")
    assert str(urn) == "urn:li:dataset:(urn:li:dataPlatform:hive,a.b,DEV)"


@pytest.mark.parametrize("namespace", ["food_delivery", "ftp://host", "my-namespace", ""])
def test_dataset_urn_refuses_an_unknown_namespace_scheme(namespace):
    with pytest.raises(NamespaceError) as error:
        dataset_urn_from_openlineage(namespace=namespace, name="x.y")
    assert "namespace" in error.value.fields
    assert "postgres" in error.value.message


def test_dataset_urn_refuses_a_malformed_glue_name():
    with pytest.raises(NamespaceError):
        dataset_urn_from_openlineage(namespace="arn:aws:glue:us-east-1:1", name="sales.orders")


@pytest.mark.parametrize(
    ("native", "expected"),
    [
        ("INTEGER", "number"),
        ("bigint", "number"),
        ("decimal(10,2)", "number"),
        ("double precision", "number"),
        ("varchar(255)", "string"),
        ("character varying", "string"),
        ("TEXT", "string"),
        ("boolean", "boolean"),
        ("date", "date"),
        ("timestamp with time zone", "time"),
        ("bytea", "bytes"),
        ("array<string>", "array"),
        ("integer[]", "array"),
        ("map<string,int>", "map"),
        ("struct<a:int>", "struct"),
        ("geometry", "null"),
        ("", "null"),
    ],
)
def test_field_types_are_normalized(native, expected):
    assert field_type_normalize(native) == expected


def test_nested_schema_fields_are_flattened_to_dotted_paths():
    facet = {
        "fields": [
            {"name": "id", "type": "int", "description": "key"},
            {
                "name": "address",
                "fields": [
                    {"name": "city", "type": "string"},
                    {
                        "name": "geo",
                        "type": "struct",
                        "fields": [{"name": "lat", "type": "double"}],
                    },
                ],
            },
        ]
    }
    specs = schema_fields(facet, "outputs[0].facets.schema")
    assert [(s.field_path, s.type, s.ordinal) for s in specs] == [
        ("id", "number", 0),
        ("address", "struct", 1),
        ("address.city", "string", 2),
        ("address.geo", "struct", 3),
        ("address.geo.lat", "number", 4),
    ]
    assert specs[0].description == "key"


def test_schema_field_without_a_name_names_its_path():
    with pytest.raises(ApplicationError) as error:
        schema_fields({"fields": [{"name": "a", "fields": [{"type": "int"}]}]}, "x.schema")
    assert error.value.fields == {"x.schema.fields[0].fields[0].name": ["required"]}


def test_column_lineage_becomes_column_mappings_per_upstream():
    facet = {
        "fields": {
            "order_id": {
                "inputFields": [
                    {
                        "namespace": "postgres://db:5432",
                        "name": "shop.public.orders",
                        "field": "id",
                        "transformations": [{"type": "DIRECT", "subtype": "IDENTITY"}],
                    }
                ]
            },
            "customer": {
                "inputFields": [
                    {
                        "namespace": "postgres://db:5432",
                        "name": "shop.public.customers",
                        "field": "name",
                    },
                    {
                        "namespace": "postgres://db:5432",
                        "name": "shop.public.customers",
                        "field": "id",
                    },
                    {"namespace": "nowhere", "name": "x", "field": "y"},
                ],
                "transformationType": "IDENTITY",
            },
        }
    }
    assert column_mappings(facet, "f", origin="PROD") == {
        ORDERS: [
            {"upstreams": ["id"], "downstreams": ["order_id"], "transformation": "DIRECT:IDENTITY"}
        ],
        CUSTOMERS: [
            {"upstreams": ["id", "name"], "downstreams": ["customer"], "transformation": "IDENTITY"}
        ],
    }


def test_owners_map_users_and_teams_and_report_the_rest():
    owners, problems = owner_specs(
        {
            "owners": [
                {"name": "user:jdoe", "type": "MAINTAINER"},
                {"name": "team:data-eng", "type": "BUSINESS_OWNER"},
                {"name": "application:etl"},
            ]
        },
        "o",
    )
    assert [(o.owner, o.type) for o in owners] == [
        ("urn:li:corpuser:jdoe", "TECHNICAL_OWNER"),
        ("urn:li:corpGroup:data-eng", "BUSINESS_OWNER"),
    ]
    assert len(problems) == 1 and "application:etl" in problems[0]


# --- the endpoint -----------------------------------------------------------------------------


def _dataset(namespace, name, **facets):
    return {"namespace": namespace, "name": name, "facets": facets}


def _event(event_type="COMPLETE", *, run_id=None, inputs=None, outputs=None, job="load_orders"):
    return {
        "eventType": event_type,
        "eventTime": "2026-11-26T10:00:00.000Z",
        "run": {"runId": run_id or str(uuid.uuid4())},
        "job": {"namespace": "etl", "name": job},
        "inputs": (
            inputs
            if inputs is not None
            else [
                _dataset(
                    "postgres://db:5432",
                    "shop.public.orders",
                    schema={"fields": [{"name": "id", "type": "integer"}]},
                ),
                _dataset("postgres://db:5432", "shop.public.customers"),
            ]
        ),
        "outputs": (
            outputs
            if outputs is not None
            else [
                _dataset(
                    "hive://metastore:9083",
                    "dw.fact_orders",
                    schema={"fields": [{"name": "order_id", "type": "bigint"}]},
                    documentation={"description": "One row per order."},
                    ownership={"owners": [{"name": "user:jdoe", "type": "MAINTAINER"}]},
                    columnLineage={
                        "fields": {
                            "order_id": {
                                "inputFields": [
                                    {
                                        "namespace": "postgres://db:5432",
                                        "name": "shop.public.orders",
                                        "field": "id",
                                    }
                                ],
                                "transformationType": "IDENTITY",
                            }
                        }
                    },
                )
            ]
        ),
        "producer": "https://example.com/tests",
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    }


@pytest.fixture
def ingestion_user(db):  # pylint: disable=unused-argument
    return UserFactory(username="pipeline", role=Role.INGESTION)


def _bearer(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return client


@pytest.fixture
def ingest_client(ingestion_user) -> APIClient:
    return _bearer(ingestion_user)


def test_complete_event_writes_datasets_edges_and_column_mappings(ingest_client):
    response = ingest_client.post("/api/v1/lineage", _event(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["datasets"] == {"created": 3, "updated": 0, "unchanged": 0, "failed": 0}
    assert body["edges"] == 2 and body["errors"] == [] and body["job"] == JOB
    fact = Dataset.objects.get(urn=FACT)
    assert fact.description == "One row per order."
    assert [(f.field_path, f.type, f.native_type) for f in fact.fields.all()] == [
        ("order_id", "number", "bigint")
    ]
    assert [o.owner_urn for o in fact.ownerships.all()] == ["urn:li:corpuser:jdoe"]
    edges = {e.upstream.urn: e for e in LineageEdge.objects.select_related("upstream")}
    assert set(edges) == {ORDERS, CUSTOMERS}
    assert {(e.type, e.actor) for e in edges.values()} == {("TRANSFORMED", JOB)}
    assert edges[ORDERS].column_mappings == [
        {"upstreams": ["id"], "downstreams": ["order_id"], "transformation": "IDENTITY"}
    ]
    assert edges[CUSTOMERS].column_mappings == []
    assert Dataset.objects.get(urn=ORDERS).created_by == "urn:li:corpuser:pipeline"


def test_resending_an_event_changes_nothing(ingest_client):
    event = _event()
    ingest_client.post("/api/v1/lineage", event, format="json")
    changes = ChangeEvent.objects.count()
    response = ingest_client.post("/api/v1/lineage/", event, format="json")
    assert response.status_code == 201
    assert response.json()["datasets"] == {"created": 0, "updated": 0, "unchanged": 3, "failed": 0}
    assert ChangeEvent.objects.count() == changes


@pytest.mark.parametrize("event_type", ["FAIL", "ABORT"])
def test_failed_and_aborted_runs_write_nothing(ingest_client, event_type):
    response = ingest_client.post("/api/v1/lineage", _event(event_type), format="json")
    assert response.status_code == 201
    assert response.json()["written"] is False
    assert not Dataset.objects.exists() and not LineageEdge.objects.exists()


@pytest.mark.parametrize("event_type", ["START", "RUNNING", "OTHER", None])
def test_unfinished_runs_register_inputs_only(ingest_client, event_type):
    event = _event(event_type)
    if event_type is None:
        del event["eventType"]
    response = ingest_client.post("/api/v1/lineage", event, format="json")
    assert response.status_code == 201, response.json()
    assert set(Dataset.objects.values_list("urn", flat=True)) == {ORDERS, CUSTOMERS}
    assert not LineageEdge.objects.exists()


def test_a_job_replaces_its_own_edges_and_keeps_other_jobs(ingest_client):
    make_dataset("shop.public.refunds", platform="postgres")
    other = _event(
        job="load_refunds",
        inputs=[_dataset("postgres://db:5432", "shop.public.refunds")],
        outputs=[_dataset("hive://metastore:9083", "dw.fact_orders")],
    )
    ingest_client.post("/api/v1/lineage", other, format="json")
    ingest_client.post("/api/v1/lineage", _event(), format="json")
    # load_orders stops reading customers: only its own edge goes.
    event = _event()
    event["inputs"] = event["inputs"][:1]
    ingest_client.post("/api/v1/lineage", event, format="json")
    edges = {
        (e.upstream.urn, e.actor) for e in LineageEdge.objects.select_related("upstream").all()
    }
    assert edges == {
        (ORDERS, JOB),
        (make_urn("shop.public.refunds", "postgres"), JOB.replace("load_orders", "load_refunds")),
    }


def test_a_dataset_read_and_written_gets_no_self_edge(ingest_client):
    table = _dataset("hive://m:9083", "dw.daily")
    response = ingest_client.post(
        "/api/v1/lineage", _event(inputs=[table], outputs=[table]), format="json"
    )
    assert response.status_code == 201
    assert response.json()["datasets"]["created"] == 1
    assert not LineageEdge.objects.exists()


def test_unknown_namespaces_are_reported_and_the_rest_is_written(ingest_client):
    event = _event()
    event["inputs"].append(_dataset("food_delivery", "public.delivery_7_days"))
    event["inputs"].append(_dataset("gs://bucket", "x.csv"))  # gcs: not a platform MDT has
    response = ingest_client.post("/api/v1/lineage", event, format="json")
    assert response.status_code == 201
    errors = {(e["namespace"], e["code"]) for e in response.json()["errors"]}
    assert errors == {("food_delivery", "unknown_namespace"), ("gs://bucket", "unknown_platform")}
    assert Dataset.objects.count() == 3 and LineageEdge.objects.count() == 2


def test_symlinked_table_names_win_over_storage_paths(ingest_client):
    source = _dataset(
        "hdfs://namenode:8020",
        "/warehouse/dw.db/fact_orders",
        symlinks={
            "identifiers": [
                {"namespace": "hive://m:9083", "name": "dw.fact_orders", "type": "TABLE"}
            ]
        },
    )
    column_lineage = {
        "fields": {
            "id": {"inputFields": [{**source, "field": "order_id"}]},
            # a dataset the event does not list as input still feeds the output
            "day": {
                "inputFields": [{"namespace": "hive://m:9083", "name": "dw.days", "field": "d"}]
            },
            # a platform MDT lacks is left out rather than failing the output
            "x": {"inputFields": [{"namespace": "gs://b", "name": "k", "field": "x"}]},
        }
    }
    target = _dataset("hive://m:9083", "dw.order_ids", columnLineage=column_lineage)
    response = ingest_client.post(
        "/api/v1/lineage", _event(inputs=[source], outputs=[target]), format="json"
    )
    assert response.status_code == 201, response.json()
    edges = {
        e.upstream.urn: e.column_mappings
        for e in LineageEdge.objects.select_related("upstream").all()
    }
    assert edges == {
        FACT: [{"upstreams": ["order_id"], "downstreams": ["id"], "transformation": ""}],
        make_urn("dw.days"): [{"upstreams": ["d"], "downstreams": ["day"], "transformation": ""}],
    }
    assert not Dataset.objects.filter(platform__name="hdfs").exists()


def test_origin_comes_from_the_query_string(ingest_client):
    response = ingest_client.post("/api/v1/lineage?origin=DEV", _event(), format="json")
    assert response.status_code == 201
    assert set(Dataset.objects.values_list("origin", flat=True)) == {"DEV"}
    assert (
        ingest_client.post("/api/v1/lineage?origin=MARS", _event(), format="json").status_code
        == 400
    )


def test_gzip_compressed_events_are_accepted(ingest_client):
    body = gzip.compress(json.dumps(_event()).encode())
    response = ingest_client.generic(
        "POST",
        "/api/v1/lineage",
        body,
        content_type="application/json",
        HTTP_CONTENT_ENCODING="gzip",
    )
    assert response.status_code == 201, response.json()
    assert Dataset.objects.count() == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda e: e["job"].pop("name"), "job"),
        (lambda e: e.update(eventType="DONE"), "eventType"),
        (lambda e: e["run"].update(runId="not-a-uuid"), "run"),
        (lambda e: e.pop("eventTime"), "eventTime"),
        (lambda e: e["outputs"][0].pop("namespace"), "outputs"),
        (
            lambda e: e["outputs"][0]["facets"].update(schema={"fields": [{"type": "int"}]}),
            "outputs[0].facets.schema.fields[0].name",
        ),
        (
            lambda e: e["outputs"][0]["facets"].update(columnLineage={"fields": []}),
            "outputs[0].facets.columnLineage.fields",
        ),
    ],
)
def test_malformed_events_are_refused_with_what_is_wrong(ingest_client, change, field):
    event = _event()
    change(event)
    response = ingest_client.post("/api/v1/lineage", event, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert field in error["fields"], error
    assert not Dataset.objects.exists()


def test_invalid_json_is_a_400(ingest_client):
    response = ingest_client.generic(
        "POST", "/api/v1/lineage", b"{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


@pytest.mark.django_db
def test_lineage_without_a_token_is_a_401():
    response = APIClient().post("/api/v1/lineage", _event(), format="json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("role", [Role.READER, Role.EDITOR])
def test_lineage_needs_the_ingest_permission(db, role):  # pylint: disable=unused-argument
    response = _bearer(UserFactory(role=role)).post("/api/v1/lineage", _event(), format="json")
    assert response.status_code == 403
    assert not Dataset.objects.exists()


# --- the real client --------------------------------------------------------------------------


def test_openlineage_python_client_lineage_lands_in_mdt(live_server, ingestion_user):
    # pylint: disable=import-outside-toplevel
    from openlineage.client import OpenLineageClient
    from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent
    from openlineage.client.event_v2 import RunState
    from openlineage.client.facet_v2 import column_lineage_dataset as cl
    from openlineage.client.facet_v2 import documentation_dataset, schema_dataset
    from openlineage.client.transport.http import ApiKeyTokenProvider, HttpConfig, HttpTransport

    # What README's OpenLineage section tells an emitter to hold: a service token, not a JWT.
    issued = service_token_create(owner=ingestion_user, name="openlineage", actor=None)
    assert issued.secret.startswith(SERVICE_TOKEN_PREFIX)
    transport = HttpTransport(
        HttpConfig(
            url=live_server.url,
            endpoint="api/v1/lineage",
            auth=ApiKeyTokenProvider({"api_key": issued.secret}),
        )
    )
    client = OpenLineageClient(transport=transport)

    def schema(*columns):
        return schema_dataset.SchemaDatasetFacet(
            fields=[schema_dataset.SchemaDatasetFacetFields(name=n, type=t) for n, t in columns]
        )

    inputs = [
        InputDataset(
            namespace="postgres://db.example.com:5432",
            name="shop.public.orders",
            facets={"schema": schema(("id", "INTEGER"), ("amount", "NUMERIC(10,2)"))},
        ),
        InputDataset(
            namespace="postgres://db.example.com:5432",
            name="shop.public.customers",
            facets={"schema": schema(("id", "INTEGER"), ("name", "TEXT"))},
        ),
    ]

    def field_from(table, column, subtype="IDENTITY"):
        return cl.InputField(
            namespace="postgres://db.example.com:5432",
            name=table,
            field=column,
            transformations=[cl.Transformation(type="DIRECT", subtype=subtype)],
        )

    output = OutputDataset(
        namespace="hive://metastore:9083",
        name="dw.fact_orders",
        facets={
            "schema": schema(
                ("order_id", "BIGINT"), ("customer_name", "STRING"), ("amount", "DOUBLE")
            ),
            "documentation": documentation_dataset.DocumentationDatasetFacet(
                description="Orders with their customer."
            ),
            "columnLineage": cl.ColumnLineageDatasetFacet(
                fields={
                    "order_id": cl.Fields(inputFields=[field_from("shop.public.orders", "id")]),
                    "amount": cl.Fields(
                        inputFields=[field_from("shop.public.orders", "amount", "TRANSFORMATION")]
                    ),
                    "customer_name": cl.Fields(
                        inputFields=[field_from("shop.public.customers", "name")]
                    ),
                }
            ),
        },
    )
    run = Run(runId=str(uuid.uuid4()))
    job = Job(namespace="etl", name="load_orders")
    for state in (RunState.START, RunState.COMPLETE):
        client.emit(
            RunEvent(
                eventType=state,
                eventTime="2026-11-26T10:00:00.000Z",
                run=run,
                job=job,
                producer="https://github.com/OpenLineage/OpenLineage/tree/1.54.0/client/python",
                inputs=inputs,
                outputs=[output],
            )
        )

    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None  # the service token authenticated the posts
    fact = Dataset.objects.get(urn=FACT)
    assert fact.description == "Orders with their customer."
    assert [(f.field_path, f.type) for f in fact.fields.all()] == [
        ("order_id", "number"),
        ("customer_name", "string"),
        ("amount", "number"),
    ]
    orders = Dataset.objects.get(urn=ORDERS)
    assert [(f.field_path, f.native_type) for f in orders.fields.all()] == [
        ("id", "INTEGER"),
        ("amount", "NUMERIC(10,2)"),
    ]
    edges = {e.upstream.urn: e for e in fact.upstream_edges.select_related("upstream")}
    assert set(edges) == {ORDERS, CUSTOMERS}
    assert {(e.type, e.actor) for e in edges.values()} == {("TRANSFORMED", JOB)}
    assert edges[ORDERS].column_mappings == [
        {
            "upstreams": ["amount"],
            "downstreams": ["amount"],
            "transformation": "DIRECT:TRANSFORMATION",
        },
        {"upstreams": ["id"], "downstreams": ["order_id"], "transformation": "DIRECT:IDENTITY"},
    ]
    assert edges[CUSTOMERS].column_mappings == [
        {
            "upstreams": ["name"],
            "downstreams": ["customer_name"],
            "transformation": "DIRECT:IDENTITY",
        }
    ]
