"""The GMS subset's changes beyond UPSERT (PATCH, DELETE, RESTATE), its read-back, the ingestion
run it leaves, and the two pieces under them: Avro JSON made plain and DataHub's JSON Patch. The
same paths driven by DataHub's own clients are in ``test_datahub_real``."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import json
from urllib.parse import quote

import pytest
from rest_framework.test import APIClient

from accounts.models import Group, Role, User
from accounts.tests.factories import UserFactory
from catalog import services
from catalog.models import Dataset, DatasetStatus, Tag
from catalog.services import OwnerSpec
from catalog.tests.factories import INGESTION
from catalog.writer.ingest import ingest_batch
from catalog.writer.items import IngestItem
from ingestion.datahub.avro_json import plain
from ingestion.datahub.patch import aspect_patch
from ingestion.models import IngestionRun

pytestmark = pytest.mark.django_db

URN = "urn:li:dataset:(urn:li:dataPlatform:hive,shop.orders,PROD)"
ASPECTS = "/api/gms/aspects?action=ingestProposalBatch"


@pytest.fixture
def gms():
    client = APIClient()
    client.force_authenticate(user=UserFactory(username="dh", role=Role.INGESTION))
    return client


@pytest.fixture
def orders():
    ingest_batch(
        [
            IngestItem(
                urn=URN,
                description="Orders.",
                tags=["Gold", "Old"],
                owners=[OwnerSpec("urn:li:corpuser:alice", "TECHNICAL_OWNER")],
            )
        ],
        actor=INGESTION,
    )
    return Dataset.objects.get(urn=URN)


def _mcp(aspect: str, value, change: str = "UPSERT", run_id: str = "") -> dict:
    record = {"entityType": "dataset", "entityUrn": URN, "changeType": change, "aspectName": aspect}
    if value is not None:
        record["aspect"] = {"value": json.dumps(value), "contentType": "application/json"}
    if run_id:
        record["systemMetadata"] = {"runId": run_id}
    return record


def _send(gms, *records):
    return gms.post(ASPECTS, {"proposals": list(records)}, format="json")


def _read(gms, aspect: str, urn: str = URN, version: str = "0"):
    return gms.get(f"/api/gms/aspects/{quote(urn, safe='')}?aspect={aspect}&version={version}")


def _tags(urn: str = URN) -> list[str]:
    return sorted(Dataset.objects.get(urn=urn).tag_links.values_list("tag__name", flat=True))


def test_a_patch_adds_and_removes_by_key_and_keeps_the_rest(gms, orders):
    del orders
    patch = {
        "arrayPrimaryKeys": {"tags": ["attribution\u241fsource", "tag"]},
        "patch": [
            {"op": "add", "path": "/tags//urn:li:tag:New", "value": {"tag": "urn:li:tag:New"}},
            {"op": "remove", "path": "/tags//urn:li:tag:Old"},
            {"op": "remove", "path": "/tags//urn:li:tag:NeverThere"},
        ],
    }
    response = _send(gms, _mcp("globalTags", patch, "PATCH"))
    assert response.status_code == 200, response.content
    assert response.json()["value"]["patched"] == 1
    assert _tags() == ["Gold", "New"]


def test_a_patch_path_unescapes_a_slash_in_a_key(gms, orders):
    del orders
    patch = [{"op": "add", "path": "/tags/urn:li:tag:a~1b", "value": {"tag": "urn:li:tag:a/b"}}]
    assert _send(gms, _mcp("globalTags", patch, "PATCH")).status_code == 200
    assert _tags() == ["Gold", "Old", "a/b"]


def test_a_patch_of_an_unknown_dataset_makes_it(gms):
    patch = [
        {"op": "add", "path": "/description", "value": "Made by a patch."},
        {"op": "add", "path": "/name", "value": "Orders"},  # set_display_name()
    ]
    assert _send(gms, _mcp("datasetProperties", patch, "PATCH")).status_code == 200
    made = Dataset.objects.get(urn=URN)
    assert (made.description, made.display_name, made.name) == (
        "Made by a patch.",
        "Orders",
        "shop.orders",
    )
    read = _read(gms, "datasetProperties").json()["aspect"]
    assert read["com.linkedin.dataset.DatasetProperties"]["name"] == "Orders"


def test_a_patch_of_the_editable_side_applies_even_over_an_edit(gms, orders):
    services.dataset_update(urn=URN, actor=INGESTION, docs="Written in MDT.")
    # An UPSERT of DataHub UI edits fills the editable side only where it is empty...
    upsert = _mcp("editableDatasetProperties", {"description": "From DataHub's UI."})
    assert _send(gms, upsert).status_code == 200
    assert Dataset.objects.get(urn=URN).docs == "Written in MDT."
    # ...a patch is a deliberate change on top of what MDT answered: it applies.
    patch = [{"op": "add", "path": "/description", "value": "Patched."}]
    assert _send(gms, _mcp("editableDatasetProperties", patch, "PATCH")).status_code == 200
    assert Dataset.objects.get(urn=URN).docs == "Patched."
    del orders


def test_a_bad_patch_is_a_400_and_changes_nothing(gms, orders):
    del orders
    for patch in (
        [{"op": "move", "path": "/tags/x", "from": "/tags/y"}],
        [{"op": "add", "path": "tags"}],
        {"patch": [], "arrayPrimaryKeys": {"tags": "tag"}},
        "not a patch",
    ):
        response = _send(gms, _mcp("globalTags", patch, "PATCH"))
        assert response.status_code == 400, (patch, response.content)
        assert response.json()["error"]["message"]
    assert _tags() == ["Gold", "Old"]


def test_delete_empties_an_aspect_and_the_key_soft_deletes(gms, orders):
    del orders
    assert _send(gms, _mcp("globalTags", None, "DELETE")).status_code == 200
    assert _tags() == []
    assert _send(gms, _mcp("datasetKey", None, "DELETE")).status_code == 200
    assert Dataset.objects.get(urn=URN).status == DatasetStatus.REMOVED


def test_restate_writes_like_upsert_and_an_unknown_change_type_is_refused(gms, orders):
    del orders
    assert _send(gms, _mcp("globalTags", {"tags": []}, "RESTATE")).status_code == 200
    assert _tags() == []
    response = _send(gms, _mcp("globalTags", {"tags": []}, "MERGE"))
    assert response.status_code == 400
    assert "Unknown changeType 'MERGE'" in response.json()["message"]


def test_a_bad_record_in_a_batch_is_refused_alone(gms):
    good = _mcp("datasetProperties", {"description": "Kept."})
    bad = {**_mcp("globalTags", {"tags": [{"tag": 5}]}), "entityUrn": URN.replace("shop", "x")}
    response = _send(gms, good, bad)
    assert response.status_code == 400
    assert "tag must be a string, not int" in response.json()["message"]
    assert Dataset.objects.get(urn=URN).description == "Kept."
    assert not Dataset.objects.filter(urn=URN.replace("shop", "x")).exists()


def test_read_back_answers_the_ingested_side_in_datahubs_shape(gms, orders):
    services.dataset_owners_set(
        urn=URN,
        owners=[OwnerSpec(f"urn:li:corpuser:{UserFactory(username='eve').username}")],
        actor=INGESTION,
    )
    services.dataset_update(urn=URN, actor=INGESTION, docs="Written in MDT.")
    ownership = _read(gms, "ownership")
    assert ownership.status_code == 200
    owners = ownership.json()["aspect"]["com.linkedin.common.Ownership"]["owners"]
    assert owners == [{"owner": "urn:li:corpuser:alice", "type": "TECHNICAL_OWNER"}]
    editable = _read(gms, "editableDatasetProperties").json()["aspect"]
    assert editable["com.linkedin.dataset.EditableDatasetProperties"]["description"] == (
        "Written in MDT."
    )
    del orders


def test_read_back_is_404_only_for_what_is_not_there(gms, orders):
    del orders
    assert _read(gms, "subTypes").status_code == 404
    assert _read(gms, "ownership", urn=URN.replace("shop", "nope")).status_code == 404
    assert _read(gms, "ownership", version="3").status_code == 404
    entity = gms.get(f"/api/gms/entitiesV2/{quote(URN, safe='')}?aspects=List(globalTags)")
    assert entity.json()["aspects"]["globalTags"]["value"]["tags"] == [
        {"tag": "urn:li:tag:Gold"},
        {"tag": "urn:li:tag:Old"},
    ]
    unknown = gms.get(f"/api/gms/entitiesV2/{quote(URN.replace('shop', 'nope'), safe='')}")
    assert unknown.status_code == 200
    assert list(unknown.json()["aspects"]) == ["datasetKey"]  # how datahub get says not found
    assert gms.get(f"/api/gms/entitiesV2/{quote(URN)}?aspects=globalTags").status_code == 400


def test_requests_of_one_pipeline_run_add_up_on_one_ingestion_run(gms):
    first = _mcp("datasetProperties", {"description": "x"}, run_id="file-1")
    model = "urn:li:mlModel:(urn:li:dataPlatform:sagemaker,churn,PROD)"
    other = {"entityType": "mlModel", "entityUrn": model, "aspectName": "mlModelProperties"}
    other.update({"aspect": {"value": "{}"}, "systemMetadata": {"runId": "file-1"}})
    assert _send(gms, first, other).status_code == 200
    assert (
        _send(gms, _mcp("subTypes", {"typeNames": ["table"]}, run_id="file-1")).status_code == 200
    )
    run = IngestionRun.objects.get(recipe_name="datahub:file-1")
    assert (run.created, run.source_type, run.status) == (1, "datahub-rest", "succeeded")
    assert run.summary["skipped"] == {
        "mlModel": {"mlModelProperties": 1},
        "dataset": {"subTypes": 1},
    }
    assert run.summary["records"] == 3
    listed = gms.get("/api/v1/ingestion-runs/?recipe=datahub:file-1").json()["results"]
    assert listed[0]["summary"]["skipped"]["dataset"] == {"subTypes": 1}


# --- the pieces ------------------------------------------------------------------------------


def test_avro_json_is_unwrapped_where_a_union_is_and_nowhere_else():
    record = {
        "description": {"string": "d"},
        "count": {"long": 3},
        "flag": {"int": True},  # no Avro value: left alone
        "customProperties": {"string": "a property named string"},
        "globalTags": {"com.linkedin.pegasus2avro.common.GlobalTags": {"tags": []}},
        "type": {"type": {"com.linkedin.pegasus2avro.schema.StringType": {}}},
        "aspects": [{"com.linkedin.pegasus2avro.common.Status": {"removed": {"boolean": False}}}],
        "owners": {"array": [{"owner": "o", "type": {"com.linkedin.x.OwnershipType": "NONE"}}]},
    }
    assert plain(record) == {
        "description": "d",
        "count": 3,
        "flag": {"int": True},
        "customProperties": {"string": "a property named string"},
        "globalTags": {"tags": []},
        "type": {"type": {"com.linkedin.pegasus2avro.schema.StringType": {}}},
        "aspects": [{"com.linkedin.pegasus2avro.common.Status": {"removed": False}}],
        "owners": [{"owner": "o", "type": "NONE"}],
    }


def test_fine_grained_lineage_patches_through_its_own_keys():
    up = "urn:li:schemaField:(urn:li:dataset:(urn:li:dataPlatform:hive,a,PROD),id)"
    down = "urn:li:schemaField:(urn:li:dataset:(urn:li:dataPlatform:hive,b,PROD),id)"
    current = {
        "upstreams": [],
        "fineGrainedLineages": [
            {"upstreams": [up], "downstreams": [down], "transformOperation": "IDENTITY"}
        ],
    }
    removed = aspect_patch(
        "upstreamLineage",
        current,
        [{"op": "remove", "path": f"/fineGrainedLineages/IDENTITY/{down}/NONE/{up}"}],
    )
    assert removed["fineGrainedLineages"] == []
    added = aspect_patch(
        "upstreamLineage",
        removed,
        [{"op": "add", "path": f"/fineGrainedLineages/SUM/{down}/NONE/{up}", "value": {}}],
    )
    assert [
        (f["upstreams"], f["downstreams"], f["transformOperation"])
        for f in added["fineGrainedLineages"]
    ] == [([up], [down], "SUM")]


def test_people_and_tags_from_datahub_fill_and_follow_as_their_rules_say(gms):
    UserFactory(username="ann", display_name="Ann in MDT", email="")

    def entity(kind: str, name: str, aspect: str, value: dict) -> dict:
        return {
            "entityType": kind,
            "entityUrn": f"urn:li:{kind}:{name}",
            "aspectName": aspect,
            "aspect": {"value": json.dumps(value)},
        }

    answer = _send(
        gms,
        entity("corpuser", "ann", "corpUserInfo", {"displayName": "Ann", "email": "a@x.io"}),
        entity("tag", "Gold", "tagProperties", {"name": "Gold", "colorHex": "not a colour"}),
        entity("corpGroup", "data", "corpGroupInfo", {"members": ["urn:li:corpuser:bo"]}),
    )
    assert answer.status_code == 200, answer.content
    ann = User.objects.get(username="ann")
    assert (ann.display_name, ann.email) == ("Ann in MDT", "a@x.io")  # hers kept, empty filled
    assert Tag.objects.get(name="Gold").color == ""  # only #RRGGBB is a colour
    assert list(Group.objects.get(name="data").members.values_list("username", flat=True)) == ["bo"]
    refused = _send(gms, entity("tag", "Red", "tagProperties", {"colorHex": 5}))
    assert refused.status_code == 400
    assert "colorHex must be a string, not int" in refused.json()["message"]
    # What PostgreSQL cannot store is the record's 400, never the database's 500.
    nul = _send(gms, entity("glossaryTerm", "Net", "glossaryTermInfo", {"definition": "a\u0000b"}))
    assert nul.status_code == 400
    assert "must not contain NUL characters" in nul.json()["message"]
    assert not Tag.objects.filter(name="Red").exists()
