"""OpenLineage jobs land as pipelines and tasks (DataHub's dataFlow/dataJob) with their runs:
the real openlineage-python client posts to a running MDT, as an emitter would."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name,import-outside-toplevel

import importlib
import json
import uuid

import pytest
from django.apps import apps as django_apps
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import Role
from accounts.services import service_token_create
from accounts.tests.factories import UserFactory
from catalog.entity_models import (
    DataFlow,
    DataJob,
    DataJobRun,
    EntityChange,
    EntityLink,
    EntityOwnership,
)
from catalog.models import Dataset, LineageEdge
from catalog.tests.factories import make_urn
from ingestion.openlineage_jobs import job_urns, orchestrator_of, producer_orchestrator

ORDERS = make_urn("shop.public.orders", "postgres")
CUSTOMERS = make_urn("shop.public.customers", "postgres")
FACT = make_urn("dw.fact_orders", "hive")
PG = "postgres://db.example.com:5432"
PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.54.0/client/python"
AIRFLOW = "https://github.com/apache/airflow/tree/providers-openlineage/2.1.0"
FLOW = "urn:li:dataFlow:(airflow,shop_daily,scheduler)"
TASK = f"urn:li:dataJob:({FLOW},shop_daily.load_orders)"
EDGE_ACTOR = (
    "urn:li:dataJob:(urn:li:dataFlow:(scheduler,shop_daily.load_orders,PROD),"
    "shop_daily.load_orders)"
)


# --- the names ----------------------------------------------------------------------------


def _event(name="shop_daily.load_orders", namespace="scheduler", **extra):
    return {"job": {"namespace": namespace, "name": name, **extra.pop("job", {})}, **extra}


@pytest.mark.parametrize(
    ("event", "orchestrator"),
    [
        (_event(job={"facets": {"jobType": {"integration": "AIRFLOW"}}}), "airflow"),
        (_event(run={"facets": {"processing_engine": {"name": "Spark"}}}), "spark"),
        (_event(job={"facets": {"jobType": {"integration": "sqlserver"}}}), "mssql"),
        (_event(producer=AIRFLOW), "airflow"),
        (
            _event(
                producer="https://github.com/OpenLineage/OpenLineage/tree/1.2/integration/spark"
            ),
            "spark",
        ),
        (_event(producer=PRODUCER), "unknown"),
        (_event(), "unknown"),
    ],
)
def test_the_orchestrator_is_datahubs_choice(event, orchestrator):
    assert orchestrator_of(event) == orchestrator


def test_the_producer_names_an_orchestrator_only_on_github():
    assert producer_orchestrator("https://example.com/apache/airflow") is None
    assert producer_orchestrator("https://github.com/trinodb/trino/tree/450") == "trino"


def test_job_urns_split_the_flow_from_the_name_at_the_first_dot():
    urns = job_urns(_event(producer=AIRFLOW))
    assert (urns.flow_urn, urns.job_urn, urns.display_name) == (FLOW, TASK, "load_orders")
    plain = job_urns(_event(name="nightly", namespace="etl"))
    assert plain.job_urn == "urn:li:dataJob:(urn:li:dataFlow:(unknown,nightly,etl),nightly)"


def test_a_child_job_belongs_to_its_parents_flow():
    child = _event(
        name="refresh_marts",
        namespace="dbt",
        producer=AIRFLOW,
        run={"facets": {"parent": {"job": {"namespace": "scheduler", "name": "shop_daily"}}}},
    )
    assert job_urns(child).job_urn == f"urn:li:dataJob:({FLOW},refresh_marts)"


def test_reserved_characters_are_percent_encoded_in_urn_parts():
    urns = job_urns(_event(name="load(a,b)", namespace="etl,eu"))
    assert urns.job_urn == (
        "urn:li:dataJob:(urn:li:dataFlow:(unknown,load%28a%2Cb%29,etl%2Ceu),load%28a%2Cb%29)"
    )


# --- the endpoint -------------------------------------------------------------------------


@pytest.fixture
def ingestion_user(db):  # pylint: disable=unused-argument
    return UserFactory(username="pipeline", role=Role.INGESTION)


@pytest.fixture
def ingest_client(ingestion_user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(ingestion_user)}")
    return client


def _run_event(event_type="COMPLETE", *, job_facets=None, namespace="scheduler"):
    return {
        "eventType": event_type,
        "eventTime": "2026-11-26T10:00:00Z",
        "run": {"runId": str(uuid.uuid4())},
        "job": {
            "namespace": namespace,
            "name": "shop_daily.load_orders",
            "facets": job_facets or {},
        },
        "inputs": [{"namespace": PG, "name": "shop.public.orders"}],
        "outputs": [{"namespace": "hive://m:9083", "name": "dw.fact_orders"}],
        "producer": AIRFLOW,
    }


@pytest.mark.parametrize(
    ("facets", "field"),
    [
        ({"documentation": "text"}, "job.facets.documentation"),
        ({"documentation": {"description": 7}}, "job.facets.documentation.description"),
        ({"jobType": {"jobType": ["TASK"]}}, "job.facets.jobType.jobType"),
        ({"ownership": {"owners": "jdoe"}}, "job.facets.ownership.owners"),
        ({"documentation": {"description": "a\ud800b"}}, "job.facets"),
    ],
)
def test_a_malformed_job_facet_refuses_the_whole_event(ingest_client, facets, field):
    body = json.dumps(_run_event(job_facets=facets))  # ASCII: a lone surrogate is escaped
    response = ingest_client.generic(
        "POST", "/api/v1/lineage", body, content_type="application/json"
    )
    assert response.status_code == 400, response.json()
    assert field in response.json()["error"]["fields"]
    assert not Dataset.objects.exists() and not DataJob.objects.exists()
    assert not EntityChange.objects.exists()


def test_a_job_that_cannot_be_stored_is_reported_and_its_datasets_land(ingest_client):
    response = ingest_client.post("/api/v1/lineage", _run_event(namespace="n" * 150), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["data_job"] == "" and body["edges"] == 1
    assert [(e["code"], "namespace is too long" in e["message"]) for e in body["errors"]] == [
        ("job_left_out", True)
    ]
    assert LineageEdge.objects.count() == 1 and not DataJob.objects.exists()


# --- the real client ----------------------------------------------------------------------


@pytest.fixture
def emit(live_server, ingestion_user, platforms_reseeded):  # pylint: disable=unused-argument
    """The client, posting to a running MDT; the platforms the previous transactional test's
    flush dropped are seeded again first."""
    from openlineage.client import OpenLineageClient
    from openlineage.client.transport.http import ApiKeyTokenProvider, HttpConfig, HttpTransport

    importlib.import_module("catalog.migrations.0002_seed_platforms").seed(django_apps, None)

    issued = service_token_create(owner=ingestion_user, name="openlineage", actor=None)
    client = OpenLineageClient(
        transport=HttpTransport(
            HttpConfig(
                url=live_server.url,
                endpoint="api/v1/lineage",
                auth=ApiKeyTokenProvider({"api_key": issued.secret}),
            )
        )
    )
    return client.emit


def _job(name, *, description=None, job_type=None, owner=None):
    from openlineage.client.event_v2 import Job
    from openlineage.client.facet_v2 import documentation_job, job_type_job, ownership_job

    facets = {}
    if description:
        facets["documentation"] = documentation_job.DocumentationJobFacet(description=description)
    if job_type:
        facets["jobType"] = job_type_job.JobTypeJobFacet(
            processingType="BATCH", integration="AIRFLOW", jobType=job_type
        )
    if owner:
        facets["ownership"] = ownership_job.OwnershipJobFacet(
            owners=[ownership_job.Owner(name=owner, type="MAINTAINER")]
        )
    return Job(namespace="scheduler", name=name, facets=facets)


def _emit_run(emit, job, states, *, inputs, outputs, run_facets=None, times=None):
    from openlineage.client.event_v2 import Run, RunEvent

    run = Run(runId=str(uuid.uuid4()), facets=run_facets or {})
    for index, state in enumerate(states):
        emit(
            RunEvent(
                eventType=state,
                eventTime=(times or [])[index] if times else f"2026-11-26T10:0{index}:00.000Z",
                run=run,
                job=job,
                producer=AIRFLOW,
                inputs=inputs,
                outputs=outputs,
            )
        )
    return run.runId


def _datasets():
    from openlineage.client.event_v2 import InputDataset, OutputDataset

    orders = InputDataset(namespace=PG, name="shop.public.orders")
    customers = InputDataset(namespace=PG, name="shop.public.customers")
    fact = OutputDataset(namespace="hive://metastore:9083", name="dw.fact_orders")
    return orders, customers, fact


def _links(urn):
    return {
        kind: sorted(
            EntityLink.objects.filter(source_urn=urn, kind=kind).values_list(
                "target_urn", flat=True
            )
        )
        for kind in ("input", "output")
    }


def test_a_job_run_lands_as_a_task_with_its_inputs_outputs_and_run(emit):
    from openlineage.client.event_v2 import RunState

    orders, customers, fact = _datasets()
    job = _job(
        "shop_daily.load_orders",
        description="Loads the day's orders into the fact table.",
        job_type="TASK",
        owner="team:data-eng",
    )
    run_id = _emit_run(
        emit,
        job,
        [RunState.START, RunState.COMPLETE],
        inputs=[orders, customers],
        outputs=[fact],
    )

    flow = DataFlow.objects.get()
    assert (flow.urn, flow.orchestrator, flow.flow_id, flow.cluster, flow.name) == (
        FLOW,
        "airflow",
        "shop_daily",
        "scheduler",
        "shop_daily",
    )
    task = DataJob.objects.get()
    assert (task.urn, task.flow, task.job_id, task.name, task.type) == (
        TASK,
        flow,
        "shop_daily.load_orders",
        "load_orders",
        "TASK",
    )
    assert task.description == "Loads the day's orders into the fact table."
    assert task.custom_properties == {"processingType": "BATCH", "integration": "AIRFLOW"}
    assert _links(TASK) == {"input": sorted([ORDERS, CUSTOMERS]), "output": [FACT]}
    run = DataJobRun.objects.get()
    assert (run.run_id, run.state, run.source) == (run_id, "COMPLETE", "openlineage")
    assert run.started_at.isoformat() == "2026-11-26T10:00:00+00:00"
    assert run.ended_at.isoformat() == "2026-11-26T10:01:00+00:00"
    owner = EntityOwnership.objects.get(entity_urn=TASK)
    assert (owner.group.name, owner.type) == ("data-eng", "TECHNICAL_OWNER")
    history = list(
        EntityChange.objects.filter(entity_urn=TASK).order_by("id").values_list("aspect", "after")
    )
    assert [aspect for aspect, _ in history] == [
        "dataJobInfo",
        "ownership",
        "dataJobInputOutput",
        "dataJobInputOutput",
    ]
    assert history[0][1]["description"] == "Loads the day's orders into the fact table."
    assert history[3][1] == {"output": [FACT]}
    assert EntityChange.objects.filter(entity_urn=FLOW, aspect="dataFlowInfo").count() == 1
    # The dataset lineage is what it was before tasks existed: the edge's actor is unchanged.
    edges = LineageEdge.objects.select_related("upstream", "downstream")
    assert {(e.upstream.urn, e.downstream.urn, e.actor) for e in edges} == {
        (ORDERS, FACT, EDGE_ACTOR),
        (CUSTOMERS, FACT, EDGE_ACTOR),
    }


def test_the_latest_complete_sets_the_links_and_a_failure_keeps_them(emit):
    from openlineage.client.event_v2 import RunState

    orders, customers, fact = _datasets()
    job = _job("shop_daily.load_orders")
    _emit_run(emit, job, [RunState.COMPLETE], inputs=[orders, customers], outputs=[fact])
    _emit_run(emit, job, [RunState.COMPLETE], inputs=[orders], outputs=[fact])
    assert _links(TASK) == {"input": [ORDERS], "output": [FACT]}

    failed = _emit_run(
        emit, job, [RunState.START, RunState.FAIL], inputs=[customers], outputs=[fact]
    )
    assert _links(TASK) == {"input": [ORDERS], "output": [FACT]}
    run = DataJobRun.objects.get(run_id=failed)
    assert run.state == "FAIL" and run.ended_at is not None
    assert DataJobRun.objects.filter(job__urn=TASK).count() == 3
    history = EntityChange.objects.filter(entity_urn=TASK, aspect="dataJobInputOutput")
    assert [c.after for c in history.order_by("id")] == [
        {"input": sorted([ORDERS, CUSTOMERS])},
        {"output": [FACT]},
        {"input": [ORDERS]},
    ]


def test_a_late_start_does_not_reopen_an_ended_run(emit):
    from openlineage.client.event_v2 import RunState

    orders, _, fact = _datasets()
    run_id = _emit_run(
        emit,
        _job("shop_daily.load_orders"),
        [RunState.COMPLETE, RunState.START],
        inputs=[orders],
        outputs=[fact],
        times=["2026-11-26T10:05:00.000Z", "2026-11-26T10:00:00.000Z"],
    )
    run = DataJobRun.objects.get(run_id=run_id)
    assert run.state == "COMPLETE"


def test_a_child_job_with_a_parent_facet_is_a_task_of_its_parents_flow(emit):
    from openlineage.client.event_v2 import RunState
    from openlineage.client.facet_v2 import parent_run

    orders, _, fact = _datasets()
    dag_run = _emit_run(
        emit, _job("shop_daily", job_type="DAG"), [RunState.START], inputs=[], outputs=[]
    )
    parent = parent_run.ParentRunFacet(
        run=parent_run.Run(runId=dag_run),
        job=parent_run.Job(namespace="scheduler", name="shop_daily"),
    )
    child = _job("refresh_marts", job_type="TASK")
    _emit_run(
        emit,
        child,
        [RunState.START, RunState.COMPLETE],
        inputs=[orders],
        outputs=[fact],
        run_facets={"parent": parent},
    )
    flow = DataFlow.objects.get()
    assert flow.urn == FLOW
    assert sorted(flow.jobs.values_list("urn", "type")) == [
        (f"urn:li:dataJob:({FLOW},refresh_marts)", "TASK"),
        (f"urn:li:dataJob:({FLOW},shop_daily)", "DAG"),
    ]
    assert _links(f"urn:li:dataJob:({FLOW},refresh_marts)") == {
        "input": [ORDERS],
        "output": [FACT],
    }
    assert DataJobRun.objects.get(job__job_id="shop_daily").state == "START"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("platforms_reseeded")
def test_a_flow_created_meanwhile_by_another_request_is_updated_not_a_500(
    ingest_client, monkeypatch
):
    """Parallel tasks of one new DAG: between this request's read and its insert of the flow,
    another request commits the same flow. The insert's IntegrityError is retried, not a 500."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs a second connection that commits while the first is open")
    original = DataFlow.save
    raced = []

    def save(self, *args, **kwargs):
        if not raced and self.pk is None:
            raced.append(self.urn)

            def other_request():
                DataFlow.objects.create(
                    urn=self.urn, orchestrator="airflow", flow_id="shop_daily", name="x"
                )
                connection.close()

            thread = threading.Thread(target=other_request)
            thread.start()
            thread.join()
        return original(self, *args, **kwargs)

    monkeypatch.setattr(DataFlow, "save", save)
    response = ingest_client.post("/api/v1/lineage", _run_event(), format="json")
    assert response.status_code == 201, response.content
    assert raced == [FLOW] and response.json()["data_job"] == TASK
    # The other request's row, found when the insert failed, and this event's values written on
    # it, as if the two requests had come one after the other.
    flow = DataFlow.objects.get()
    assert (flow.name, DataJob.objects.get().flow) == ("shop_daily", flow)
    assert DataJobRun.objects.get().state == "COMPLETE"
