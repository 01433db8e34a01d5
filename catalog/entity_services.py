"""Writing the entities around datasets: each function upserts one entity's aspect and records
what changed (``EntityChange``) in the caller's transaction. A value left ``UNSET`` is not
touched; an entity named but not yet described (a term's group, a container's parent, a task's
pipeline) is created with its name alone, as DataHub creates an entity when it is first named.
"""

import re
from typing import Any, Iterable, Sequence

from django.db import IntegrityError, models, transaction
from django.db.models import F

from catalog.entity_models import (
    Chart,
    Container,
    Dashboard,
    DataFlow,
    DataJob,
    DataJobRun,
    EntityLink,
    EntityType,
    GlossaryNode,
    GlossaryTermRelation,
    LinkKind,
    TermRelation,
)
from catalog.entity_selectors import containers_below
from catalog.models import DataPlatform, Dataset, Domain, GlossaryTerm, Tag
from catalog.urns import flow_urn_parse, job_urn_parse
from catalog.entity_history import change_record, in_transaction
from catalog.entity_owners import (  # noqa: F401  pylint: disable=unused-import
    EntityOwner,
    entity_owners_set,
)
from catalog.writer.items import UNSET
from core.errors import ApplicationError, ConflictError


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return getattr(value, "urn", None) or str(value)
    return value


def _upsert(
    model: type[models.Model],
    *,
    lookup: dict[str, Any],
    values: dict[str, Any],
    entity_type: str,
    aspect: str,
    actor: str,
) -> Any:
    """Create or update one row; what changed goes to the entity's history."""
    values = {key: value for key, value in values.items() if value is not UNSET}
    rows = model.objects.select_for_update()  # type: ignore[attr-defined]
    row = rows.filter(**lookup).first()
    if row is None:
        try:
            with transaction.atomic():
                row = model(**lookup, **values)
                row.save()
        except IntegrityError:  # a concurrent writer made it meanwhile: update theirs
            row = rows.get(**lookup)
        else:
            after = {key: _jsonable(value) for key, value in values.items()}
            change_record(
                urn=row.urn,
                entity_type=entity_type,
                aspect=aspect,
                actor=actor,
                before=None,
                after=after,
            )
            return row
    changed = [key for key, value in values.items() if getattr(row, key) != value]
    if changed:
        before = {key: _jsonable(getattr(row, key)) for key in changed}
        for key in changed:
            setattr(row, key, values[key])
        update_fields = changed + (["modified_at"] if hasattr(row, "modified_at") else [])
        row.save(update_fields=update_fields)
        after = {key: _jsonable(getattr(row, key)) for key in changed}
        change_record(
            urn=row.urn,
            entity_type=entity_type,
            aspect=aspect,
            actor=actor,
            before=before,
            after=after,
        )
    return row


_PLATFORM_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,63}$")  # a DataPlatform's slug


def _known_platform(name: str) -> DataPlatform:
    """A data platform MDT knows (a container's, as a dataset's, must be one)."""
    platform = DataPlatform.objects.filter(name=name).first()
    if platform is None:
        raise ApplicationError(
            f"Unknown platform {name!r}.", fields={"platform": [f"unknown platform {name!r}"]}
        )
    return platform


def _platform(name: str | None) -> DataPlatform | None:
    """A chart's or dashboard's platform (Looker, Superset…), registered when first named."""
    if not name:
        return None
    if not _PLATFORM_NAME.match(name):
        raise ApplicationError(
            f"Invalid platform name {name[:80]!r}: lowercase letters, digits, '_' and '-', "
            "at most 64.",
            fields={"platform": ["invalid platform name"]},
        )
    platform, _ = DataPlatform.objects.get_or_create(
        name=name, defaults={"display_name": name.replace("_", " ").title()}
    )
    return platform


# --- tags, domains ------------------------------------------------------------------------


@in_transaction
def tag_upsert(*, name: str, actor: str, description: str = UNSET, color: str = UNSET) -> Tag:
    return _upsert(
        Tag,
        lookup={"name": name},
        values={"description": description, "color": color},
        entity_type=EntityType.TAG,
        aspect="tagProperties",
        actor=actor,
    )


@in_transaction
def domain_upsert(
    *, name: str, actor: str, display_name: str = UNSET, description: str = UNSET
) -> Domain:
    values = {"display_name": display_name, "description": description}
    if display_name is UNSET and not Domain.objects.filter(name=name).exists():
        values["display_name"] = name
    return _upsert(
        Domain,
        lookup={"name": name},
        values=values,
        entity_type=EntityType.DOMAIN,
        aspect="domainProperties",
        actor=actor,
    )


def _create(model: type[models.Model], label: str, *, name: str, actor: str, **values: Any) -> Any:
    """A new one, or a 409 if it exists (also when a concurrent request made it first)."""
    row, created = model.objects.get_or_create(  # type: ignore[attr-defined]
        name=name, defaults=values
    )
    if not created:
        raise ConflictError(f"{label} {name!r} already exists.", fields={"name": ["exists"]})
    entity_type = {Tag: EntityType.TAG, GlossaryTerm: EntityType.GLOSSARY_TERM}.get(
        model, EntityType.DOMAIN
    )
    aspect = {Tag: "tagProperties", GlossaryTerm: "glossaryTermInfo"}.get(model, "domainProperties")
    change_record(
        urn=row.urn, entity_type=entity_type, aspect=aspect, actor=actor, before=None, after=values
    )
    return row


@in_transaction
def tag_create(*, name: str, actor: str, description: str = "", color: str = "") -> Tag:
    return _create(Tag, "Tag", name=name, actor=actor, description=description, color=color)


@in_transaction
def glossary_term_create(*, name: str, actor: str, description: str = "") -> GlossaryTerm:
    return _create(GlossaryTerm, "Glossary term", name=name, actor=actor, description=description)


@in_transaction
def domain_create(*, name: str, actor: str, display_name: str, description: str = "") -> Domain:
    return _create(
        Domain, "Domain", name=name, actor=actor, display_name=display_name, description=description
    )


# --- glossary ---------------------------------------------------------------------------------


@in_transaction
def glossary_node_upsert(
    *,
    name: str,
    actor: str,
    display_name: str = UNSET,
    description: str = UNSET,
    parent: str | None = UNSET,
) -> GlossaryNode:
    """``parent`` is the parent node's name (None: at the root)."""
    values: dict[str, Any] = {"display_name": display_name, "description": description}
    if parent is not UNSET:
        if parent == name:
            raise ApplicationError(
                f"Term group {name!r} cannot be its own parent.", fields={"parentNode": ["self"]}
            )
        values["parent"] = _node(parent, actor) if parent else None
        if values["parent"] is not None and _node_cycle(name, values["parent"]):
            raise ApplicationError(
                f"Term group {name!r} would be inside itself through {parent!r}.",
                fields={"parentNode": ["cycle"]},
            )
    return _upsert(
        GlossaryNode,
        lookup={"name": name},
        values=values,
        entity_type=EntityType.GLOSSARY_NODE,
        aspect="glossaryNodeInfo",
        actor=actor,
    )


def _node(name: str, actor: str) -> GlossaryNode:
    node = GlossaryNode.objects.filter(name=name).first()
    return node or glossary_node_upsert(name=name, actor=actor)


def _node_cycle(name: str, parent: GlossaryNode) -> bool:
    seen: set[int] = set()
    node: GlossaryNode | None = parent
    while node is not None and node.pk not in seen:
        if node.name == name:
            return True
        seen.add(node.pk)
        node = node.parent
    return False


@in_transaction
def glossary_term_upsert(
    *,
    name: str,
    actor: str,
    display_name: str = UNSET,
    description: str = UNSET,
    node: str | None = UNSET,
    source_url: str = UNSET,
    custom_properties: dict[str, str] = UNSET,
) -> GlossaryTerm:
    """``node`` is its term group's name (None: in no group)."""
    values: dict[str, Any] = {
        "display_name": display_name,
        "description": description,
        "source_url": source_url,
        "custom_properties": custom_properties,
    }
    if node is not UNSET:
        values["node"] = _node(node, actor) if node else None
    return _upsert(
        GlossaryTerm,
        lookup={"name": name},
        values=values,
        entity_type=EntityType.GLOSSARY_TERM,
        aspect="glossaryTermInfo",
        actor=actor,
    )


@in_transaction
def glossary_term_relations_set(
    *, name: str, relations: dict[str, Sequence[str]], actor: str
) -> GlossaryTerm:
    """Replace the term's related terms of the kinds in ``relations`` (``isA``, ``hasA``,
    ``values``, ``relatedTo`` → term names); the kinds not named are kept."""
    unknown = set(relations) - set(TermRelation.values)
    if unknown:
        raise ApplicationError(
            f"Unknown term relation {sorted(unknown)[0]!r}.", fields={"relations": ["unknown"]}
        )
    term = _term(name, actor)
    current = GlossaryTermRelation.objects.filter(term=term, relation__in=list(relations))
    before = _relations_of(current)
    current.delete()
    for relation, names in relations.items():
        for related in dict.fromkeys(names):
            if related != name:
                GlossaryTermRelation.objects.create(
                    term=term, related=_term(related, actor), relation=relation
                )
    after = _relations_of(
        GlossaryTermRelation.objects.filter(term=term, relation__in=list(relations))
    )
    change_record(
        urn=term.urn,
        entity_type=EntityType.GLOSSARY_TERM,
        aspect="glossaryRelatedTerms",
        actor=actor,
        before=before,
        after=after,
    )
    return term


def _term(name: str, actor: str) -> GlossaryTerm:
    term = GlossaryTerm.objects.filter(name=name).first()
    return term or glossary_term_upsert(name=name, actor=actor)


def _relations_of(rows: Iterable[GlossaryTermRelation]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row.relation, []).append(row.related.name)
    return {key: sorted(value) for key, value in sorted(found.items())}


# --- containers -------------------------------------------------------------------------------


@in_transaction
def container_upsert(
    *,
    urn: str,
    actor: str,
    name: str = UNSET,
    sub_type: str = UNSET,
    platform: str | None = UNSET,
    parent: str | None = UNSET,
    description: str = UNSET,
    qualified_name: str = UNSET,
    custom_properties: dict[str, str] = UNSET,
) -> Container:
    """``platform`` by name, ``parent`` by URN (created with its id as name if unknown)."""
    if not urn.startswith("urn:li:container:") or len(urn) <= len("urn:li:container:"):
        raise ApplicationError(f"Not a container URN: {urn!r}.", fields={"urn": ["invalid"]})
    values: dict[str, Any] = {
        "name": name,
        "sub_type": sub_type,
        "description": description,
        "qualified_name": qualified_name,
        "custom_properties": custom_properties,
    }
    if name is UNSET and not Container.objects.filter(urn=urn).exists():
        values["name"] = urn.removeprefix("urn:li:container:")
    if platform is not UNSET:
        values["platform"] = _known_platform(platform) if platform else None
    if parent is not UNSET:
        if parent == urn:
            raise ApplicationError("A container cannot hold itself.", fields={"parent": ["self"]})
        values["parent"] = container_ensure(parent, actor) if parent else None
    before = Container.objects.filter(urn=urn).values_list("name", "parent_id").first()
    container = _upsert(
        Container,
        lookup={"urn": urn},
        values=values,
        entity_type=EntityType.CONTAINER,
        aspect="containerProperties",
        actor=actor,
    )
    if before is not None and before != (container.name, container.parent_id):
        _datasets_below_touch(container)
    return container


def _datasets_below_touch(container: Container) -> None:
    """A renamed or moved container changes the container names its datasets are found by:
    their versions move on, so the search relay indexes them again."""
    Dataset.objects.filter(container_id__in=containers_below(container)).update(
        version=F("version") + 1
    )


def container_ensure(urn: str, actor: str) -> Container:
    return Container.objects.filter(urn=urn).first() or container_upsert(urn=urn, actor=actor)


# --- pipelines ----------------------------------------------------------------------------


@in_transaction
def data_flow_upsert(
    *,
    urn: str,
    actor: str,
    name: str = UNSET,
    description: str = UNSET,
    url: str = UNSET,
    custom_properties: dict[str, str] = UNSET,
) -> DataFlow:
    orchestrator, flow_id, cluster = _parsed(flow_urn_parse, urn)
    values: dict[str, Any] = {
        "name": name,
        "description": description,
        "url": url,
        "custom_properties": custom_properties,
    }
    if name is UNSET and not DataFlow.objects.filter(urn=urn).exists():
        values["name"] = flow_id
    return _upsert(
        DataFlow,
        lookup={"urn": urn},
        values={**values, "orchestrator": orchestrator, "flow_id": flow_id, "cluster": cluster},
        entity_type=EntityType.DATA_FLOW,
        aspect="dataFlowInfo",
        actor=actor,
    )


@in_transaction
def data_job_upsert(
    *,
    urn: str,
    actor: str,
    name: str = UNSET,
    type: str = UNSET,  # pylint: disable=redefined-builtin
    description: str = UNSET,
    url: str = UNSET,
    custom_properties: dict[str, str] = UNSET,
) -> DataJob:
    flow_urn, job_id = _parsed(job_urn_parse, urn)
    flow = DataFlow.objects.filter(urn=flow_urn).first() or data_flow_upsert(
        urn=flow_urn, actor=actor
    )
    values: dict[str, Any] = {
        "name": name,
        "type": type,
        "description": description,
        "url": url,
        "custom_properties": custom_properties,
    }
    if name is UNSET and not DataJob.objects.filter(urn=urn).exists():
        values["name"] = job_id
    return _upsert(
        DataJob,
        lookup={"urn": urn},
        values={**values, "flow": flow, "job_id": job_id},
        entity_type=EntityType.DATA_JOB,
        aspect="dataJobInfo",
        actor=actor,
    )


def _parsed(parse: Any, urn: str) -> Any:
    return parse(urn)  # InvalidUrn is an ApplicationError: a 400 naming the URN


@in_transaction
def data_job_run_record(
    *, job: DataJob, run_id: str, state: str, at: Any, source: str = "openlineage"
) -> DataJobRun:
    """A run's event: START sets when it started, the final states when it ended."""
    run, created = DataJobRun.objects.select_for_update().get_or_create(
        job=job,
        run_id=run_id[:200],
        defaults={"state": state, "started_at": at, "source": source},
    )
    if not created:
        run.state = state
        if state in ("COMPLETE", "FAIL", "ABORT"):
            run.ended_at = at
        elif run.started_at is None or (at and at < run.started_at):
            run.started_at = at
        run.save(update_fields=["state", "ended_at", "started_at"])
    elif state in ("COMPLETE", "FAIL", "ABORT"):
        run.ended_at = at
        run.save(update_fields=["ended_at"])
    return run


# --- links (reads, writes, contains) --------------------------------------------------------


@in_transaction
def links_set(
    *,
    source_urn: str,
    source_type: str,
    kind: str,
    targets: Sequence[str],
    actor: str,
    aspect: str,
) -> None:
    """Replace what ``source_urn`` links to with ``kind`` (a task's inputs, a chart's datasets).
    The targets are URNs, linked whether or not their entity is known yet."""
    current = EntityLink.objects.filter(source_urn=source_urn, kind=kind)
    before = sorted(current.values_list("target_urn", flat=True))
    after = sorted(dict.fromkeys(t for t in targets if t))
    if before == after:
        return
    current.exclude(target_urn__in=after).delete()
    EntityLink.objects.bulk_create(
        [
            EntityLink(source_urn=source_urn, source_type=source_type, target_urn=t, kind=kind)
            for t in sorted(set(after) - set(before))
        ]
    )
    change_record(
        urn=source_urn,
        entity_type=source_type,
        aspect=aspect,
        actor=actor,
        before={kind: before},
        after={kind: after},
    )


@in_transaction
def chart_upsert(
    *,
    urn: str,
    actor: str,
    name: str = UNSET,
    platform: str | None = UNSET,
    type: str = UNSET,  # pylint: disable=redefined-builtin
    description: str = UNSET,
    url: str = UNSET,
    custom_properties: dict[str, str] = UNSET,
    inputs: Sequence[str] = UNSET,
) -> Chart:
    platform_name = _dashboard_platform(urn, "chart") if platform is UNSET else platform
    chart = _upsert(
        Chart,
        lookup={"urn": urn},
        values={
            "name": name if name is not UNSET or Chart.objects.filter(urn=urn).exists() else urn,
            "platform": _platform(platform_name),
            "type": type,
            "description": description,
            "url": url,
            "custom_properties": custom_properties,
        },
        entity_type=EntityType.CHART,
        aspect="chartInfo",
        actor=actor,
    )
    if inputs is not UNSET:
        links_set(
            source_urn=urn,
            source_type=EntityType.CHART,
            kind=LinkKind.INPUT,
            targets=inputs,
            actor=actor,
            aspect="chartInfo",
        )
    return chart


@in_transaction
def dashboard_upsert(
    *,
    urn: str,
    actor: str,
    name: str = UNSET,
    platform: str | None = UNSET,
    description: str = UNSET,
    url: str = UNSET,
    custom_properties: dict[str, str] = UNSET,
    charts: Sequence[str] = UNSET,
    datasets: Sequence[str] = UNSET,
) -> Dashboard:
    platform_name = _dashboard_platform(urn, "dashboard") if platform is UNSET else platform
    dashboard = _upsert(
        Dashboard,
        lookup={"urn": urn},
        values={
            "name": (
                name if name is not UNSET or Dashboard.objects.filter(urn=urn).exists() else urn
            ),
            "platform": _platform(platform_name),
            "description": description,
            "url": url,
            "custom_properties": custom_properties,
        },
        entity_type=EntityType.DASHBOARD,
        aspect="dashboardInfo",
        actor=actor,
    )
    for kind, targets in ((LinkKind.CONTAINS, charts), (LinkKind.INPUT, datasets)):
        if targets is not UNSET:
            links_set(
                source_urn=urn,
                source_type=EntityType.DASHBOARD,
                kind=kind,
                targets=targets,
                actor=actor,
                aspect="dashboardInfo",
            )
    return dashboard


def _dashboard_platform(urn: str, kind: str) -> str | None:
    """``urn:li:chart:(looker,chart_id)`` → ``looker``."""
    prefix = f"urn:li:{kind}:("
    if urn.startswith(prefix) and "," in urn:
        return urn[len(prefix) :].split(",", 1)[0] or None
    raise ApplicationError(
        f"Not a {kind} URN (urn:li:{kind}:(<platform>,<id>)): {urn!r}.", fields={"urn": ["invalid"]}
    )
