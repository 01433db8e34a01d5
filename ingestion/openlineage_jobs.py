"""OpenLineage jobs → MDT pipelines and tasks (DataHub's dataFlow and dataJob) with their runs.

The URNs are the ones DataHub's own OpenLineage converter (its ``openlineage-converter``, behind
GMS's OpenLineage endpoint and the Spark plugin) makes from the same event, so a job sent to both
tools is one entity:

- orchestrator: the ``jobType`` job facet's ``integration``, else the ``processing_engine`` run
  facet's ``name``, else what the ``producer`` URI names (Airflow, Spark, Flink, Trino), else
  ``unknown``; lower-cased, ``awsathena`` → ``athena`` and ``sqlserver`` → ``mssql``;
- flow id: the job name up to its first dot (Airflow's ``dag.task`` → ``dag``); cluster: the
  job's namespace;
- job id: the whole job name; its display name the part after the first dot.

A job whose ``parent`` run facet names a job belongs to that job's flow (the parent's namespace
and its name up to the first dot). For Airflow (``dag.task`` under ``dag``) and Spark
(``app.action`` under ``app``) that is DataHub's flow too; DataHub keeps any other child in a flow
of its own name and records the parent only as an upstream task, which MDT does not model.

Inputs and outputs are the task's links (``EntityLink`` input/output). They are the datasets of
the latest COMPLETE event: each COMPLETE replaces them, as it replaces the lineage edges that job
holds, so a task that stops reading a table stops listing it; START, RUNNING, OTHER, FAIL and
ABORT do not touch them. Every event records its run (``runId``) with its type and ``eventTime``;
a run already ended keeps its final state when a late START, RUNNING or OTHER arrives.

URNs keep DataHub's reserved characters out of their parts by percent-encoding ``,``, ``(`` and
``)`` as DataHub's Python URN encoder does. A job whose namespace or name cannot be stored (a
namespace longer than a pipeline's cluster column) is reported in the result's errors and left
out; the event's datasets and edges still land.
"""

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping
from urllib.parse import urlparse

from django.db import IntegrityError, transaction

from catalog.entity_models import URN_MAX, DataFlow, DataJob, DataJobRun, EntityType, LinkKind
from catalog.entity_services import (
    EntityOwner,
    data_flow_upsert,
    data_job_run_record,
    data_job_upsert,
    entity_owners_set,
    links_set,
)
from catalog.writer.items import UNSET
from catalog.writer.rules import text_fault
from core.errors import ApplicationError
from ingestion.openlineage_facets import facet_of, owner_specs, text_of

FINAL_STATES = {"COMPLETE", "FAIL", "ABORT"}
_PLATFORM_ALIASES = {"awsathena": "athena", "sqlserver": "mssql"}
_PRODUCER_INTEGRATION = re.compile(
    r"^/openlineage/openlineage/(?:(?:blob|tree)/[^/]+/)?integration/"
    r"(airflow|flink|spark|trino)/?$"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_RESERVED = str.maketrans({",": "%2C", "(": "%28", ")": "%29"})


@dataclass(frozen=True)
class JobUrns:
    flow_urn: str
    flow_id: str
    job_urn: str
    display_name: str


def _platform_name(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    name = value.strip().lower()
    return _PLATFORM_ALIASES.get(name, name)


def producer_orchestrator(producer: str) -> str | None:
    """``https://github.com/apache/airflow/...`` → ``airflow``; OpenLineage's integration
    folders (``.../integration/spark``) name theirs; anything else names none."""
    try:
        parsed = urlparse(producer)
    except ValueError:
        return None
    if (parsed.hostname or "").lower() != "github.com":
        return None
    path = parsed.path.lower()
    if path == "/apache/airflow" or path.startswith("/apache/airflow/"):
        return "airflow"
    if path == "/trinodb/trino" or path.startswith("/trinodb/trino/"):
        return "trino"
    match = _PRODUCER_INTEGRATION.match(path)
    return match.group(1) if match else None


def orchestrator_of(event: Mapping[str, Any]) -> str:
    job_type = (event["job"].get("facets") or {}).get("jobType")
    engine = ((event.get("run") or {}).get("facets") or {}).get("processing_engine")
    candidates = [
        job_type.get("integration") if isinstance(job_type, Mapping) else None,
        engine.get("name") if isinstance(engine, Mapping) else None,
        producer_orchestrator(str(event.get("producer") or "")),
    ]
    for candidate in candidates:
        name = _platform_name(candidate)
        if name:
            return name
    return "unknown"


def _encode(part: str) -> str:
    return part.translate(_RESERVED)


def _parent_job(event: Mapping[str, Any]) -> tuple[str, str] | None:
    parent = ((event.get("run") or {}).get("facets") or {}).get("parent")
    job = parent.get("job") if isinstance(parent, Mapping) else None
    if not isinstance(job, Mapping):
        return None
    namespace, name = job.get("namespace"), job.get("name")
    if isinstance(namespace, str) and isinstance(name, str) and namespace and name:
        return namespace, name
    return None


def job_urns(event: Mapping[str, Any]) -> JobUrns:
    """The event's flow and task URNs (see the module docstring)."""
    namespace, name = event["job"]["namespace"], event["job"]["name"]
    flow_namespace, flow_job = _parent_job(event) or (namespace, name)
    flow_id = flow_job.split(".", 1)[0] or flow_job
    flow_urn = (
        f"urn:li:dataFlow:({_encode(orchestrator_of(event))},{_encode(flow_id)},"
        f"{_encode(flow_namespace)})"
    )
    display = name.split(".", 1)[1] if "." in name and name.split(".", 1)[1] else name
    return JobUrns(
        flow_urn=flow_urn,
        flow_id=flow_id,
        job_urn=f"urn:li:dataJob:({flow_urn},{_encode(name)})",
        display_name=display,
    )


def _max(model: type, name: str) -> int:
    return model._meta.get_field(name).max_length  # pylint: disable=protected-access


def _fits(urns: JobUrns) -> str:
    """Why the task cannot be stored, or '' (the event's datasets land either way)."""
    cluster = urns.flow_urn.rsplit(",", 1)[1][:-1]
    job_id = urns.job_urn[len(urns.flow_urn) + len("urn:li:dataJob:(,") : -1]
    fault = text_fault(urns.job_urn)
    limits = (
        (bool(_CONTROL.search(urns.job_urn)), "its namespace or name has control characters"),
        (bool(fault), f"its namespace or name {fault}"),
        (len(urns.job_urn) > URN_MAX, f"its URN is longer than {URN_MAX} characters"),
        (len(cluster) > _max(DataFlow, "cluster"), "its namespace is too long for a cluster"),
        (len(urns.flow_id) > _max(DataFlow, "flow_id"), "its flow id is too long"),
        (len(job_id) > _max(DataJob, "job_id"), "its name is too long"),
    )
    return next((reason for failed, reason in limits if failed), "")


def _job_info(facets: Mapping[str, Any]) -> dict[str, Any]:
    """What the job facets say about the task; a facet not sent leaves its value alone."""
    info: dict[str, Any] = {"description": UNSET, "type": UNSET, "url": UNSET}
    documentation = facet_of(facets, "documentation", "job.facets")
    if documentation is not None:
        info["description"] = text_of(
            documentation.get("description"), "job.facets.documentation.description"
        )
    job_type = facet_of(facets, "jobType", "job.facets")
    if job_type is not None:
        kind = text_of(job_type.get("jobType"), "job.facets.jobType.jobType")
        processing = text_of(job_type.get("processingType"), "job.facets.jobType.processingType")
        info["type"] = (kind or processing)[:100]
    location = facet_of(facets, "sourceCodeLocation", "job.facets")
    if location is not None:
        url = text_of(location.get("url"), "job.facets.sourceCodeLocation.url")
        info["url"] = url if url.startswith(("http://", "https://")) and len(url) <= 1000 else ""
    for key, value in info.items():
        if isinstance(value, str) and text_fault(value):
            raise ApplicationError(
                f"job.facets: the task's {key} {text_fault(value)}.",
                fields={"job.facets": [f"{key}: {text_fault(value)}"]},
            )
    return info


def _custom_properties(event: Mapping[str, Any]) -> dict[str, str]:
    """The processing engine and the job type's integration, as DataHub keeps them."""
    properties: dict[str, str] = {}
    engine = ((event.get("run") or {}).get("facets") or {}).get("processing_engine")
    if isinstance(engine, Mapping):
        for key, name in (
            ("name", "processingEngine"),
            ("version", "processingEngineVersion"),
            ("openlineageAdapterVersion", "openlineageAdapterVersion"),
        ):
            if isinstance(engine.get(key), str) and engine[key]:
                properties[name] = engine[key][:200]
    job_type = (event["job"].get("facets") or {}).get("jobType")
    if isinstance(job_type, Mapping):
        for key in ("processingType", "integration"):
            if isinstance(job_type.get(key), str) and job_type[key]:
                properties[key] = job_type[key][:200]
    return {key: value for key, value in properties.items() if not text_fault(value)}


def _run_record(job: DataJob, event: Mapping[str, Any], state: str) -> DataJobRun | None:
    run_id = str(event["run"]["runId"])
    if state not in FINAL_STATES:
        current = DataJobRun.objects.filter(job=job, run_id=run_id).first()
        if current is not None and current.state in FINAL_STATES:
            return current  # a late START or RUNNING does not reopen an ended run
    return data_job_run_record(job=job, run_id=run_id, state=state, at=event.get("eventTime"))


def _job_write(
    urns: JobUrns,
    event: Mapping[str, Any],
    actor: str,
    info: dict[str, Any],
    owners: list[Any] | None,
    links: dict[str, list[str] | None],
) -> None:
    data_flow_upsert(urn=urns.flow_urn, actor=actor)
    job = data_job_upsert(
        urn=urns.job_urn,
        actor=actor,
        name=urns.display_name[:400],
        custom_properties=_custom_properties(event) or UNSET,
        **info,
    )
    if owners is not None:
        entity_owners_set(
            urn=urns.job_urn,
            entity_type=EntityType.DATA_JOB,
            owners=[EntityOwner(owner=o.owner, type=o.type) for o in owners],
            actor=actor,
        )
    for kind, targets in links.items():
        if targets is not None:
            links_set(
                source_urn=urns.job_urn,
                source_type=EntityType.DATA_JOB,
                kind=kind,
                targets=targets,
                actor=actor,
                aspect="dataJobInputOutput",
            )
    _run_record(job, event, event.get("eventType") or "OTHER")


def openlineage_job_record(
    *,
    event: Mapping[str, Any],
    actor: str,
    inputs: Iterable[str] | None,
    outputs: Iterable[str] | None,
) -> tuple[str, list[str]]:
    """Write the event's pipeline, task and run in the caller's transaction. ``inputs`` and
    ``outputs`` (dataset URNs) replace the task's links when given (a COMPLETE event). Returns
    the task's URN ('' when it was left out) and the problems to report."""
    urns = job_urns(event)
    facets = event["job"].get("facets") or {}
    info = _job_info(facets)
    ownership = facet_of(facets, "ownership", "job.facets")
    owners, problems = owner_specs(ownership, "job.facets.ownership") if ownership else ([], [])
    reason = _fits(urns)
    if reason:
        return "", [f"The task {urns.job_urn[:120]!r} is left out: {reason}."]
    inputs, outputs = (None if t is None else list(t) for t in (inputs, outputs))
    for attempt in (1, 2):
        try:
            with transaction.atomic():  # a savepoint: a lost race is tried once more
                _job_write(
                    urns,
                    event,
                    actor,
                    info,
                    owners if ownership is not None else None,
                    {LinkKind.INPUT: inputs, LinkKind.OUTPUT: outputs},
                )
            break
        except IntegrityError:
            # Two tasks of one new flow (parallel Airflow tasks) create it at once: the other
            # request's row is committed by now and the second attempt updates it.
            if attempt == 2:
                raise
    return urns.job_urn, problems
