"""DataHub compatibility: MCE/MCP files, the GMS REST subset, and a real ``datahub ingest``."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import json
import os
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.services import service_token_create, service_token_revoke
from accounts.tests.factories import UserFactory
from catalog import services
from catalog.entity_models import DataJob
from catalog.models import DataPlatform, Dataset, DatasetStatus, LineageEdge
from catalog.tests.factories import INGESTION
from ingestion.datahub import records_ingest
from tests.tools import tool

BOOTSTRAP = Path(__file__).parent / "fixtures" / "datahub" / "bootstrap_mce.json"
KAFKA = "urn:li:dataset:(urn:li:dataPlatform:kafka,SampleKafkaDataset,PROD)"
HDFS = "urn:li:dataset:(urn:li:dataPlatform:hdfs,SampleHdfsDataset,PROD)"
HIVE = "urn:li:dataset:(urn:li:dataPlatform:hive,SampleHiveDataset,PROD)"


@pytest.fixture
def bootstrap(db):  # pylint: disable=unused-argument
    return records_ingest(json.loads(BOOTSTRAP.read_text()), actor=INGESTION)


def test_sample_mce_file_loads_datasets_and_counts_what_it_skips(bootstrap):
    assert bootstrap.batch.errors == []
    assert bootstrap.batch.created == 4
    assert bootstrap.skipped_by_type() == {"dataset": {"subTypes": 1}}
    assert bootstrap.entities == 2  # the corpuser and the task
    job = DataJob.objects.get(
        urn="urn:li:dataJob:(urn:li:dataFlow:(airflow,dag_abc,PROD),task_123)"
    )
    assert (job.name, job.type, job.flow.urn) == (
        "task_123",
        "COMMAND",
        "urn:li:dataFlow:(airflow,dag_abc,PROD)",
    )


def test_sample_mce_maps_properties_links_and_owners(bootstrap):  # pylint: disable=W0613
    kafka = Dataset.objects.get(urn=KAFKA)
    assert kafka.description == "This is a sample Kafka dataset"
    assert kafka.custom_properties == {
        "prop1": "fakeprop",
        "prop2": "pikachu",
        "link:Sample doc": "https://www.linkedin.com",
        "link:Runbook": "https://wiki.example.com/kafka",
    }
    assert kafka.docs == ""  # institutional memory is ingested metadata, never docs
    assert kafka.browse_path == "/prod/kafka"
    owners = sorted((o.owner_urn, o.type, o.type_label) for o in kafka.ownerships.all())
    assert owners == [  # a deprecated type is kept as said, and shown as DataHub shows it
        ("urn:li:corpGroup:bfoo", "TECHNICAL_OWNER", "Technical owner"),
        ("urn:li:corpuser:datahub", "DATAOWNER", "Technical owner"),
        ("urn:li:corpuser:jdoe", "DATAOWNER", "Technical owner"),
    ]
    assert list(kafka.tag_links.values_list("tag__name", flat=True)) == ["Cypress"]


def test_sample_mce_maps_nested_v2_field_paths_tags_and_terms(bootstrap):  # pylint: disable=W0613
    fields = {f.field_path: f for f in Dataset.objects.get(urn=KAFKA).fields.all()}
    field_foo = fields["[version=2.0].[type=SampleKafkaSchema].[type=string].field_foo"]
    assert (field_foo.type, field_foo.is_key, field_foo.tags, field_foo.description) == (
        "string",
        True,
        ["Legacy"],
        "Foo field description",
    )
    zipcode = fields[
        "[version=2.0].[type=SampleKafkaSchema].[type=Address].address.[type=string].zipcode"
    ]
    assert zipcode.glossary_terms == ["Classification.Sensitive"]
    assert fields["[version=2.0].[type=SampleKafkaSchema].[type=Address].address"].type == "struct"
    assert (
        fields["[version=2.0].[type=SampleKafkaSchema].[type=array].[type=long].ids"].type
        == "array"
    )


def test_sample_mce_maps_every_datahub_field_type(bootstrap):  # pylint: disable=W0613
    hive = Dataset.objects.get(urn=HIVE)
    types = {f.field_path: f.type for f in hive.fields.all()}
    assert types == {
        "col_booleantype": "boolean",
        "col_fixedtype": "fixed",
        "col_stringtype": "string",
        "col_bytestype": "bytes",
        "col_numbertype": "number",
        "col_datetype": "date",
        "col_timetype": "time",
        "col_enumtype": "enum",
        "col_nulltype": "null",
        "col_maptype": "map",
        "col_arraytype": "array",
        "col_uniontype": "union",
        "col_recordtype": "struct",
    }
    assert hive.fields.get(field_path="col_numbertype").is_key  # from primaryKeys
    # browsePathsV2; its container, never named in the file, is left out (a raw id is no folder)
    assert hive.browse_path == "/hive/warehouse"
    assert hive.status == DatasetStatus.ACTIVE


def test_sample_mce_maps_lineage_with_fine_grained_columns(bootstrap):  # pylint: disable=W0613
    edge = LineageEdge.objects.get(upstream__urn=KAFKA, downstream__urn=HDFS)
    assert (edge.type, edge.actor) == ("TRANSFORMED", "urn:li:corpuser:jdoe")
    assert edge.column_mappings == [
        {
            "upstreams": ["[version=2.0].[type=SampleKafkaSchema].[type=string].field_foo"],
            "downstreams": ["field_foo"],
            "transformation": "IDENTITY",
        }
    ]
    assert LineageEdge.objects.get(upstream__urn=HDFS, downstream__urn=HIVE).type == "COPY"


def test_status_aspect_soft_deletes_a_dataset(bootstrap):  # pylint: disable=W0613
    removed = Dataset.objects.get(name="logging_events")
    assert removed.status == DatasetStatus.REMOVED


def test_editable_aspects_fill_the_editable_side_only_when_empty(
    bootstrap,
):  # pylint: disable=W0613
    hdfs = Dataset.objects.get(urn=HDFS)
    assert hdfs.docs == "HDFS copy, curated in DataHub"
    field_foo = hdfs.fields.get(field_path="field_foo")
    assert (field_foo.editable_description, field_foo.editable_tags) == (
        "Edited in DataHub",
        ["Edited"],
    )
    assert field_foo.description == "Foo field description"
    assert hdfs.fields.get(field_path="field_bar").is_partition
    assert list(hdfs.term_links.values_list("term__name", flat=True)) == [
        "Classification.Confidential"
    ]
    # An edit made in MDT is never replaced by DataHub's editable aspects.
    services.dataset_update(urn=HDFS, actor="urn:li:corpuser:ed", docs="MDT docs")
    again = records_ingest(json.loads(BOOTSTRAP.read_text()), actor=INGESTION)
    assert Dataset.objects.get(urn=HDFS).docs == "MDT docs"
    assert again.batch.unchanged == 4


def test_institutional_memory_alone_keeps_the_stored_properties(bootstrap):  # pylint: disable=W0613
    records_ingest(
        [
            {
                "entityType": "dataset",
                "entityUrn": KAFKA,
                "changeType": "UPSERT",
                "aspectName": "institutionalMemory",
                "aspect": {
                    "value": json.dumps(
                        {"elements": [{"url": "https://x.example", "description": "X"}]}
                    ),
                    "contentType": "application/json",
                },
            }
        ],
        actor=INGESTION,
    )
    assert Dataset.objects.get(urn=KAFKA).custom_properties == {
        "prop1": "fakeprop",
        "prop2": "pikachu",
        "link:X": "https://x.example",
    }


def test_ingest_datahub_command_loads_a_file(db):  # pylint: disable=unused-argument
    out = StringIO()
    call_command("ingest_datahub", str(BOOTSTRAP), stdout=out)
    assert "4 created" in out.getvalue()
    assert "warning: 1 dataset 'subTypes' aspect(s) not stored" in out.getvalue()
    assert Dataset.objects.count() == 4


# --- the GMS REST subset -----------------------------------------------------------------------


@pytest.fixture
def gms_client(db):  # pylint: disable=unused-argument
    client = APIClient()
    client.force_authenticate(user=UserFactory(username="dh", role=Role.INGESTION))
    return client


def test_gms_config_answers_like_gms(db):  # pylint: disable=unused-argument
    response = APIClient().get("/api/gms/config")
    assert response.status_code == 200
    assert response.json()["noCode"] == "true"


def test_gms_ingest_proposal_batch_and_entity_ingest(gms_client):
    proposal = {
        "entityType": "dataset",
        "entityUrn": KAFKA,
        "changeType": "UPSERT",
        "aspectName": "datasetProperties",
        "aspect": {
            "value": json.dumps({"description": "From GMS", "customProperties": {}}),
            "contentType": "application/json",
        },
    }
    response = gms_client.post(
        "/api/gms/aspects?action=ingestProposal", {"proposal": proposal}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert Dataset.objects.get(urn=KAFKA).description == "From GMS"
    status = {**proposal, "aspectName": "status", "aspect": {"value": '{"removed": true}'}}
    response = gms_client.post(
        "/api/gms/aspects?action=ingestProposalBatch", {"proposals": [status]}, format="json"
    )
    assert response.status_code == 200
    assert Dataset.objects.get(urn=KAFKA).status == DatasetStatus.REMOVED
    snapshot = json.loads(BOOTSTRAP.read_text())[3]["proposedSnapshot"]
    value = {k.replace("pegasus2avro.", ""): v for k, v in snapshot.items()}
    response = gms_client.post(
        "/api/gms/entities?action=ingest", {"entity": {"value": value}}, format="json"
    )
    assert response.status_code == 200
    assert Dataset.objects.get(urn=HIVE).fields.count() == 13


def test_gms_rejects_a_bad_proposal_with_its_reason(gms_client):
    proposal = {
        "entityType": "dataset",
        "entityUrn": "urn:li:dataset:(urn:li:dataPlatform:nosuch,x,PROD)",
        "aspectName": "status",
        "aspect": {"value": '{"removed": false}'},
    }
    response = gms_client.post(
        "/api/gms/aspects?action=ingestProposal", {"proposal": proposal}, format="json"
    )
    assert response.status_code == 400
    assert "Unknown platform 'nosuch'" in response.json()["message"]


def test_gms_needs_an_ingestion_token(db):  # pylint: disable=unused-argument
    url = "/api/gms/aspects?action=ingestProposal"
    assert APIClient().post(url, {}, format="json").status_code == 401
    reader = APIClient()
    reader.force_authenticate(user=UserFactory(role=Role.READER))
    assert reader.post(url, {}, format="json").status_code == 403


def test_gms_takes_the_sinks_service_token_until_it_is_revoked(db):  # pylint: disable=W0613
    owner = UserFactory(username="dh-sink", role=Role.INGESTION)
    issued = service_token_create(owner=owner, name="datahub", actor=None)
    sink = APIClient()
    sink.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.secret}")  # what datahub-rest sends
    proposal = {
        "entityType": "dataset",
        "entityUrn": KAFKA,
        "aspectName": "status",
        "aspect": {"value": '{"removed": false}'},
    }
    url = "/api/gms/aspects?action=ingestProposal"
    assert sink.post(url, {"proposal": proposal}, format="json").status_code == 200
    assert Dataset.objects.get(urn=KAFKA).changes.filter(actor=owner.urn).exists()

    service_token_revoke(token=issued.token, actor=owner)
    refused = sink.post(url, {"proposal": proposal}, format="json")
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "token_not_valid"


def test_gms_endpoints_stay_out_of_swagger(db):  # pylint: disable=unused-argument
    schema = APIClient().get("/api/swagger.json").json()
    assert schema["basePath"] == "/api/v1"
    assert not any("gms" in path for path in schema["paths"])


# --- the real acryl-datahub CLI ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("platforms_reseeded")
def test_datahub_ingest_with_the_rest_sink_lands_in_mdt(live_server, tmp_path):
    cli = tool("datahub", "datahub")
    for name in ("kafka", "hdfs", "hive"):  # an earlier transactional test may have flushed them
        DataPlatform.objects.get_or_create(name=name, defaults={"display_name": name})
    user = UserFactory(username="datahub-sink", role=Role.INGESTION)
    # A service token, as a pipeline holds one: a 15-minute JWT would expire mid-run.
    token = service_token_create(owner=user, name="datahub", expires_in="1d", actor=None).secret
    recipe = tmp_path / "recipe.yml"
    recipe.write_text(
        json.dumps(  # YAML is a superset of JSON
            {
                "source": {"type": "file", "config": {"path": str(BOOTSTRAP)}},
                "sink": {
                    "type": "datahub-rest",
                    "config": {"server": f"{live_server.url}/api/gms", "token": token},
                },
            }
        )
    )
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "DATAHUB_TELEMETRY_ENABLED": "false",
        "DATAHUB_SKIP_CONFIG": "true",
    }
    run = subprocess.run(
        [str(cli), "ingest", "-c", str(recipe)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "'failures': []" in run.stdout
    kafka = Dataset.objects.get(urn=KAFKA)
    assert kafka.description == "This is a sample Kafka dataset"
    assert kafka.fields.count() == 5
    assert kafka.custom_properties["link:Runbook"] == "https://wiki.example.com/kafka"
    assert LineageEdge.objects.filter(upstream__urn=KAFKA, downstream__urn=HDFS).exists()
    assert Dataset.objects.get(urn=HIVE).fields.count() == 13
    assert kafka.changes.filter(actor="urn:li:corpuser:datahub-sink").exists()


def test_gms_refuses_what_the_database_cannot_store_naming_it(gms_client):
    """The GMS adapter writes through the writer, whose rules refuse a NUL (PostgreSQL cannot
    store one) as they do for the ingest API: a 400 with the reason, not a 500."""
    proposal = {
        "entityType": "dataset",
        "entityUrn": KAFKA,
        "changeType": "UPSERT",
        "aspectName": "datasetProperties",
        "aspect": {
            "value": json.dumps({"description": "x\u0000y", "customProperties": {"k": "v"}}),
            "contentType": "application/json",
        },
    }
    response = gms_client.post(
        "/api/gms/aspects?action=ingestProposal", {"proposal": proposal}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "description: must not contain NUL characters" in response.json()["message"]
    assert not Dataset.objects.filter(urn=KAFKA).exists()
