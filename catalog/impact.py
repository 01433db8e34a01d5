"""Impact analysis: everything reachable from a dataset within some hops, as a table.

The walk reads only id pairs (``lineage.stored_neighbours``), one round of queries per hop,
and keeps for each dataset its hop count and the node it was first reached from, which gives
one shortest path per row for free. The reached datasets' names, platforms and states are read
in chunks (the filters and the ordering need them for every row); owners, actors and modified
times only for the rows of the page, or chunk by chunk for a CSV export.

Tasks that read a reached dataset (that write one, walking upstream) and the charts and
dashboards that read one are listed one hop further than it: changing the dataset breaks them
too. A task also links what it reads to what it writes, so the walk goes through tasks.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Q

from catalog import entity_selectors, lineage
from catalog.entity_models import (
    Chart,
    Dashboard,
    DataJob,
    EntityLink,
    EntityOwnership,
    EntityType,
    LinkKind,
)
from catalog.models import DataPlatform, Dataset, DatasetStatus, LineageEdge, Ownership
from core.memory import gc_paused

MAX_HOPS = 10
MAX_PAGE = 500
# A walk stops adding datasets past this many (and says so): ~40 MB of Python at worst.
MAX_REACHED = 250_000
CHUNK = 5000
ENTITY_TYPES = ("dataset", "data_job", "chart", "dashboard")
_LINKED_TYPES: dict[str, str] = {
    EntityType.DATA_JOB: "data_job",
    EntityType.CHART: "chart",
    EntityType.DASHBOARD: "dashboard",
}


@dataclass(frozen=True)
class ImpactFilters:
    platforms: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    owner: str = ""
    origin: str = ""
    include_removed: bool = False


@dataclass
class ImpactRow:  # pylint: disable=too-many-instance-attributes
    type: str
    key: int | str  # a dataset's id, another entity's URN
    name: str
    hops: int
    parent: int | str | None  # the key of the row it was reached from (None: the root)
    via: int | str | None  # the stored edge's id, or the task's URN
    urn: str = ""  # a dataset's is read with its details
    platform: str = ""
    origin: str = ""
    status: str = ""
    dataset_id: int | None = None
    last_modified: datetime | None = None
    actor: str = ""
    owners: list[dict[str, str]] = field(default_factory=list)
    path: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Impact:
    rows: list[ImpactRow]
    totals: list[tuple[int, int]]
    facets: dict[str, list[tuple[str, int]]]
    truncated: bool
    by_key: dict[int | str, ImpactRow]
    root: Dataset


@dataclass
class _Reach:
    hops: dict[int, tuple[int, int | None, int | str | None]]
    # name, platform id, origin, status of each reached dataset, read as the walk finds it
    attrs: dict[int, tuple[str, int, str, str]] = field(default_factory=dict)
    truncated: bool = False


def _select(table: str, columns: str, column: str, ids: list[int]) -> list[tuple]:
    """``SELECT columns FROM table WHERE column IN ids``, with the ids as one array parameter on
    PostgreSQL: the ORM prepares an ``__in`` list value by value, which cost more than the
    query for the ~10,000 ids of a big impact walk."""
    params: list[Any]
    if connection.vendor == "postgresql":
        where, params = f"{column} = ANY(%s)", [ids]
    else:
        where, params = f"{column} IN ({', '.join(['%s'] * len(ids))})", [*ids]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE {where}", params)
        return cursor.fetchall()


def _step(ids: list[int], downstream: bool) -> list[tuple[int, int, int | str | None]]:
    """(far end, near end, edge id) of the visible stored edges of ``ids``: id pairs only."""
    near, far = ("upstream_id", "downstream_id") if downstream else ("downstream_id", "upstream_id")
    rows = _select(LineageEdge._meta.db_table, f"{near}, {far}, id, hidden", near, ids)
    hidden = {(a, b) for a, b, _, is_hidden in rows if is_hidden}
    return [(b, a, pk) for a, b, pk, _ in rows if not hidden or (a, b) not in hidden]


def _reach(root: Dataset, downstream: bool, max_hops: int, include_removed: bool) -> _Reach:
    """Breadth-first over stored edges and tasks: dataset id → (hops, parent id, via), and
    each reached dataset's attributes (removed ones are neither kept nor walked through
    unless asked)."""
    reach = _Reach(hops={root.id: (0, None, None)})
    through_tasks = lineage.tasks_link_datasets()
    frontier = [root.id]
    for hop in range(1, max_hops + 1):
        if not frontier:
            break
        found: list[tuple[int, int, int | str | None]] = []
        for start in range(0, len(frontier), CHUNK):
            chunk = frontier[start : start + CHUNK]
            found += _step(chunk, downstream)
            if through_tasks:
                found += _task_steps(chunk, downstream)
        new = []
        for other, node, via in found:
            if other in reach.hops:
                continue
            if len(reach.hops) > MAX_REACHED:
                reach.truncated = True
                break
            reach.hops[other] = (hop, node, via)
            new.append(other)
        for start in range(0, len(new), CHUNK):
            for pk, name, platform_id, origin, status in _select(
                Dataset._meta.db_table,
                "id, name, platform_id, origin, status",
                "id",
                new[start : start + CHUNK],
            ):
                reach.attrs[pk] = (name, platform_id, origin, status)
        if not include_removed:
            removed = {pk for pk in new if reach.attrs[pk][3] == DatasetStatus.REMOVED}
            for pk in removed:
                del reach.hops[pk]
            new = [pk for pk in new if pk not in removed]
        frontier = new
    return reach


def _task_steps(ids: list[int], downstream: bool) -> list[tuple[int, int, int | str | None]]:
    datasets = list(Dataset.objects.filter(id__in=ids).only("id", "urn", "platform_id"))
    edges = entity_selectors.job_edges(datasets, downstream=downstream)
    return [
        (
            (e.downstream_id, e.upstream_id, e.actor)
            if downstream
            else (e.upstream_id, e.downstream_id, e.actor)
        )
        for e in edges
    ]


def _dataset_rows(reach: _Reach, root: Dataset) -> list[ImpactRow]:
    platforms = dict(DataPlatform.objects.values_list("id", "name"))
    rows = []
    for pk, (hops, parent, via) in reach.hops.items():
        if pk == root.id:
            continue
        name, platform_id, origin, status = reach.attrs[pk]
        rows.append(
            ImpactRow(
                type="dataset",
                key=pk,
                name=name,
                hops=hops,
                parent=None if parent == root.id else parent,
                via=via,
                platform=platforms.get(platform_id, ""),
                origin=origin,
                status=status,
                dataset_id=pk,
            )
        )
    return rows


def _dataset_urns(ids: list[int]) -> dict[int, str]:
    urns: dict[int, str] = {}
    for start in range(0, len(ids), CHUNK):
        urns.update(
            Dataset.objects.filter(id__in=ids[start : start + CHUNK])
            .order_by()
            .values_list("id", "urn")
        )
    return urns


def _entity_rows(
    datasets: dict[str, tuple[int, int | None]], downstream: bool, max_hops: int
) -> list[ImpactRow]:
    """Tasks, charts and dashboards one hop past the datasets that reach them (``datasets``:
    URN → (hops, row key; None for the root)), and dashboards one past the charts they
    contain."""
    kinds = [LinkKind.INPUT] if downstream else [LinkKind.OUTPUT]
    types = list(_LINKED_TYPES) if downstream else [EntityType.DATA_JOB]
    best: dict[str, tuple[int, str, int | str | None]] = {}  # URN → (hops, type, parent key)
    urns = [u for u, (h, _) in datasets.items() if h < max_hops]
    for start in range(0, len(urns), CHUNK):
        for source, source_type, target in EntityLink.objects.filter(
            target_urn__in=urns[start : start + CHUNK], kind__in=kinds, source_type__in=types
        ).values_list("source_urn", "source_type", "target_urn"):
            hops, key = datasets[target]
            if source not in best or hops + 1 < best[source][0]:
                best[source] = (hops + 1, _LINKED_TYPES[source_type], key)
    charts = [u for u, (h, t, _) in best.items() if t == "chart" and h < max_hops]
    if charts:
        for source, target in EntityLink.objects.filter(
            target_urn__in=charts, kind=LinkKind.CONTAINS, source_type=EntityType.DASHBOARD
        ).values_list("source_urn", "target_urn"):
            hops = best[target][0] + 1
            if source not in best or hops < best[source][0]:
                best[source] = (hops, "dashboard", target)
    return _entities_described(best)


def _entities_described(best: dict[str, tuple[int, str, int | str | None]]) -> list[ImpactRow]:
    described: dict[str, tuple[str, str, datetime | None]] = {}
    for job in DataJob.objects.filter(urn__in=list(best)).select_related("flow"):
        described[job.urn] = (job.name, job.flow.orchestrator if job.flow else "", job.modified_at)
    for model in (Chart, Dashboard):
        for entity in model.objects.filter(urn__in=list(best)).select_related("platform"):
            platform = entity.platform.name if entity.platform else ""
            described[entity.urn] = (entity.name, platform, entity.modified_at)
    rows = []
    for urn, (hops, type_, parent) in best.items():
        name, platform, modified = described.get(urn, (urn.rsplit(",", 1)[-1].strip(")"), "", None))
        rows.append(
            ImpactRow(
                type=type_,
                key=urn,
                urn=urn,
                name=name,
                hops=hops,
                parent=parent,
                via=None,
                platform=platform,
                last_modified=modified,
            )
        )
    return rows


def _owned_by(rows: list[ImpactRow], owner: str) -> set[int | str]:
    """The keys of the ``rows`` that ``owner`` (a username or a group name) owns."""
    who = Q(user__username=owner) | Q(group__name=owner)
    ids = [r.dataset_id for r in rows if r.dataset_id is not None]
    owned: set[int | str] = set()
    for start in range(0, len(ids), CHUNK):
        owned.update(
            Ownership.objects.filter(who, dataset_id__in=ids[start : start + CHUNK])
            .order_by()
            .values_list("dataset_id", flat=True)
            .distinct()
        )
    others = [r.urn for r in rows if r.dataset_id is None]
    if others:
        owned.update(
            EntityOwnership.objects.filter(who, entity_urn__in=others).values_list(
                "entity_urn", flat=True
            )
        )
    return owned


def dataset_impact(
    *, dataset: Dataset, direction: str, max_hops: int, filters: ImpactFilters
) -> Impact:
    """Every dataset, task, chart and dashboard within ``max_hops`` of ``dataset`` in
    ``direction``, filtered, ordered by hops then name, with totals per hop and facets."""
    downstream = direction == "downstream"
    with gc_paused():  # ~10 small objects per reached dataset, all freed by reference counts
        reach = _reach(dataset, downstream, max_hops, filters.include_removed)
        rows = _dataset_rows(reach, dataset)
        if EntityLink.objects.exists():
            urns = _dataset_urns(list(reach.hops))
            for row in rows:
                row.urn = urns[int(row.key)]
            ends = {
                urns[pk]: (hops, None if pk == dataset.id else pk)
                for pk, (hops, _, _) in reach.hops.items()
            }
            rows += _entity_rows(ends, downstream, max_hops)
        by_key: dict[int | str, ImpactRow] = {r.key: r for r in rows}
        if filters.origin:
            rows = [r for r in rows if r.origin == filters.origin]
        if filters.owner:
            owned = _owned_by(rows, filters.owner)
            rows = [r for r in rows if r.key in owned]
        facets = {
            "type": Counter(r.type for r in rows if _platform_ok(r, filters)).most_common(),
            "platform": Counter(
                r.platform for r in rows if r.platform and _type_ok(r, filters)
            ).most_common(),
        }
        rows = [r for r in rows if _platform_ok(r, filters) and _type_ok(r, filters)]
        rows.sort(key=lambda r: (r.hops, r.name, str(r.key)))
        totals = sorted(Counter(r.hops for r in rows).items())
    return Impact(
        rows=rows,
        totals=totals,
        facets=facets,
        truncated=reach.truncated,
        by_key=by_key,
        root=dataset,
    )


def _platform_ok(row: ImpactRow, filters: ImpactFilters) -> bool:
    return not filters.platforms or row.platform in filters.platforms


def _type_ok(row: ImpactRow, filters: ImpactFilters) -> bool:
    return not filters.types or row.type in filters.types


def impact_details(result: Impact, rows: list[ImpactRow]) -> list[ImpactRow]:
    """Fill URN, modification time, owners, actor and path of ``rows`` (a page, or a chunk of
    an export), and the URNs along their paths."""
    paths = {row.key: _path_keys(result, row) for row in rows}
    wanted = {key for keys in paths.values() for key in keys if isinstance(key, int)}
    wanted.update(r.dataset_id for r in rows if r.dataset_id is not None)
    read = (
        Dataset.objects.filter(id__in=list(wanted))
        .order_by()
        .values_list("id", "urn", "modified_at")
    )
    for pk, urn, modified in read:
        row = result.by_key.get(pk)
        if row is not None:
            row.urn, row.last_modified = urn, modified
    edge_ids = [r.via for r in rows if isinstance(r.via, int)]
    actors = dict(LineageEdge.objects.filter(id__in=edge_ids).values_list("id", "actor"))
    owners: dict[str, list[dict[str, str]]] = {r.urn: [] for r in rows}
    dataset_urns = {r.dataset_id: r.urn for r in rows if r.dataset_id is not None}
    for ownership in Ownership.objects.filter(dataset_id__in=list(dataset_urns)).select_related(
        "user", "group"
    ):
        _owner_add(owners[dataset_urns[ownership.dataset_id]], ownership)
    for other in EntityOwnership.objects.filter(
        entity_urn__in=[r.urn for r in rows if r.dataset_id is None]
    ).select_related("user", "group"):
        _owner_add(owners[other.entity_urn], other)
    for row in rows:
        row.owners = owners[row.urn]
        row.actor = actors.get(row.via, "") if isinstance(row.via, int) else (row.via or "")
        if row.type != "dataset":
            row.actor = row.actor or row.urn
        row.path = [_step_of(result.by_key[key]) for key in paths[row.key]]
        row.path.insert(0, {"urn": result.root.urn, "name": result.root.name, "type": "dataset"})
    return rows


def _step_of(row: ImpactRow) -> dict[str, str]:
    return {"urn": row.urn, "name": row.name, "type": row.type}


def _path_keys(result: Impact, row: ImpactRow) -> list[int | str]:
    """The keys from the root's first hop down to ``row``."""
    keys: list[int | str] = []
    current: ImpactRow | None = row
    while current is not None:
        keys.append(current.key)
        current = result.by_key.get(current.parent) if current.parent is not None else None
    return keys[::-1]


def _owner_add(listed: list[dict[str, str]], ownership: Ownership | EntityOwnership) -> None:
    if ownership.user is not None:
        entry = {"name": ownership.user.username, "kind": "user"}
    elif ownership.group is not None:
        entry = {"name": ownership.group.name, "kind": "group"}
    else:
        return
    if entry not in listed:
        listed.append(entry)


def impact_rows_all(result: Impact) -> Iterator[ImpactRow]:
    """Every row with its details, read chunk by chunk (for a CSV export)."""
    for start in range(0, len(result.rows), 1000):
        yield from impact_details(result, result.rows[start : start + 1000])
