"""DataHub input as DataHub's own tools produce and send it (acryl-datahub 1.7, in its tool venv):
files its classes write in both of DataHub's JSON encodings, ``datahub ingest`` through the
datahub-rest sink, csv-enricher in PATCH mode, the emitter's patch builders and the graph
client's reads, ``datahub get``, ``put`` and ``delete``. Nothing here is written by hand to look
like DataHub output: ``fixtures/datahub/write_files.py`` builds the records with DataHub's
classes and writes them with DataHub's writer (and its Avro JSON converter)."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import json
import os
import sqlite3
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import Group, Role, User
from accounts.services import service_token_create
from accounts.tests.factories import UserFactory
from catalog.entity_models import (
    Chart,
    Container,
    Dashboard,
    DataFlow,
    DataJob,
    EntityChange,
    EntityLink,
    EntityOwnership,
    GlossaryNode,
    GlossaryTermRelation,
)
from catalog.models import DataPlatform, Dataset, DatasetStatus, Domain, GlossaryTerm, Tag
from catalog.tests.factories import INGESTION
from ingestion.datahub import records_ingest
from ingestion.models import IngestionRun
from tests.tools import tool

FIXTURES = Path(__file__).parent / "fixtures" / "datahub"
HIVE = "urn:li:dataset:(urn:li:dataPlatform:hive,sales.orders,PROD)"
KAFKA = "urn:li:dataset:(urn:li:dataPlatform:kafka,orders-events,PROD)"
ENCODINGS = ("cli.json", "avro.json", "cli.jsonl")
DOMAIN = "urn:li:domain:7f3c2a9e-5b1d-4e8a-9c6f-0d2b4a8e1f37"
DATABASE = "urn:li:container:5c1e0d4f3a2b4c6d8e9f0a1b2c3d4e5f"
SCHEMA = "urn:li:container:9a8b7c6d5e4f4a3b2c1d0e9f8a7b6c5d"
FLOW = "urn:li:dataFlow:(airflow,orders,PROD)"
LOAD = f"urn:li:dataJob:({FLOW},load)"
REPORT = f"urn:li:dataJob:({FLOW},report)"
CHART = "urn:li:chart:(looker,orders_by_day)"
DASHBOARD = "urn:li:dashboard:(looker,sales_overview)"
ALICE, BOB, SALES = "urn:li:corpuser:alice", "urn:li:corpuser:bob", "urn:li:corpGroup:sales"
# What MDT does not store, by entity type and aspect (``aspect.field``: a part of an aspect
# that is stored otherwise).
SKIPPED = {
    "container": {"dataPlatformInstance.instance": 1},
    "dataJob": {"dataJobInputOutput.inputDatajobs": 1},
    "dataProcessInstance": {"dataProcessInstanceProperties": 1},
    "mlModel": {"mlModelProperties": 1},
    "tag": {"status": 1},
}


def _assert_entities_mapped() -> None:
    """The tag, term, person and group records of the files."""
    gold = Tag.objects.get(name="Gold")
    assert (gold.description, gold.color) == ("Curated", "#d4af37")
    assert GlossaryTerm.objects.get(name="Revenue").description == "Money in."
    alice = User.objects.get(username="alice")
    assert (alice.display_name, alice.email, alice.title) == ("Alice", "alice@example.com", "DE")
    sales = Group.objects.get(name="sales")
    assert sales.display_name == "Sales"
    assert list(sales.members.values_list("username", flat=True)) == ["alice"]
    _assert_glossary_stored()
    _assert_containers_and_domain_stored()
    _assert_pipelines_and_dashboards_stored()
    owners = sorted(
        (o.entity_urn, (o.user or o.group).urn, o.type)
        for o in EntityOwnership.objects.select_related("user", "group")
    )
    assert owners == sorted(
        [
            (DATABASE, ALICE, "TECHNICAL_OWNER"),
            (CHART, ALICE, "TECHNICAL_OWNER"),
            (DASHBOARD, SALES, "TECHNICAL_OWNER"),
            (FLOW, ALICE, "TECHNICAL_OWNER"),
            (LOAD, BOB, "TECHNICAL_OWNER"),
            (DOMAIN, SALES, "TECHNICAL_OWNER"),
            ("urn:li:glossaryNode:finance", SALES, "TECHNICAL_OWNER"),
            ("urn:li:glossaryTerm:Revenue", SALES, "BUSINESS_OWNER"),
            ("urn:li:glossaryTerm:Revenue", ALICE, "TECHNICAL_OWNER"),
            ("urn:li:tag:Gold", ALICE, "TECHNICAL_OWNER"),
        ]
    )
    # Every entity's history has its writes (the same log MDT's own edits go to).
    history = set(EntityChange.objects.values_list("entity_urn", "aspect"))
    assert {
        ("urn:li:tag:Gold", "tagProperties"),
        ("urn:li:glossaryNode:finance.sales", "glossaryNodeInfo"),
        ("urn:li:glossaryTerm:Revenue", "glossaryTermInfo"),
        ("urn:li:glossaryTerm:NetRevenue", "glossaryRelatedTerms"),
        (DOMAIN, "domainProperties"),
        (SCHEMA, "containerProperties"),
        (FLOW, "dataFlowInfo"),
        (LOAD, "dataJobInputOutput"),
        (CHART, "chartInfo"),
        (DASHBOARD, "dashboardInfo"),
        (DASHBOARD, "ownership"),
    } <= history


def _assert_glossary_stored() -> None:
    nodes = {
        n.name: (n.display_name, n.description, n.parent and n.parent.name)
        for n in GlossaryNode.objects.all()
    }
    assert nodes == {
        "finance": ("Finance", "Money matters.", None),
        "finance.sales": ("Sales", "What we sell.", "finance"),
    }
    revenue = GlossaryTerm.objects.get(name="Revenue")
    assert (
        revenue.display_name,
        revenue.description,
        revenue.node.name,
        revenue.source_url,
        revenue.custom_properties,
    ) == (
        "Revenue (gross)",
        "Money in.",
        "finance.sales",
        "https://wiki.example.com/revenue",
        {"unit": "EUR"},
    )
    assert GlossaryTerm.objects.get(name="NetRevenue").node.name == "finance.sales"
    relations = sorted(
        GlossaryTermRelation.objects.values_list("term__name", "relation", "related__name")
    )
    assert relations == [
        ("Customer", "hasA", "Revenue"),
        ("Customer", "values", "NetRevenue"),
        ("NetRevenue", "isA", "Revenue"),
        ("NetRevenue", "relatedTo", "Customer"),
    ]


def _assert_containers_and_domain_stored() -> None:
    domain = Domain.objects.get(name=DOMAIN.removeprefix("urn:li:domain:"))  # the GUID
    assert (domain.display_name, domain.description) == ("Sales & Marketing", "Everything sold.")
    database = Container.objects.get(urn=DATABASE)
    assert (
        database.name,
        database.sub_type,
        database.platform.name,
        database.parent,
        database.description,
        database.qualified_name,
        database.custom_properties,
    ) == (
        "sales_db",
        "Database",
        "hive",
        None,
        "The sales database.",
        "warehouse.sales_db",
        {"engine": "hive", "externalUrl": "https://hive.example.com/sales_db"},
    )
    schema = Container.objects.get(urn=SCHEMA)
    assert (schema.name, schema.sub_type, schema.platform.name, schema.parent) == (
        "sales",
        "Schema",
        "hive",
        database,
    )


def _assert_pipelines_and_dashboards_stored() -> None:
    flow = DataFlow.objects.get(urn=FLOW)
    assert (
        flow.name,
        flow.orchestrator,
        flow.flow_id,
        flow.cluster,
        flow.description,
        flow.url,
        flow.custom_properties,
    ) == (
        "Orders",
        "airflow",
        "orders",
        "PROD",
        "Loads the orders.",
        "https://airflow.example.com/orders",
        {"schedule": "@daily"},
    )
    jobs = {j.urn: (j.name, j.type, j.flow_id, j.description) for j in DataJob.objects.all()}
    assert jobs == {
        LOAD: ("Load orders", "COMMAND", flow.pk, ""),
        REPORT: ("Report", "dbt", flow.pk, "Builds the report."),
    }
    links = sorted(EntityLink.objects.values_list("source_urn", "kind", "target_urn"))
    assert links == [
        (CHART, "input", HIVE),
        (DASHBOARD, "contains", CHART),
        (DASHBOARD, "input", KAFKA),
        (LOAD, "input", KAFKA),
        (LOAD, "output", HIVE),
        (REPORT, "input", HIVE),
        (REPORT, "output", KAFKA),
    ]
    chart = Chart.objects.get(urn=CHART)
    assert (chart.name, chart.type, chart.description, chart.url, chart.platform.name) == (
        "Orders by day",
        "BAR",
        "Daily orders.",
        "https://looker.example.com/charts/1",
        "looker",
    )
    dashboard = Dashboard.objects.get(urn=DASHBOARD)
    assert (dashboard.name, dashboard.description, dashboard.url) == (
        "Sales overview",
        "How sales go.",
        "https://looker.example.com/dashboards/7",
    )


@pytest.fixture(scope="session")
def datahub_files(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("datahub-files")
    python = tool("datahub", "python")
    subprocess.run(
        [str(python), str(FIXTURES / "write_files.py"), str(out)],
        check=True,
        timeout=300,
        capture_output=True,
    )
    return out


def _env(home: Path, server: str = "", token: str = "") -> dict[str, str]:
    env = {
        **os.environ,
        "HOME": str(home),
        "DATAHUB_TELEMETRY_ENABLED": "false",
        "DATAHUB_SKIP_CONFIG": "true",
    }
    if server:
        env.update({"DATAHUB_GMS_URL": f"{server}/api/gms", "DATAHUB_GMS_TOKEN": token})
    return env


def _datahub(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(tool("datahub", "datahub")), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )


def _state(urn: str) -> dict:
    """Everything MDT holds of a dataset that DataHub input can set."""
    d = Dataset.objects.get(urn=urn)
    return {
        "description": d.description,
        "qualified_name": d.qualified_name,
        "display_name": d.display_name,
        "custom_properties": d.custom_properties,
        "browse_path": d.browse_path,
        "docs": d.docs,
        "status": d.status,
        "domain": d.domain and d.domain.name,
        "container": d.container and d.container.urn,
        "fields": {
            f.field_path: [
                f.type,
                f.native_type,
                f.nullable,
                f.is_key,
                f.is_partition,
                f.description,
                f.tags,
                f.glossary_terms,
                f.editable_description,
                f.editable_tags,
            ]
            for f in d.fields.all()
        },
        "owners": sorted((o.owner_urn, o.type) for o in d.ownerships.all()),
        "tags": sorted(d.tag_links.values_list("tag__name", flat=True)),
        "terms": sorted(d.term_links.values_list("term__name", flat=True)),
        "upstreams": sorted(
            (e.upstream.urn, e.type, json.dumps(e.column_mappings)) for e in d.upstream_edges.all()
        ),
    }


def _assert_every_aspect_mapped(hive: dict) -> None:
    assert hive["description"] == "Every order, from hive."
    assert hive["qualified_name"] == "hive.sales.orders"
    assert hive["display_name"] == "Orders"
    assert hive["custom_properties"] == {
        "retention": "30d",
        "string": "a property named string",  # a map's key, never taken for a union
        "externalUrl": "https://hive.example.com/orders",
        "link:Runbook": "https://wiki.example.com/orders",
    }
    assert hive["browse_path"] == "/hive/prod/sales"
    assert hive["docs"] == "Edited in DataHub's UI."
    assert hive["status"] == DatasetStatus.ACTIVE
    assert hive["domain"] == DOMAIN.removeprefix("urn:li:domain:")  # a GUID, as DataHub's UI makes
    assert hive["container"] == SCHEMA
    fields = hive["fields"]
    assert {path: value[0] for path, value in fields.items()} == {
        "id": "number",
        "customer": "string",
        "paid": "boolean",
        "placed_on": "date",
        "placed_at": "time",
        "payload": "bytes",
        "code": "fixed",
        "state": "enum",
        "nothing": "null",
        "attrs": "map",
        "lines": "array",
        "either": "union",
        "address": "struct",
        "address.city": "string",
    }
    assert fields["id"][2:6] == [False, True, False, "The order's id."]
    assert fields["placed_on"][4] is True
    assert fields["customer"][6:8] == [["PII"], ["Customer"]]
    assert fields["nothing"][5] == ""
    assert fields["paid"][8:] == ["True once the payment cleared.", ["Finance"]]
    assert hive["owners"] == [
        ("urn:li:corpGroup:sales", "BUSINESS_OWNER"),
        ("urn:li:corpuser:alice", "TECHNICAL_OWNER"),
        ("urn:li:corpuser:bob", "DATA_STEWARD"),
    ]
    assert hive["tags"] == ["Gold"]
    assert hive["terms"] == ["Revenue"]
    mapping = [{"upstreams": ["id"], "downstreams": ["id"], "transformation": "IDENTITY"}]
    assert hive["upstreams"] == [(KAFKA, "TRANSFORMED", json.dumps(mapping))]


@pytest.mark.django_db
def test_the_real_reader_takes_the_avro_file_for_the_same_records(datahub_files, tmp_path):
    """The Avro JSON file is what DataHub's own file source reads as the plain file's records."""
    recipe = tmp_path / "recipe.yml"
    out = tmp_path / "out.json"
    recipe.write_text(
        json.dumps(
            {
                "source": {"type": "file", "config": {"path": str(datahub_files / "avro.json")}},
                "sink": {"type": "file", "config": {"filename": str(out)}},
            }
        )
    )
    run = _datahub(["ingest", "-c", str(recipe)], _env(tmp_path))
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    read = json.loads(out.read_text())
    for record in read:
        record.pop("systemMetadata", None)
    assert read == json.loads((datahub_files / "cli.json").read_text())
    assert '{"string": "Every order, from kafka."}' in json.dumps(
        json.loads((datahub_files / "avro.json").read_text())
    )


@pytest.mark.django_db
def test_ingest_datahub_maps_every_aspect_alike_in_each_encoding(datahub_files):
    GlossaryTerm.objects.create(name="Customer")
    GlossaryTerm.objects.create(name="Revenue")
    states = {}
    for name in ENCODINGS:
        out = StringIO()
        call_command("ingest_datahub", str(datahub_files / name), stdout=out)
        assert "2 created" in out.getvalue() and "0 failed" in out.getvalue(), out.getvalue()
        states[name] = {urn: _state(urn) for urn in (HIVE, KAFKA)}
        run = IngestionRun.objects.get(recipe_name=f"datahub:{datahub_files / name}")
        assert run.summary["skipped"] == SKIPPED
        assert (run.created, run.failed, run.status) == (2, 0, "succeeded")
        Dataset.objects.all().delete()
    assert states["avro.json"] == states["cli.json"] == states["cli.jsonl"]
    _assert_every_aspect_mapped(states["cli.json"][HIVE])
    _assert_entities_mapped()


@pytest.mark.django_db
def test_an_unreadable_record_is_that_records_error(datahub_files, tmp_path):
    lines = (datahub_files / "cli.jsonl").read_text().splitlines()
    first = json.loads(lines[0])  # the Kafka dataset's snapshot
    aspects = first["proposedSnapshot"][
        "com.linkedin.pegasus2avro.metadata.snapshot.DatasetSnapshot"
    ]["aspects"]
    aspects[0]["com.linkedin.pegasus2avro.dataset.DatasetProperties"]["description"] = {
        "lang": "en",
        "text": "…",
    }
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join([json.dumps(first), "{not json", *lines[1:]]) + "\n")
    out, err = StringIO(), StringIO()
    call_command("ingest_datahub", str(broken), stdout=out, stderr=err)
    assert "1 created" in out.getvalue() and "2 failed" in out.getvalue(), out.getvalue()
    assert "record 0: The 'datasetProperties' aspect" in err.getvalue()
    assert "description must be a string, not dict" in err.getvalue()
    assert "record 1: line 2 is not JSON" in err.getvalue()
    # The broken snapshot is refused whole: none of its other aspects reached the dataset (which
    # exists only as the Hive table's upstream).
    kafka = Dataset.objects.get(urn=KAFKA)
    assert (kafka.fields.count(), kafka.ownerships.count(), kafka.description) == (0, 0, "")
    assert Dataset.objects.get(urn=HIVE).description == "Every order, from hive."


# --- against a live MDT --------------------------------------------------------------------------


@pytest.fixture
def sink_token(live_server) -> str:  # pylint: disable=unused-argument
    for name in ("kafka", "hive"):  # an earlier transactional test may have flushed them
        DataPlatform.objects.get_or_create(name=name, defaults={"display_name": name})
    user = UserFactory(username="datahub-sink", role=Role.INGESTION)
    return service_token_create(owner=user, name="datahub", expires_in="1d", actor=None).secret


def _rest_ingest(path: Path, server: str, token: str, home: Path) -> str:
    recipe = home / f"{path.stem}.yml"
    recipe.write_text(
        json.dumps(
            {
                "source": {"type": "file", "config": {"path": str(path)}},
                "sink": {
                    "type": "datahub-rest",
                    "config": {"server": f"{server}/api/gms", "token": token},
                },
            }
        )
    )
    run = _datahub(["ingest", "-c", str(recipe)], _env(home, server, token))
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "'failures': []" in run.stdout
    return run.stdout


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("platforms_reseeded")
def test_datahub_ingest_sends_both_encodings_through_the_rest_sink(
    live_server, sink_token, datahub_files, tmp_path
):
    GlossaryTerm.objects.create(name="Customer")
    GlossaryTerm.objects.create(name="Revenue")
    states = {}
    for name in ("avro.json", "cli.json"):
        _rest_ingest(datahub_files / name, live_server.url, sink_token, tmp_path)
        states[name] = {urn: _state(urn) for urn in (HIVE, KAFKA)}
        Dataset.objects.all().delete()
    assert states["avro.json"] == states["cli.json"]
    _assert_every_aspect_mapped(states["avro.json"][HIVE])
    _assert_entities_mapped()
    runs = IngestionRun.objects.filter(recipe_name__startswith="datahub:file-")
    assert runs.count() == 2  # one per pipeline run id
    for run in runs:
        assert run.source_type == "datahub-rest"
        assert {k: v for k, v in run.summary["skipped"].items() if k in SKIPPED} == SKIPPED
        assert run.created == 2
        stored = run.summary["stored"]
        assert stored["glossaryTerm"] == {
            "glossaryTermInfo": 2,
            "glossaryRelatedTerms": 2,
            "ownership": 1,
        }
        assert stored["dataJob"] == {"dataJobInfo": 2, "dataJobInputOutput": 2, "ownership": 1}
        assert stored["dataset"]["container"] == stored["dataset"]["domains"] == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("platforms_reseeded")
def test_csv_enricher_patch_and_the_patch_builders_add_to_what_is_stored(
    live_server, sink_token, datahub_files, tmp_path
):
    records_ingest(json.loads((datahub_files / "cli.json").read_text()), actor=INGESTION)
    csv = tmp_path / "enrich.csv"
    csv.write_text(
        "resource,subresource,glossary_terms,tags,owners,ownership_type,description,domain,"
        "ownership_type_urn\n"
        f'"{HIVE}",,,[urn:li:tag:Enriched],[urn:li:corpuser:carol],TECHNICAL_OWNER,,,\n'
        f'"{HIVE}",customer,,[urn:li:tag:Sensitive],,,The buyer.,,\n'
    )
    recipe = tmp_path / "enrich.yml"
    recipe.write_text(
        json.dumps(
            {
                "source": {
                    "type": "csv-enricher",
                    "config": {"filename": str(csv), "write_semantics": "PATCH"},
                },
                "sink": {
                    "type": "datahub-rest",
                    "config": {"server": f"{live_server.url}/api/gms", "token": sink_token},
                },
                # The graph csv-enricher reads the current aspects with.
                "datahub_api": {"server": f"{live_server.url}/api/gms", "token": sink_token},
            }
        )
    )
    env = _env(tmp_path, live_server.url, sink_token)
    run = _datahub(["ingest", "-c", str(recipe)], env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    hive = _state(HIVE)
    # csv-enricher read the owners back and added one: the three stored ones stay.
    assert hive["owners"] == [
        ("urn:li:corpGroup:sales", "BUSINESS_OWNER"),
        ("urn:li:corpuser:alice", "TECHNICAL_OWNER"),
        ("urn:li:corpuser:bob", "DATA_STEWARD"),
        ("urn:li:corpuser:carol", "TECHNICAL_OWNER"),
    ]
    assert hive["tags"] == ["Enriched", "Gold"]
    assert hive["fields"]["customer"][8:] == ["The buyer.", ["Sensitive"]]

    script = subprocess.run(
        [str(tool("datahub", "python")), str(FIXTURES / "patch_and_read.py"), HIVE, KAFKA],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert script.returncode == 0, script.stderr[-3000:]
    read = json.loads(script.stdout)
    hive = _state(HIVE)
    assert hive["owners"] == [
        ("urn:li:corpGroup:sales", "BUSINESS_OWNER"),
        ("urn:li:corpuser:alice", "TECHNICAL_OWNER"),
        ("urn:li:corpuser:carol", "TECHNICAL_OWNER"),
        ("urn:li:corpuser:dave", "DATA_STEWARD"),
    ]
    assert hive["tags"] == ["Enriched", "Patched"]
    assert hive["description"] == "Patched description"
    assert hive["custom_properties"]["patched"] == "yes"
    assert hive["custom_properties"]["retention"] == "30d"
    assert hive["fields"]["paid"][9] == ["Checked", "Finance"]  # added to the edit there
    mappings = json.loads(hive["upstreams"][0][2])
    assert {"upstreams": ["customer"], "downstreams": ["customer"], "transformation": "COPY"} in (
        mappings
    )
    # The graph client reads what MDT stores, typed by DataHub's own classes.
    assert read["owners"] == [[o, t] for o, t in hive["owners"]]
    assert read["tags"] == ["urn:li:tag:Enriched", "urn:li:tag:Patched"]
    assert read["description"] == "Patched description"
    assert read["exists"] is True and read["missing"] is False
    assert {"datasetKey", "schemaMetadata", "ownership", "upstreamLineage"} <= set(
        read["semityped"]
    )
    assert read["fields"] == len(hive["fields"])


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("platforms_reseeded")
def test_datahub_get_put_and_delete(live_server, sink_token, datahub_files, tmp_path):
    records_ingest(json.loads((datahub_files / "cli.json").read_text()), actor=INGESTION)
    env = _env(tmp_path, live_server.url, sink_token)
    got = _datahub(["get", "--urn", HIVE, "-a", "ownership", "-a", "schemaMetadata"], env)
    assert got.returncode == 0, got.stderr[-2000:]
    aspects = json.loads(got.stdout)
    assert [o["owner"] for o in aspects["ownership"]["owners"]] == [
        "urn:li:corpuser:alice",
        "urn:li:corpGroup:sales",
        "urn:li:corpuser:bob",
    ]
    assert len(aspects["schemaMetadata"]["fields"]) == 14
    missing = _datahub(["get", "--urn", HIVE.replace("sales.orders", "nope")], env)
    assert missing.returncode != 0 and "not found" in missing.stderr

    tags = tmp_path / "tags.json"
    tags.write_text(json.dumps({"tags": [{"tag": "urn:li:tag:Put"}]}))
    put = _datahub(["put", "--urn", HIVE, "--aspect", "globalTags", "-d", str(tags)], env)
    assert put.returncode == 0, put.stdout[-2000:] + put.stderr[-2000:]
    assert _state(HIVE)["tags"] == ["Put"]

    # A client given MDT's root rather than <MDT>/api/gms is told where GMS is.
    root = {**env, "DATAHUB_GMS_URL": live_server.url}
    lost = _datahub(["get", "--urn", HIVE], root)
    assert lost.returncode != 0
    assert "connected to the frontend service" in lost.stderr + lost.stdout
    assert "JSONDecodeError" not in lost.stderr + lost.stdout

    deleted = _datahub(["delete", "--urn", HIVE, "-f"], env)
    assert deleted.returncode == 0, deleted.stdout[-2000:] + deleted.stderr[-2000:]
    assert "Soft deleted 1 entities" in deleted.stdout + deleted.stderr
    assert Dataset.objects.get(urn=HIVE).status == DatasetStatus.REMOVED


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("platforms_reseeded")
def test_datahubs_sqlalchemy_source_on_a_sqlite_file_lands_in_mdt(
    live_server, sink_token, tmp_path
):
    database = tmp_path / "shop.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL)")
        connection.execute("CREATE VIEW big_orders AS SELECT * FROM orders WHERE id > 100")
    DataPlatform.objects.get_or_create(name="sqlite", defaults={"display_name": "SQLite"})
    recipe = tmp_path / "sqlite.yml"
    recipe.write_text(
        json.dumps(
            {
                "source": {
                    "type": "sqlalchemy",
                    "config": {"platform": "sqlite", "connect_uri": f"sqlite:///{database}"},
                },
                "sink": {
                    "type": "datahub-rest",
                    "config": {"server": f"{live_server.url}/api/gms", "token": sink_token},
                },
            }
        )
    )
    run = _datahub(["ingest", "-c", str(recipe)], _env(tmp_path))
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "'failures': []" in run.stdout
    orders = Dataset.objects.get(urn="urn:li:dataset:(urn:li:dataPlatform:sqlite,main.orders,PROD)")
    fields = {f.field_path: (f.type, f.nullable, f.is_key) for f in orders.fields.all()}
    # As DataHub reports them (SQLAlchemy calls SQLite's INTEGER PRIMARY KEY nullable).
    assert fields == {"id": ("number", True, True), "customer": ("string", False, False)}
    view = Dataset.objects.get(
        urn="urn:li:dataset:(urn:li:dataPlatform:sqlite,main.big_orders,PROD)"
    )
    assert view.upstream_edges.count() == 1  # the view's lineage, parsed by DataHub
    # A browse path names the containers MDT knows by then (the sink sends from several threads,
    # so a table may come before its schema's name); never a raw id.
    assert "urn:li:" not in orders.browse_path
    skipped = IngestionRun.objects.get(recipe_name__startswith="datahub:sqlalchemy-").summary
    assert skipped["stored"]["container"] == {
        "containerProperties": 2,
        "subTypes": 2,
        "dataPlatformInstance": 2,
        "container": 1,
    }
    # The source's containers: the database (named by the file's path) holds the schema,
    # which holds the tables.
    schema = Container.objects.get(name="main")
    assert (schema.sub_type, schema.platform.name, schema.parent.name, schema.parent.sub_type) == (
        "Schema",
        "sqlite",
        str(database),
        "Database",
    )
    assert orders.container == view.container == schema

    # The same source into a file: its containers come with their names, which the datasets'
    # browse paths then use (the database container is named by the file's path).
    recipe.write_text(
        json.dumps(
            {
                "source": json.loads(recipe.read_text())["source"],
                "sink": {"type": "file", "config": {"filename": str(tmp_path / "out.json")}},
            }
        )
    )
    run = _datahub(["ingest", "-c", str(recipe)], _env(tmp_path))
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    call_command("ingest_datahub", str(tmp_path / "out.json"), stdout=StringIO())
    orders.refresh_from_db()
    assert orders.browse_path == f"/sqlite/{str(database).replace('/', '-')}/main"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("platforms_reseeded")
def test_datahub_get_reads_a_term_and_a_pipeline_and_the_patch_builders_change_them(
    live_server, sink_token, datahub_files, tmp_path
):
    records_ingest(json.loads((datahub_files / "cli.json").read_text()), actor=INGESTION)
    env = _env(tmp_path, live_server.url, sink_token)
    got = _datahub(["get", "--urn", "urn:li:glossaryTerm:Revenue"], env)
    assert got.returncode == 0, got.stderr[-2000:]
    term = json.loads(got.stdout)
    assert term["glossaryTermKey"] == {"name": "Revenue"}
    assert term["glossaryTermInfo"] == {
        "customProperties": {"unit": "EUR"},
        "definition": "Money in.",
        "name": "Revenue (gross)",
        "parentNode": "urn:li:glossaryNode:finance.sales",
        "sourceUrl": "https://wiki.example.com/revenue",
        "termSource": "INTERNAL",
    }
    assert sorted(o["owner"] for o in term["ownership"]["owners"]) == [SALES, ALICE]
    got = _datahub(["get", "--urn", LOAD, "-a", "dataJobInfo", "-a", "dataJobInputOutput"], env)
    assert got.returncode == 0, got.stderr[-2000:]
    job = json.loads(got.stdout)
    assert job["dataJobInfo"]["name"] == "Load orders"
    assert job["dataJobInfo"]["flowUrn"] == FLOW
    assert job["dataJobInputOutput"]["inputDatasetEdges"] == [{"destinationUrn": KAFKA}]
    got = _datahub(["get", "--urn", FLOW], env)
    assert json.loads(got.stdout)["dataFlowInfo"]["name"] == "Orders"
    for missing in ("urn:li:glossaryTerm:Nope", FLOW.replace("orders", "nope")):
        answer = _datahub(["get", "--urn", missing], env)
        assert answer.returncode != 0 and "not found" in answer.stderr, answer.stdout

    script = subprocess.run(
        [str(tool("datahub", "python")), str(FIXTURES / "patch_entities.py")],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert script.returncode == 0, script.stderr[-3000:]
    read = json.loads(script.stdout)
    owners = EntityOwnership.objects.filter(entity_urn="urn:li:glossaryTerm:Revenue")
    assert sorted((o.user or o.group).urn for o in owners) == [
        "urn:li:corpGroup:sales",
        "urn:li:corpuser:carol",
    ]
    assert read["term_owners"] == [
        [SALES, "BUSINESS_OWNER"],
        ["urn:li:corpuser:carol", "DATA_STEWARD"],
    ]
    assert read["term_info"]["definition"] == "Money in."  # typed by DataHub's class
    relations = sorted(
        GlossaryTermRelation.objects.filter(term__name="NetRevenue").values_list(
            "relation", "related__name"
        )
    )
    assert relations == [("hasA", "Customer"), ("isA", "Revenue")]  # relatedTo removed
    assert read["related"] == {
        "isRelatedTerms": ["urn:li:glossaryTerm:Revenue"],
        "hasRelatedTerms": ["urn:li:glossaryTerm:Customer"],
        "values": [],
        "relatedTerms": [],
    }
    refunds = HIVE.replace("sales.orders", "sales.refunds")
    links = sorted(EntityLink.objects.filter(source_urn=LOAD).values_list("kind", "target_urn"))
    assert links == sorted([("input", KAFKA), ("input", refunds)])  # the output removed
    assert (read["job_inputs"], read["job_outputs"]) == (sorted([KAFKA, refunds]), [])
    assert DataJob.objects.get(urn=LOAD).custom_properties == {"retries": "3"}
    assert read["job_info"]["customProperties"] == {"retries": "3"}
    assert read["job_info"]["type"] == {"string": "COMMAND"}  # as DataHub writes it too
    chart_inputs = EntityLink.objects.filter(source_urn=CHART).values_list("target_urn", flat=True)
    assert sorted(chart_inputs) == sorted([HIVE, KAFKA])
    dashboard = sorted(
        EntityLink.objects.filter(source_urn=DASHBOARD).values_list("kind", "target_urn")
    )
    assert dashboard == [("input", HIVE), ("input", KAFKA)]  # its chart removed, a dataset added
    assert read["chart"]["title"] == "Orders by day" and read["dashboard"]["charts"] == []
    assert (read["exists"], read["missing"]) == (True, False)
    assert {"dataFlowKey", "dataFlowInfo", "ownership"} <= set(read["semityped"])
    # The patches are in the entities' history, under the client's account.
    patched = EntityChange.objects.filter(entity_urn=LOAD, aspect="dataJobInputOutput").first()
    assert patched.actor.endswith("datahub-sink")
