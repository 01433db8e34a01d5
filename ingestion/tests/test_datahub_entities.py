"""DataHub's aspects of the entities around datasets (``ingestion.datahub.around``): each record
is checked whole before anything of it is written, so a value of the wrong type, a NUL or a value
longer than its column is that record's error (a 400 from GMS, never a 500) and nothing of it is
kept; deletes, patches and reads of these aspects. The real tool's files are in
``test_datahub_real.py``; these are the shapes it cannot send."""

# pytest fixtures are taken as same-named arguments.
# pylint: disable=redefined-outer-name

import json
from urllib.parse import quote

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.tests.factories import UserFactory
from catalog.entity_models import (
    Container,
    DataFlow,
    DataJob,
    EntityChange,
    EntityLink,
    EntityOwnership,
    GlossaryNode,
)
from catalog.models import Dataset, Domain, GlossaryTerm, Tag
from catalog.tests.factories import INGESTION
from ingestion.datahub import records_ingest
from ingestion.models import IngestionRun

pytestmark = pytest.mark.django_db

FLOW = "urn:li:dataFlow:(airflow,orders,PROD)"
JOB = f"urn:li:dataJob:({FLOW},load)"
CHART = "urn:li:chart:(looker,orders_by_day)"
DASHBOARD = "urn:li:dashboard:(looker,sales)"
CONTAINER = "urn:li:container:0a1b2c3d"
DATASET = "urn:li:dataset:(urn:li:dataPlatform:hive,sales.orders,PROD)"
TERM = "urn:li:glossaryTerm:Revenue"


def _mcp(urn: str, aspect: str, value, change: str = "UPSERT") -> dict:
    record = {
        "entityType": urn.split(":")[2],
        "entityUrn": urn,
        "changeType": change,
        "aspectName": aspect,
    }
    if value is not None:
        record["aspect"] = {"json": value}
    return record


@pytest.fixture
def gms():
    client = APIClient()
    client.force_authenticate(user=UserFactory(username="dh", role=Role.INGESTION))
    return client


LONG = "x" * 501
# (name, record): each is one record MDT must refuse whole.
MALFORMED = [
    ("term definition a dict", _mcp(TERM, "glossaryTermInfo", {"definition": {"text": "x"}})),
    ("term name a number", _mcp(TERM, "glossaryTermInfo", {"definition": "", "name": 5})),
    ("term parent not a node", _mcp(TERM, "glossaryTermInfo", {"parentNode": "urn:li:tag:x"})),
    ("term properties a list", _mcp(TERM, "glossaryTermInfo", {"customProperties": [1]})),
    ("term property a number", _mcp(TERM, "glossaryTermInfo", {"customProperties": {"a": 1}})),
    ("term source URL too long", _mcp(TERM, "glossaryTermInfo", {"sourceUrl": "h" * 1001})),
    ("term NUL", _mcp(TERM, "glossaryTermInfo", {"definition": "a\x00b"})),
    ("term id too long", _mcp(TERM + "x" * 200, "glossaryTermInfo", {"definition": ""})),
    ("related a string", _mcp(TERM, "glossaryRelatedTerms", {"isRelatedTerms": "x"})),
    ("related not a term", _mcp(TERM, "glossaryRelatedTerms", {"values": ["urn:li:tag:x"]})),
    ("node NUL", _mcp("urn:li:glossaryNode:a\x00", "glossaryNodeInfo", {"definition": ""})),
    ("node parent a list", _mcp("urn:li:glossaryNode:a", "glossaryNodeInfo", {"parentNode": []})),
    ("tag description a list", _mcp("urn:li:tag:Gold", "tagProperties", {"description": []})),
    ("domain id too long", _mcp("urn:li:domain:" + "d" * 101, "domainProperties", {"name": "D"})),
    ("domain name a dict", _mcp("urn:li:domain:d", "domainProperties", {"name": {}})),
    ("container name too long", _mcp(CONTAINER, "containerProperties", {"name": LONG})),
    ("container not a container", _mcp("urn:li:container:", "containerProperties", {})),
    ("sub types a string", _mcp(CONTAINER, "subTypes", {"typeNames": "Schema"})),
    ("platform not a platform", _mcp(CONTAINER, "dataPlatformInstance", {"platform": "hive"})),
    ("parent not a container", _mcp(CONTAINER, "container", {"container": DATASET})),
    ("flow URN malformed", _mcp("urn:li:dataFlow:(airflow,x)", "dataFlowInfo", {"name": "x"})),
    ("flow URL a number", _mcp(FLOW, "dataFlowInfo", {"name": "x", "externalUrl": 3})),
    ("flow id too long", _mcp(f"urn:li:dataFlow:(a,{'f' * 301},PROD)", "dataFlowInfo", {})),
    ("job type a list", _mcp(JOB, "dataJobInfo", {"name": "x", "type": ["COMMAND"]})),
    ("job flowUrn not a flow", _mcp(JOB, "dataJobInfo", {"name": "x", "flowUrn": "urn:li:x"})),
    ("job inputs a string", _mcp(JOB, "dataJobInputOutput", {"inputDatasets": DATASET})),
    ("job input not a dataset", _mcp(JOB, "dataJobInputOutput", {"outputDatasets": [JOB]})),
    ("job edge a string", _mcp(JOB, "dataJobInputOutput", {"inputDatasetEdges": [DATASET]})),
    ("job edge no URN", _mcp(JOB, "dataJobInputOutput", {"outputDatasetEdges": [{}]})),
    ("chart title a number", _mcp(CHART, "chartInfo", {"title": 1, "description": ""})),
    ("chart URN malformed", _mcp("urn:li:chart:x", "chartInfo", {"title": "x"})),
    ("chart type too long", _mcp(CHART, "chartInfo", {"title": "x", "type": "T" * 33})),
    ("dashboard charts a dict", _mcp(DASHBOARD, "dashboardInfo", {"title": "x", "charts": {}})),
    ("dashboard dashboards strings", _mcp(DASHBOARD, "dashboardInfo", {"dashboards": ["x"]})),
    ("owners a dict", _mcp(FLOW, "ownership", {"owners": {}})),
    ("owner not a person", _mcp(FLOW, "ownership", {"owners": [{"owner": "urn:li:tag:x"}]})),
    ("owner a number", _mcp(TERM, "ownership", {"owners": [{"owner": 3}]})),
    (
        "owner type NUL",
        _mcp(CHART, "ownership", {"owners": [{"owner": "urn:li:corpuser:x", "type": "\x00"}]}),
    ),
    ("aspect a list", _mcp(FLOW, "dataFlowInfo", [1])),
]


@pytest.mark.parametrize("name, record", MALFORMED, ids=[name for name, _ in MALFORMED])
def test_a_malformed_entity_aspect_is_the_records_400_and_writes_nothing(gms, name, record):
    response = gms.post(
        "/api/gms/aspects?action=ingestProposal", {"proposal": record}, format="json"
    )
    assert response.status_code == 400, (name, response.content)
    assert response.json()["error"]["message"]
    assert not EntityChange.objects.exists()  # no entity, owner or link made half-way
    assert not (Tag.objects.exists() or GlossaryTerm.objects.exists() or DataFlow.objects.exists())


def test_a_snapshot_is_refused_whole_when_one_of_its_aspects_is_malformed():
    snapshot = {
        "proposedSnapshot": {
            "com.linkedin.pegasus2avro.metadata.snapshot.GlossaryTermSnapshot": {
                "urn": TERM,
                "aspects": [
                    {"com.linkedin.pegasus2avro.glossary.GlossaryTermInfo": {"definition": "ok"}},
                    {"com.linkedin.pegasus2avro.common.Ownership": {"owners": [{"owner": 1}]}},
                ],
            }
        }
    }
    fine = _mcp("urn:li:tag:Gold", "tagProperties", {"name": "Gold", "description": "Curated"})
    result = records_ingest([snapshot, fine], actor=INGESTION)
    assert [e["index"] for e in result.record_errors] == [0]
    assert "owner must be a string, not int" in result.record_errors[0]["message"]
    assert not GlossaryTerm.objects.exists()  # its valid glossaryTermInfo was not kept either
    assert Tag.objects.get(name="Gold").description == "Curated"


def test_a_term_group_that_would_hold_itself_is_that_records_error_and_leaves_nothing():
    records = [
        _mcp("urn:li:glossaryNode:a", "glossaryNodeInfo", {"definition": "A", "name": "A"}),
        _mcp("urn:li:glossaryNode:b", "glossaryNodeInfo", {"parentNode": "urn:li:glossaryNode:a"}),
        _mcp(
            "urn:li:glossaryNode:a",
            "glossaryNodeInfo",
            {"definition": "A, again", "parentNode": "urn:li:glossaryNode:b"},
        ),
    ]
    result = records_ingest(records, actor=INGESTION)
    assert [(e["index"], e["urn"]) for e in result.record_errors] == [(2, "urn:li:glossaryNode:a")]
    assert "inside itself" in result.record_errors[0]["message"]
    a = GlossaryNode.objects.get(name="a")
    assert (a.description, a.parent) == ("A", None)  # the refused record changed nothing
    assert GlossaryNode.objects.get(name="b").parent == a
    assert result.stored[("glossaryNode", "glossaryNodeInfo")] == 2


def test_a_datasets_guid_domain_and_container_are_made_when_first_named():
    guid = "3f1c9a7e-2b4d-4c8e-9a1f-6d5e4c3b2a19"
    records = [
        _mcp(DATASET, "domains", {"domains": [f"urn:li:domain:{guid}"]}),
        _mcp(DATASET, "container", {"container": CONTAINER}),
    ]
    result = records_ingest(records, actor=INGESTION)
    assert result.failed == 0, result.record_errors or result.batch.errors
    dataset = Dataset.objects.get(urn=DATASET)
    assert (dataset.domain.name, dataset.domain.display_name) == (guid, guid)
    assert dataset.container.urn == CONTAINER
    # The domain's properties, sent later, name it; its id stays its name.
    records_ingest(
        [_mcp(f"urn:li:domain:{guid}", "domainProperties", {"name": "Sales"})], actor=INGESTION
    )
    assert Domain.objects.get(name=guid).display_name == "Sales"


def test_deleting_an_entitys_aspect_empties_it_or_is_counted_never_a_500(gms):
    records_ingest(
        [
            _mcp(FLOW, "dataFlowInfo", {"name": "Orders"}),
            _mcp(FLOW, "ownership", {"owners": [{"owner": "urn:li:corpuser:ann"}]}),
            _mcp(JOB, "dataJobInputOutput", {"inputDatasets": [DATASET]}),
        ],
        actor=INGESTION,
    )
    proposals = [
        _mcp(FLOW, "ownership", None, change="DELETE"),
        _mcp(JOB, "dataJobInputOutput", None, change="DELETE"),
        _mcp(FLOW, "dataFlowInfo", None, change="DELETE"),
        _mcp(FLOW, "dataFlowKey", None, change="DELETE"),
    ]
    response = gms.post(
        "/api/gms/aspects?action=ingestProposalBatch", {"proposals": proposals}, format="json"
    )
    assert response.status_code == 200, response.content
    assert not EntityOwnership.objects.filter(entity_urn=FLOW).exists()
    assert not EntityLink.objects.filter(source_urn=JOB).exists()
    assert DataFlow.objects.get(urn=FLOW).name == "Orders"  # MDT does not delete a pipeline
    assert response.json()["value"]["skipped"] == {
        "dataFlow": {"dataFlowInfo": 1, "dataFlowKey": 1}
    }


def test_a_status_of_these_entities_is_counted_as_skipped():
    result = records_ingest([_mcp(TERM, "status", {"removed": True})], actor=INGESTION)
    assert result.skipped_by_type() == {"glossaryTerm": {"status": 1}}
    assert result.failed == 0


def test_a_patch_applies_on_what_the_same_request_sent_before_it():
    add = {"op": "add", "path": "/isRelatedTerms/urn:li:glossaryTerm:Money"}
    add["value"] = "urn:li:glossaryTerm:Money"
    records = [
        _mcp(TERM, "glossaryRelatedTerms", {"relatedTerms": ["urn:li:glossaryTerm:Cash"]}),
        _mcp(TERM, "glossaryRelatedTerms", [add], change="PATCH"),
        _mcp(JOB, "dataJobInfo", {"name": "Load", "type": {"string": "SQL"}}),
        _mcp(
            JOB,
            "dataJobInfo",
            [{"op": "add", "path": "/customProperties/retries", "value": "3"}],
            change="PATCH",
        ),
    ]
    result = records_ingest(records, actor=INGESTION)
    assert result.failed == 0, result.record_errors
    term = GlossaryTerm.objects.get(name="Revenue")
    related = sorted(term.relations.values_list("relation", "related__name"))
    assert related == [("isA", "Money"), ("relatedTo", "Cash")]
    job = DataJob.objects.get(urn=JOB)
    assert (job.name, job.type, job.custom_properties) == ("Load", "SQL", {"retries": "3"})
    assert result.patched == 2


def test_gms_reads_an_entitys_aspects_back_and_404s_an_unknown_one(gms):
    records_ingest(
        [
            _mcp(CONTAINER, "containerProperties", {"name": "sales", "description": "Sales."}),
            _mcp(CONTAINER, "subTypes", {"typeNames": ["Schema"]}),
        ],
        actor=INGESTION,
    )
    one = gms.get(f"/api/gms/aspects/{quote(CONTAINER)}?aspect=containerProperties")
    assert one.status_code == 200
    assert one.json()["aspect"] == {
        "com.linkedin.container.ContainerProperties": {
            "customProperties": {},
            "name": "sales",
            "description": "Sales.",
        }
    }
    everything = gms.get(f"/api/gms/entitiesV2/{quote(CONTAINER)}").json()["aspects"]
    assert everything["containerKey"]["value"] == {"guid": "0a1b2c3d"}
    assert everything["subTypes"]["value"] == {"typeNames": ["Schema"]}
    assert gms.get(f"/api/gms/aspects/{quote(CONTAINER)}?aspect=container").status_code == 404
    unknown = "urn:li:container:nope"
    assert gms.get(f"/api/gms/aspects/{quote(unknown)}?aspect=containerKey").status_code == 404
    # entitiesV2 answers an unknown entity with its key alone, as GMS does.
    answer = gms.get(f"/api/gms/entitiesV2/{quote(unknown)}").json()["aspects"]
    assert list(answer) == ["containerKey"]
    assert Container.objects.count() == 1


def test_entity_writes_are_in_the_entitys_history_under_the_actor():
    records_ingest(
        [_mcp("urn:li:tag:Gold", "tagProperties", {"name": "Gold", "colorHex": "#d4af37"})],
        actor="urn:li:corpuser:loader",
    )
    change = EntityChange.objects.get(entity_urn="urn:li:tag:Gold")
    assert (change.aspect, change.actor, change.after["color"]) == (
        "tagProperties",
        "urn:li:corpuser:loader",
        "#d4af37",
    )
    assert json.dumps(change.after)  # stored as JSON


def test_a_nul_in_what_the_run_log_keeps_is_escaped_not_a_500(gms):
    """The run's record keeps the URNs, aspect names and run id a sender chose: PostgreSQL's
    JSON refuses a NUL in any of them."""
    skipped = _mcp("urn:li:mlModel:(urn:li:dataPlatform:x,m\x00,PROD)", "odd\x00", {})
    refused = _mcp("urn:li:glossaryNode:a\x00", "glossaryNodeInfo", {"definition": ""})
    for proposal in (skipped, refused):
        proposal["systemMetadata"] = {"runId": "run\x00one"}
    response = gms.post(
        "/api/gms/aspects?action=ingestProposalBatch",
        {"proposals": [skipped, refused]},
        format="json",
    )
    assert response.status_code == 400, response.content  # the refused record, reported
    run = IngestionRun.objects.get(recipe_name="datahub:run\\u0000one")
    assert run.summary["skipped"] == {"mlModel": {"odd\\u0000": 1}}
    assert run.errors[0]["urn"] == "urn:li:glossaryNode:a\\u0000"
