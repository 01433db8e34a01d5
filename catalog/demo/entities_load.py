"""Writing the demo's entities around datasets through the entity services (each records its
history): the glossary's groups, terms and their relations and owners; containers before the
datasets in them; pipelines, their tasks' inputs, outputs and runs; dashboards and charts.

The services write an entity only where it changed, so a second load changes nothing."""

from __future__ import annotations

from collections.abc import Iterable

from catalog.demo.entities import (
    DemoContainer,
    JobLinks,
    demo_jobs,
    demo_runs,
)
from catalog.demo.entities_vocabulary import (
    DASHBOARD_PLATFORMS,
    DASHBOARDS,
    FLOW_INFO,
    FLOW_ORCHESTRATORS,
    JOB_DESCRIPTIONS,
    NEW_TERMS,
    TERM_DISPLAY_NAMES,
    TERM_NODES,
    TERM_OWNERS,
    TERM_RELATIONS,
)
from catalog.demo.vocabulary import TERMS
from catalog.entity_models import DataJob, EntityType, LinkKind
from catalog.entity_services import (
    EntityOwner,
    chart_upsert,
    container_upsert,
    dashboard_upsert,
    data_flow_upsert,
    data_job_run_record,
    data_job_upsert,
    entity_owners_set,
    glossary_node_upsert,
    glossary_term_relations_set,
    glossary_term_upsert,
    links_set,
)
from catalog.models import DataPlatform, Dataset, PlatformKind


def _owners(pairs: Iterable[tuple[str, str]]) -> list[EntityOwner]:
    prefixes = {"user": "urn:li:corpuser:", "group": "urn:li:corpGroup:"}
    owners = []
    for owner, owner_type in pairs:
        kind, name = owner.split(":", 1)
        owners.append(EntityOwner(owner=prefixes[kind] + name, type=owner_type))
    return owners


def _display(term: str) -> str:
    leaf = term.rsplit(".", 1)[-1]
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in leaf).strip()
    return TERM_DISPLAY_NAMES.get(term, words[:1].upper() + words[1:])


def glossary_load(*, actor: str) -> None:
    """Term groups (parents first), every term in its group with a display name and its
    definition, the relations between terms and each group's owners on its terms."""
    for name, (display_name, description, parent) in TERM_NODES.items():
        glossary_node_upsert(
            name=name, actor=actor, display_name=display_name, description=description,
            parent=parent,
        )  # fmt: skip
    for name, definition in {**TERMS, **NEW_TERMS}.items():
        group = name.split(".", 1)[0]
        term = glossary_term_upsert(
            name=name,
            actor=actor,
            display_name=_display(name),
            description=definition,
            node=group if group in TERM_NODES else None,
        )
        if group in TERM_OWNERS:
            entity_owners_set(
                urn=term.urn,
                entity_type=EntityType.GLOSSARY_TERM,
                owners=_owners(TERM_OWNERS[group]),
                actor=actor,
            )
    for name, relations in TERM_RELATIONS.items():
        glossary_term_relations_set(name=name, relations=relations, actor=actor)


def containers_write(containers: Iterable[DemoContainer], written: set[str], *, actor: str) -> int:
    """The containers not yet written in this load, parents first (``containers`` lists each
    dataset's outermost first); returns how many were."""
    count = 0
    for container in containers:
        if container.urn in written:
            continue
        container_upsert(
            urn=container.urn,
            actor=actor,
            name=container.name,
            sub_type=container.sub_type,
            platform=container.platform,
            parent=container.parent,
            qualified_name=container.qualified_name,
            custom_properties=dict(container.custom_properties),
        )
        written.add(container.urn)
        count += 1
    return count


def _platforms() -> None:
    for name, display_name in DASHBOARD_PLATFORMS.items():
        DataPlatform.objects.get_or_create(
            name=name, defaults={"display_name": display_name, "kind": PlatformKind.OTHER}
        )


def pipelines_load(links: JobLinks, *, actor: str, seed: int) -> int:
    """The demo flows and their tasks, each task's inputs and outputs and a few runs; returns
    how many tasks."""
    _platforms()
    jobs = demo_jobs(links, JOB_DESCRIPTIONS)
    for flow, (description, owners, schedule, _) in FLOW_INFO.items():
        orchestrator = FLOW_ORCHESTRATORS[flow]
        urn = f"urn:li:dataFlow:({orchestrator},{flow},prod)"
        data_flow_upsert(
            urn=urn,
            actor=actor,
            name=flow,
            description=description,
            url=f"https://{orchestrator}.example.com/dags/{flow}/grid",
            custom_properties={"schedule_interval": schedule, "catchup": "False"},
        )
        entity_owners_set(
            urn=urn, entity_type=EntityType.DATA_FLOW, owners=_owners(owners), actor=actor
        )
    for job in jobs:
        row = data_job_upsert(
            urn=job.urn,
            actor=actor,
            name=job.name,
            type=job.type,
            description=job.description,
            url=f"https://{FLOW_ORCHESTRATORS[job.flow]}.example.com/dags/{job.flow}/grid"
            f"?task_id={job.name}",
        )
        for kind, targets in ((LinkKind.INPUT, job.inputs), (LinkKind.OUTPUT, job.outputs)):
            links_set(
                source_urn=job.urn,
                source_type=EntityType.DATA_JOB,
                kind=kind,
                targets=targets,
                actor=actor,
                aspect="dataJobInputOutput",
            )
        _runs_record(row, seed)
    return len(jobs)


def _runs_record(job: DataJob, seed: int) -> None:
    for run in demo_runs(job.urn, seed=seed):
        for state, at in run.events:
            data_job_run_record(job=job, run_id=run.run_id, state=state, at=at, source="datahub")


def dashboards_load(*, actor: str) -> int:
    """The demo dashboards and charts; a chart reads only datasets the catalog holds. Returns
    how many charts."""
    _platforms()
    named = {urn for *_, charts in DASHBOARDS for *_, inputs in charts for urn in inputs}
    known = set(Dataset.objects.filter(urn__in=named).values_list("urn", flat=True))
    count = 0
    for platform, ident, name, description, owners, charts in DASHBOARDS:
        chart_urns = []
        for chart_id, chart_name, chart_type, inputs in charts:
            chart_urn = f"urn:li:chart:({platform},{chart_id})"
            chart_upsert(
                urn=chart_urn,
                actor=actor,
                name=chart_name,
                type=chart_type,
                url=f"https://{platform}.example.com/charts/{chart_id}",
                inputs=[urn for urn in inputs if urn in known],
            )
            entity_owners_set(
                urn=chart_urn, entity_type=EntityType.CHART, owners=_owners(owners), actor=actor
            )
            chart_urns.append(chart_urn)
            count += 1
        urn = f"urn:li:dashboard:({platform},{ident})"
        dashboard_upsert(
            urn=urn,
            actor=actor,
            name=name,
            description=description,
            url=f"https://{platform}.example.com/dashboards/{ident}",
            charts=chart_urns,
            datasets=sorted({u for *_, inputs in charts for u in inputs if u in known}),
        )
        entity_owners_set(
            urn=urn, entity_type=EntityType.DASHBOARD, owners=_owners(owners), actor=actor
        )
    return count
