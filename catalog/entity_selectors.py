"""Reading the entities around datasets for their pages: what each is, where it sits, who owns
it and which datasets and fields carry it. Datasets are listed by ``selectors.dataset_list``
with the entity as a filter, so every page pages its datasets the same way."""

from dataclasses import dataclass, field
from typing import Any, Iterable

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL

from accounts.models import Group, User
from catalog.entity_models import (
    Chart,
    Container,
    Dashboard,
    DataFlow,
    DataJob,
    EntityChange,
    EntityLink,
    EntityOwnership,
    EntityType,
    GlossaryNode,
    GlossaryTermRelation,
    LinkKind,
)
from catalog.models import (
    Dataset,
    LineageEdge,
    LineageType,
    DatasetStatus,
    DatasetTerm,
    Domain,
    GlossaryTerm,
    SchemaField,
    Tag,
    ownership_type_label,
)
from catalog.urns import InvalidUrn, parse_dataset_urn
from core.errors import NotFoundError

ENTITY_PREFIXES = {t.value: f"urn:li:{t.value}:" for t in EntityType}


def _get(queryset: QuerySet, label: str, **lookup: Any) -> Any:
    found = queryset.filter(**lookup).first()
    if found is None:
        raise NotFoundError(f"{label} {next(iter(lookup.values()))!r} not found.")
    return found


def _live(datasets: QuerySet[Dataset]) -> QuerySet[Dataset]:
    return datasets.exclude(status=DatasetStatus.REMOVED)


# --- schema fields carrying a tag or a term -----------------------------------------------------


def _json_list_has(column: str, value: str) -> Q:
    """Rows whose JSON list ``column`` holds ``value``: jsonb containment on PostgreSQL, SQLite's
    json_each elsewhere (Django's ``contains`` on a JSONField is PostgreSQL's only)."""
    if connection.vendor == "postgresql":
        return Q(**{f"{column}__contains": [value]})
    table = SchemaField._meta.db_table
    sql = (
        f"SELECT field.id FROM {table} field, json_each(field.{column}) item WHERE item.value = %s"
    )
    return Q(id__in=RawSQL(sql, [value]))


def schema_fields_with(*, tag: str = "", term: str = "") -> QuerySet[SchemaField]:
    """The fields of live datasets carrying ``tag`` or ``term``, ingested or edited."""
    if tag:
        q = _json_list_has("tags", tag) | _json_list_has("editable_tags", tag)
    else:
        q = _json_list_has("glossary_terms", term) | _json_list_has("editable_glossary_terms", term)
    return (
        SchemaField.objects.filter(q)
        .filter(dataset__in=_live(Dataset.objects.all()))
        .select_related("dataset__platform")
        .order_by("dataset__name", "dataset_id", "ordinal", "id")
    )


# --- owners ---------------------------------------------------------------------------------


def entity_owners(urn: str) -> list[dict[str, str]]:
    rows = EntityOwnership.objects.filter(entity_urn=urn).select_related("user", "group")
    return [_owner_ref(row) for row in rows]


def _owner_ref(row: EntityOwnership) -> dict[str, str]:
    owner: User | Group = row.user if row.user_id else row.group  # type: ignore[assignment]
    name = owner.username if isinstance(owner, User) else owner.name
    return {
        "urn": owner.urn,
        "kind": "user" if row.user_id else "group",
        "name": name,
        "display_name": owner.display_name or name,
        "type": row.type,
        "type_label": ownership_type_label(row.type),
    }


# --- tags, terms, domains ---------------------------------------------------------------------


def tag_get(*, name: str) -> Tag:
    tag = _get(Tag.objects.all(), "Tag", name=name)
    tag.dataset_count = _live(Dataset.objects.filter(tag_links__tag=tag)).distinct().count()
    tag.field_count = schema_fields_with(tag=name).count()
    tag.owners = entity_owners(tag.urn)
    return tag


def node_path(node: GlossaryNode | None) -> list[GlossaryNode]:
    """Root first, ``node`` last; a cycle (which the services refuse) stops the walk."""
    path: list[GlossaryNode] = []
    while node is not None and node not in path:
        path.insert(0, node)
        node = node.parent
    return path


def glossary_term_get(*, name: str) -> GlossaryTerm:
    term = _get(GlossaryTerm.objects.select_related("node"), "Glossary term", name=name)
    term.path = node_path(term.node)
    outgoing = GlossaryTermRelation.objects.filter(term=term).select_related("related")
    incoming = GlossaryTermRelation.objects.filter(related=term).select_related("term")
    term.related = [
        {"name": r.related.name, "display_name": r.related.label, "relation": r.relation}
        | {"direction": "out"}
        for r in outgoing
    ] + [
        {"name": r.term.name, "display_name": r.term.label, "relation": r.relation}
        | {"direction": "in"}
        for r in incoming
    ]
    term.owners = entity_owners(term.urn)
    term.dataset_count = _live(Dataset.objects.filter(term_links__term=term)).distinct().count()
    term.field_count = schema_fields_with(term=name).count()
    return term


def glossary_node_list() -> QuerySet[GlossaryNode]:
    return GlossaryNode.objects.annotate(
        term_count=Count("terms", distinct=True), child_count=Count("children", distinct=True)
    ).select_related("parent")


def glossary_node_get(*, name: str) -> GlossaryNode:
    node = _get(glossary_node_list(), "Term group", name=name)
    node.path = node_path(node.parent)
    node.owners = entity_owners(node.urn)
    node.child_list = list(glossary_node_list().filter(parent=node))
    node.term_list = list(
        GlossaryTerm.objects.filter(node=node).annotate(
            dataset_count=Count(
                "dataset_links__dataset",
                filter=~Q(dataset_links__dataset__status=DatasetStatus.REMOVED),
                distinct=True,
            )
        )
    )
    return node


def domain_get(*, name: str) -> Domain:
    domain = _get(Domain.objects.all(), "Domain", name=name)
    domain.dataset_count = _live(Dataset.objects.filter(domain=domain)).count()
    domain.owners = entity_owners(domain.urn)
    return domain


# --- people and groups ------------------------------------------------------------------------


def _owned_others(users: Iterable[User] = (), groups: Iterable[Group] = ()) -> list[dict]:
    rows = EntityOwnership.objects.filter(
        Q(user__in=list(users)) | Q(group__in=list(groups))
    ).values_list("entity_urn", "entity_type")
    return entity_refs(dict.fromkeys(rows))


def person_get(*, username: str) -> User:
    user = _get(User.objects.prefetch_related("teams"), "Person", username=username)
    teams = list(user.teams.all())
    direct = _live(Dataset.objects.filter(ownerships__user=user)).values("id")
    via = _live(Dataset.objects.filter(ownerships__group__in=teams)).exclude(id__in=direct)
    user.owned = {
        "datasets": direct.distinct().count(),
        "via_groups": via.values("id").distinct().count(),
        "other": _owned_others(users=[user], groups=teams),
    }
    user.team_list = teams
    return user


def group_get(*, name: str) -> Group:
    group = _get(Group.objects.prefetch_related("members"), "Group", name=name)
    group.dataset_count = (
        _live(Dataset.objects.filter(ownerships__group=group)).values("id").distinct().count()
    )
    group.other = _owned_others(groups=[group])
    return group


# --- containers -------------------------------------------------------------------------------


def containers_below(container: Container) -> list[int]:
    """Its id and every id below it (a breadth-first walk; containers nest a few levels)."""
    found, frontier = [container.pk], [container.pk]
    while frontier:
        frontier = [
            pk
            for pk in Container.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            if pk not in found
        ]
        found += frontier
    return found


def container_list(
    *, parent: str = "", root: bool = False, platform: str = ""
) -> QuerySet[Container]:
    containers = Container.objects.select_related("platform", "parent").annotate(
        dataset_count=Count(
            "datasets", filter=~Q(datasets__status=DatasetStatus.REMOVED), distinct=True
        ),
        child_count=Count("children", distinct=True),
    )
    if parent:
        containers = containers.filter(parent__urn=parent)
    elif root:
        containers = containers.filter(parent__isnull=True)
    if platform:
        containers = containers.filter(platform__name=platform)
    return containers.order_by("name", "id")


def container_path(container: Container | None) -> list[Container]:
    path: list[Container] = []
    while container is not None and container not in path:
        path.insert(0, container)
        container = container.parent
    return path


def container_get(*, urn: str) -> Container:
    container = _get(container_list(), "Container", urn=urn)
    container.path = container_path(container.parent)
    container.child_list = list(container_list().filter(parent=container))
    container.dataset_count = _live(
        Dataset.objects.filter(container_id__in=containers_below(container))
    ).count()
    container.owners = entity_owners(container.urn)
    return container


# --- pipelines, dashboards ----------------------------------------------------------------------


@dataclass
class DatasetRefs:
    """Datasets by URN, read once for a page; one not in the catalog yet is shown from its URN."""

    urns: set[str] = field(default_factory=set)
    found: dict[str, Dataset] = field(default_factory=dict)

    def load(self) -> "DatasetRefs":
        rows = Dataset.objects.filter(urn__in=self.urns).select_related("platform")
        self.found = {d.urn: d for d in rows}
        return self

    def ref(self, urn: str) -> dict[str, Any]:
        dataset = self.found.get(urn)
        if dataset is not None:
            return {
                "urn": urn,
                "name": dataset.name,
                "display_name": dataset.display_name,
                "platform": dataset.platform.name,
                "origin": dataset.origin,
                "status": dataset.status,
            }
        try:
            parsed = parse_dataset_urn(urn)
            platform, name, origin = parsed.platform, parsed.name, parsed.origin
        except InvalidUrn:
            platform, name, origin = "", urn, ""
        return {
            "urn": urn,
            "name": name,
            "display_name": "",
            "platform": platform,
            "origin": origin,
            "status": "unknown",
        }


def _links(sources: Iterable[str]) -> dict[str, dict[str, list[str]]]:
    found: dict[str, dict[str, list[str]]] = {}
    for source, target, kind in EntityLink.objects.filter(source_urn__in=list(sources)).values_list(
        "source_urn", "target_urn", "kind"
    ):
        found.setdefault(source, {}).setdefault(kind, []).append(target)
    return found


def _job_io(jobs: list[DataJob]) -> None:
    links = _links(job.urn for job in jobs)
    refs = DatasetRefs({u for job in links.values() for urns in job.values() for u in urns}).load()
    for job in jobs:
        mine = links.get(job.urn, {})
        job.inputs = [refs.ref(u) for u in mine.get(LinkKind.INPUT, [])]
        job.outputs = [refs.ref(u) for u in mine.get(LinkKind.OUTPUT, [])]


def flow_list(*, orchestrator: str = "", query: str = "") -> QuerySet[DataFlow]:
    flows = DataFlow.objects.annotate(job_count=Count("jobs"))
    if orchestrator:
        flows = flows.filter(orchestrator=orchestrator)
    if query:
        flows = flows.filter(Q(name__icontains=query) | Q(flow_id__icontains=query))
    return flows.order_by("name", "id")


def flow_get(*, urn: str) -> DataFlow:
    flow = _get(DataFlow.objects.all(), "Pipeline", urn=urn)
    flow.job_list = list(flow.jobs.all())
    _job_io(flow.job_list)
    flow.owners = entity_owners(flow.urn)
    runs = [run for job in flow.job_list for run in job.runs.all()[:1]]
    flow.last_run = max(runs, key=lambda r: (r.started_at is not None, r.started_at), default=None)
    return flow


def job_get(*, urn: str) -> DataJob:
    job = _get(DataJob.objects.select_related("flow"), "Task", urn=urn)
    _job_io([job])
    job.owners = entity_owners(job.urn)
    job.run_list = list(job.runs.all()[:20])
    return job


def dashboard_list(*, platform: str = "", query: str = "") -> QuerySet[Dashboard]:
    dashboards = Dashboard.objects.select_related("platform")
    if platform:
        dashboards = dashboards.filter(platform__name=platform)
    if query:
        dashboards = dashboards.filter(name__icontains=query)
    return dashboards.order_by("name", "id")


def chart_list(*, platform: str = "", query: str = "") -> QuerySet[Chart]:
    charts = Chart.objects.select_related("platform")
    if platform:
        charts = charts.filter(platform__name=platform)
    if query:
        charts = charts.filter(name__icontains=query)
    return charts.order_by("name", "id")


def job_list(*, pipeline: str = "", orchestrator: str = "", query: str = "") -> QuerySet[DataJob]:
    jobs = DataJob.objects.select_related("flow")
    if pipeline:
        jobs = jobs.filter(flow__urn=pipeline)
    if orchestrator:
        jobs = jobs.filter(flow__orchestrator=orchestrator)
    if query:
        jobs = jobs.filter(Q(name__icontains=query) | Q(job_id__icontains=query))
    return jobs.order_by("name", "id")


def dashboard_get(*, urn: str) -> Dashboard:
    dashboard = _get(dashboard_list(), "Dashboard", urn=urn)
    links = _links([urn]).get(urn, {})
    charts = {c.urn: c for c in Chart.objects.filter(urn__in=links.get(LinkKind.CONTAINS, []))}
    dashboard.chart_list = [
        charts.get(u) or Chart(urn=u, name=u) for u in links.get(LinkKind.CONTAINS, [])
    ]
    refs = DatasetRefs(set(links.get(LinkKind.INPUT, []))).load()
    dashboard.dataset_list = [refs.ref(u) for u in links.get(LinkKind.INPUT, [])]
    dashboard.owners = entity_owners(urn)
    return dashboard


def chart_get(*, urn: str) -> Chart:
    chart = _get(Chart.objects.select_related("platform"), "Chart", urn=urn)
    inputs = _links([urn]).get(urn, {}).get(LinkKind.INPUT, [])
    refs = DatasetRefs(set(inputs)).load()
    chart.dataset_list = [refs.ref(u) for u in inputs]
    containing = EntityLink.objects.filter(target_urn=urn, kind=LinkKind.CONTAINS)
    chart.dashboard_list = list(
        Dashboard.objects.filter(urn__in=containing.values("source_urn")).only("urn", "name")
    )
    chart.owners = entity_owners(urn)
    return chart


# --- a dataset's neighbours, references, history ----------------------------------------------


def dataset_entities(dataset: Dataset) -> dict[str, Any]:
    """What a dataset page shows around the dataset: its container path, the tasks that read
    or write it, the charts and dashboards that read it."""
    links = list(
        EntityLink.objects.filter(target_urn=dataset.urn).values_list(
            "source_urn", "source_type", "kind"
        )
    )
    jobs = {
        j.urn: j
        for j in DataJob.objects.filter(
            urn__in=[s for s, t, _ in links if t == EntityType.DATA_JOB]
        ).select_related("flow")
    }
    boards = {
        b.urn: (b, "dashboard")
        for b in Dashboard.objects.filter(urn__in=[s for s, t, _ in links]).select_related(
            "platform"
        )
    } | {
        c.urn: (c, "chart")
        for c in Chart.objects.filter(urn__in=[s for s, t, _ in links]).select_related("platform")
    }
    return {
        "container_path": container_path(dataset.container),
        "jobs": [
            {"job": jobs[s], "role": "reads" if kind == LinkKind.INPUT else "writes"}
            for s, _, kind in links
            if s in jobs
        ],
        "dashboards": [boards[s] for s, _, _ in links if s in boards],
    }


_NAMED = {
    EntityType.TAG: (Tag, "name"),
    EntityType.GLOSSARY_TERM: (GlossaryTerm, "name"),
    EntityType.GLOSSARY_NODE: (GlossaryNode, "name"),
    EntityType.DOMAIN: (Domain, "name"),
    EntityType.CORPUSER: (User, "username"),
    EntityType.CORPGROUP: (Group, "name"),
}
_BY_URN = {
    EntityType.CONTAINER: Container,
    EntityType.DATA_FLOW: DataFlow,
    EntityType.DATA_JOB: DataJob,
    EntityType.DASHBOARD: Dashboard,
    EntityType.CHART: Chart,
}


def entity_refs(entities: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    """``(urn, type)`` pairs → ``{urn, type, name, url_key}``, names read in one query per type."""
    pairs = list(entities)
    names: dict[str, str] = {}
    for entity_type, model in _BY_URN.items():
        urns = [u for u, t in pairs if t == entity_type]
        if urns:
            names |= dict(model.objects.filter(urn__in=urns).values_list("urn", "name"))
    refs = []
    for urn, entity_type in pairs:
        key = urn.removeprefix(ENTITY_PREFIXES.get(entity_type, ""))
        url_key = key if entity_type in _NAMED else urn
        refs.append(
            {"urn": urn, "type": entity_type, "name": names.get(urn, key), "url_key": url_key}
        )
    return refs


def entity_history(*, urn: str) -> QuerySet[EntityChange]:
    return EntityChange.objects.filter(entity_urn=urn).order_by("-id")


def dataset_term_filter(terms: Iterable[str]) -> QuerySet:
    return DatasetTerm.objects.filter(term__name__in=list(terms)).values("dataset_id")


def dataset_container_filter(urns: Iterable[str]) -> list[int]:
    ids: list[int] = []
    for container in Container.objects.filter(urn__in=list(urns)):
        ids += containers_below(container)
    return ids


# --- lineage through tasks --------------------------------------------------------------------


def job_edges(datasets: list[Dataset], *, downstream: bool) -> list[LineageEdge]:
    """One lineage hop through tasks from ``datasets``: a task reading one of them (downstream;
    writing one, upstream) links it to every dataset the task writes (reads). Each is an unsaved
    ``LineageEdge`` with the task as its actor and ``job`` set; ends the catalog lacks are left
    out."""
    by_urn = {d.urn: d for d in datasets}
    near, far = (
        (LinkKind.INPUT, LinkKind.OUTPUT) if downstream else (LinkKind.OUTPUT, LinkKind.INPUT)
    )
    near_links = list(
        EntityLink.objects.filter(
            target_urn__in=list(by_urn), kind=near, source_type=EntityType.DATA_JOB
        ).values_list("source_urn", "target_urn")
    )
    if not near_links:
        return []
    jobs = {
        j.urn: j
        for j in DataJob.objects.filter(urn__in={s for s, _ in near_links}).select_related("flow")
    }
    far_links = list(
        EntityLink.objects.filter(source_urn__in=list(jobs), kind=far).values_list(
            "source_urn", "target_urn"
        )
    )
    others = {
        d.urn: d
        for d in Dataset.objects.filter(urn__in={t for _, t in far_links}).select_related(
            "platform"
        )
    }
    edges = []
    for job_urn, near_urn in near_links:
        for source, far_urn in far_links:
            if source != job_urn or far_urn not in others or far_urn == near_urn:
                continue
            up, down = (by_urn[near_urn], others[far_urn])
            if not downstream:
                up, down = down, up
            job = jobs[job_urn]
            edge = LineageEdge(
                upstream=up,
                downstream=down,
                type=LineageType.TRANSFORMED,
                actor=job_urn,
                created_at=job.modified_at,
            )
            edge.job = job
            edges.append(edge)
    return edges


def job_edges_merged(edges: list[LineageEdge]) -> list[LineageEdge]:
    """A stored edge and a task linking the same two datasets are one edge, through the task;
    every other edge learns the task that links its ends, if any, so the graph can draw it."""
    through: dict[tuple[int, int], DataJob] = {}
    for edge in edges:
        if not edge.pk:
            through.setdefault((edge.upstream_id, edge.downstream_id), edge.job)
    kept = []
    for edge in edges:
        ends = (edge.upstream_id, edge.downstream_id)
        if edge.pk:
            edge.job = through.pop(ends, None)
            kept.append(edge)
    for edge in edges:
        if not edge.pk and (edge.upstream_id, edge.downstream_id) in through:
            del through[(edge.upstream_id, edge.downstream_id)]
            kept.append(edge)
    return kept
