"""The lineage graph around a dataset, paged per node.

A node drawn on screen is useful only with its "has more": each node carries how many
neighbours it has in each direction and how many of them the response leaves out, with a
cursor to fetch the rest. The walk is breadth-first, one round of queries per hop and
direction whatever the fan-out: the neighbours of the whole frontier are read as id pairs
(cheap even for a hub with thousands of readers), cut to ``limit`` per node in Python, and only
the edges and datasets that will be drawn are then loaded whole.
"""

import base64
import binascii
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count

from catalog import entity_selectors
from catalog.entity_models import EntityLink, EntityType
from catalog.models import Dataset, LineageEdge, SchemaField, Source
from core.errors import ApplicationError

MAX_DEPTH = 10
MAX_NODES = 1000
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_FIELDS = 300
DIRECTIONS = ("upstream", "downstream")


@dataclass
class Adjacency:
    """Visible neighbours of some datasets in one direction: ``node -> [(other, edge id or
    None for an edge through a task)]`` ordered by the other end's id, the stored edges'
    sources by edge id, and the edges through tasks by their ends."""

    neighbours: dict[int, list[tuple[int, int | None]]] = field(default_factory=dict)
    sources: dict[int, list[str]] = field(default_factory=dict)
    job_edges: dict[tuple[int, int], LineageEdge] = field(default_factory=dict)


def _ends(downstream: bool) -> tuple[str, str]:
    """(the column naming the near end, the one naming the far end) walking ``downstream``."""
    return ("upstream_id", "downstream_id") if downstream else ("downstream_id", "upstream_id")


def _rows_first(ids: list[int], near: str, far: str, per_node: int) -> list[tuple]:
    """The first ``per_node`` edge rows of each of ``ids`` by their far end, read through the
    (near, far) index: a hub's thousands of readers are not read to draw fifty. PostgreSQL
    takes one index range per node (LATERAL … LIMIT); elsewhere a window function numbers
    them (SQLite catalogs are small)."""
    table = connection.ops.quote_name(LineageEdge._meta.db_table)
    columns = f"id, {near}, {far}, source, hidden"
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT e.id, e.{near}, e.{far}, e.source, e.hidden "
            "FROM unnest(%s::bigint[]) AS f(node) "
            f"CROSS JOIN LATERAL (SELECT {columns} FROM {table} WHERE {near} = f.node "
            f"ORDER BY {far}, source LIMIT %s) AS e"
        )
        params: list = [list(ids), per_node]
    else:
        marks = ", ".join(["%s"] * len(ids))
        sql = (
            f"SELECT {columns} FROM (SELECT {columns}, ROW_NUMBER() OVER (PARTITION BY {near} "
            f"ORDER BY {far}, source) AS rank FROM {table} WHERE {near} IN ({marks})) "
            "WHERE rank <= %s"
        )
        params = [*ids, per_node]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _visible(rows: list[tuple], adjacency: Adjacency) -> None:
    """Group (id, near, far, source, hidden) rows by pair, as ``edges_visible`` does."""
    pairs: dict[tuple[int, int], list[tuple[int, str, bool]]] = defaultdict(list)
    for edge_id, a, b, source, hidden in rows:
        pairs[(a, b)].append((edge_id, source, hidden))
    for (a, b), group in pairs.items():
        if any(hidden for _, _, hidden in group):
            continue
        group.sort(key=lambda row: row[1] != Source.INGESTED)
        adjacency.neighbours.setdefault(a, []).append((b, group[0][0]))
        adjacency.sources[group[0][0]] = [source for _, source, _ in group]
    for listed in adjacency.neighbours.values():
        listed.sort()


def stored_neighbours(
    ids: list[int], *, downstream: bool, first: int | None = None, counts: dict[int, int]
) -> Adjacency:
    """The visible stored edges of ``ids`` in one direction as id pairs (the rule of
    ``lineage_edges.edges_visible`` applied without loading the rows): all of them, or the
    ``first`` of each node by the far end's id. ``counts`` (from ``degrees``) tells which
    nodes the cut left short (a pair may take two rows, a hidden pair takes rows too)."""
    near, far = _ends(downstream)
    adjacency = Adjacency()
    if first is None:
        rows = list(
            LineageEdge.objects.filter(**{f"{near}__in": ids})
            .order_by()
            .values_list("id", near, far, "source", "hidden")
        )
        _visible(rows, adjacency)
        return adjacency
    per_node = 2 * first
    rows = _rows_first(ids, near, far, per_node)
    taken = Counter(row[1] for row in rows)
    _visible(rows, adjacency)
    short = [
        node
        for node in ids
        if taken[node] == per_node
        and len(adjacency.neighbours.get(node, [])) < min(first, counts.get(node, 0))
    ]
    if short:  # rare: many hidden or doubly stated pairs among a node's first rows
        again = stored_neighbours(short, downstream=downstream, counts=counts)
        adjacency.neighbours.update(again.neighbours)
        adjacency.sources.update(again.sources)
    return adjacency


def neighbours(
    datasets: list[Dataset], *, downstream: bool, first: int, counts: dict[int, int], tasks: bool
) -> Adjacency:
    """The first stored edges of ``datasets`` and, where ``tasks`` link any datasets, the
    edges through tasks (a task reading one dataset and writing another); a pair both state
    is one neighbour, its stored edge."""
    adjacency = stored_neighbours(
        [d.id for d in datasets], downstream=downstream, first=first, counts=counts
    )
    if not tasks:
        return adjacency
    for edge in entity_selectors.job_edges(datasets, downstream=downstream):
        a, b = (
            (edge.upstream_id, edge.downstream_id)
            if downstream
            else (edge.downstream_id, edge.upstream_id)
        )
        listed = adjacency.neighbours.setdefault(a, [])
        if all(other != b for other, _ in listed):
            listed.append((b, None))
            listed.sort(key=lambda pair: pair[0])
        adjacency.job_edges.setdefault((edge.upstream_id, edge.downstream_id), edge)
    return adjacency


def tasks_link_datasets() -> bool:
    """Whether any task reads or writes a dataset: the walks skip the task queries if not."""
    return EntityLink.objects.filter(source_type=EntityType.DATA_JOB).exists()


def degrees(datasets: list[Dataset], *, downstream: bool, tasks: bool) -> dict[int, int]:
    """How many visible neighbours each of ``datasets`` has in one direction, counted by the
    database from the (near, far) index (a hub's readers are not read row by row); pairs an
    editor hid are found through a partial index of hidden rows and taken off."""
    near, far = _ends(downstream)
    ids = [d.id for d in datasets]
    counts: dict[int, int] = dict(
        LineageEdge.objects.filter(**{f"{near}__in": ids})
        .order_by()
        .values_list(near)
        .annotate(n=Count(far, distinct=True))
        .values_list(near, "n")
    )
    hidden = set(
        LineageEdge.objects.filter(**{f"{near}__in": ids}, hidden=True)
        .order_by()
        .values_list(near, far)
    )
    for a, _ in hidden:
        counts[a] -= 1
    job_edges = entity_selectors.job_edges(datasets, downstream=downstream) if tasks else []
    if job_edges:  # a task linking a pair no stored edge shows adds a neighbour
        stored = (
            set(LineageEdge.objects.filter(**{f"{near}__in": ids}).values_list(near, far)) - hidden
        )
        extra = {
            (e.upstream_id, e.downstream_id) if downstream else (e.downstream_id, e.upstream_id)
            for e in job_edges
        }
        for a, _ in extra - stored:
            counts[a] = counts.get(a, 0) + 1
    return counts


# --- cursors ------------------------------------------------------------------------------


def cursor_encode(urn: str, direction: str, offset: int) -> str:
    raw = json.dumps({"u": urn, "d": direction, "o": offset}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def cursor_decode(cursor: str) -> tuple[str, str, int]:
    """(dataset URN, direction, offset) from a cursor; a 400 for anything else."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        urn, direction, offset = data["u"], data["d"], data["o"]
    except (binascii.Error, ValueError, TypeError, KeyError) as exc:
        raise ApplicationError(
            "cursor is not one this API gave out.", fields={"cursor": ["invalid"]}
        ) from exc
    if (
        not isinstance(urn, str)
        or direction not in DIRECTIONS
        or not isinstance(offset, int)
        or offset < 0
    ):
        raise ApplicationError(
            "cursor is not one this API gave out.", fields={"cursor": ["invalid"]}
        )
    return urn, direction, offset


# --- the graph ----------------------------------------------------------------------------


@dataclass
class GraphNode:  # pylint: disable=too-many-instance-attributes
    dataset: Dataset
    hops: int
    counts: dict[str, int] = field(default_factory=dict)
    hidden: dict[str, int] = field(default_factory=dict)
    cursors: dict[str, str | None] = field(default_factory=dict)
    fields: list[dict[str, Any]] | None = None
    # How many neighbours in each direction were offered before this response's (a cursor's
    # offset), and how many this walk drew from the node itself.
    offset: dict[str, int] = field(default_factory=dict)


@dataclass
class Graph:
    root: Dataset
    nodes: list[GraphNode]
    edges: list[LineageEdge]
    truncated: bool


@dataclass
class _Walk:  # pylint: disable=too-many-instance-attributes
    limit: int
    hops: dict[int, int] = field(default_factory=dict)
    datasets: dict[int, Dataset] = field(default_factory=dict)
    counts: dict[tuple[int, str], int] = field(default_factory=dict)
    offered: dict[tuple[int, str], int] = field(default_factory=dict)
    edge_ids: set[int] = field(default_factory=set)
    job_edges: dict[tuple[int, int], LineageEdge] = field(default_factory=dict)
    sources: dict[int, list[str]] = field(default_factory=dict)
    truncated: bool = False
    tasks: bool = False

    def expand(self, frontier: list[int], direction: str, hop: int, offset: int = 0) -> list[int]:
        """Draw up to ``limit`` neighbours of each frontier node (from ``offset``); the new
        nodes, the next frontier."""
        downstream = direction == "downstream"
        datasets = [self.datasets[i] for i in frontier]
        counts = degrees(datasets, downstream=downstream, tasks=self.tasks)
        adjacency = neighbours(
            datasets,
            downstream=downstream,
            first=offset + self.limit,
            counts=counts,
            tasks=self.tasks,
        )
        self.sources.update(adjacency.sources)
        self.job_edges.update(adjacency.job_edges)
        sign = 1 if downstream else -1
        reached: list[int] = []
        for node in frontier:
            listed = adjacency.neighbours.get(node, [])
            self.counts[(node, direction)] = counts.get(node, 0)
            self.offered[(node, direction)] = offset
            for other, edge_id in listed[offset : offset + self.limit]:
                if other not in self.hops:
                    if len(self.hops) >= MAX_NODES:
                        self.truncated = True
                        continue
                    self.hops[other] = sign * hop
                    reached.append(other)
                if edge_id is not None:
                    self.edge_ids.add(edge_id)
        if reached:
            for dataset in Dataset.objects.filter(id__in=reached).select_related("platform"):
                self.datasets[dataset.id] = dataset
        return reached


def _check(direction: str, depth: int, limit: int) -> None:
    if direction not in ("upstream", "downstream", "both"):
        raise ApplicationError(
            "direction must be upstream, downstream or both.", fields={"direction": ["invalid"]}
        )
    if not 1 <= depth <= MAX_DEPTH:
        raise ApplicationError(
            f"depth must be between 1 and {MAX_DEPTH}.", fields={"depth": ["out of range"]}
        )
    if not 1 <= limit <= MAX_LIMIT:
        raise ApplicationError(
            f"limit must be between 1 and {MAX_LIMIT}.", fields={"limit": ["out of range"]}
        )


def lineage_graph(  # pylint: disable=too-many-arguments
    *,
    dataset: Dataset,
    direction: str = "both",
    depth: int = 1,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
    columns: bool = False,
) -> Graph:
    """The datasets within ``depth`` hops of ``dataset``, at most ``limit`` neighbours drawn
    per node and direction (the root's from ``offset``, which a cursor carries), every node
    with its neighbour counts and what is left out."""
    _check(direction, depth, limit)
    walk = _Walk(
        limit=limit,
        hops={dataset.id: 0},
        datasets={dataset.id: dataset},
        tasks=tasks_link_datasets(),
    )
    for way in DIRECTIONS:
        if direction not in (way, "both"):
            continue
        frontier = [dataset.id]
        for hop in range(1, depth + 1):
            if not frontier:
                break
            frontier = walk.expand(frontier, way, hop, offset if hop == 1 else 0)
    return _graph(walk, dataset, columns)


def _graph(walk: _Walk, root: Dataset, columns: bool) -> Graph:
    # Both ends are datasets the walk has loaded already: they are attached, not joined again.
    edges = []
    for edge in LineageEdge.objects.filter(id__in=walk.edge_ids).order_by():
        if edge.upstream_id in walk.datasets and edge.downstream_id in walk.datasets:
            edge.upstream = walk.datasets[edge.upstream_id]
            edge.downstream = walk.datasets[edge.downstream_id]
            edge.sources = walk.sources.get(edge.id, [edge.source])
            edges.append(edge)
    for edge in walk.job_edges.values():
        edge.sources = [Source.INGESTED]
        if edge.upstream_id in walk.hops and edge.downstream_id in walk.hops:
            edges.append(edge)
    edges = entity_selectors.job_edges_merged(
        [e for e in edges if e.upstream_id in walk.hops and e.downstream_id in walk.hops]
    )
    drawn: dict[tuple[int, str], set[int]] = defaultdict(set)
    for edge in edges:
        drawn[(edge.upstream_id, "downstream")].add(edge.downstream_id)
        drawn[(edge.downstream_id, "upstream")].add(edge.upstream_id)
    for way in DIRECTIONS:
        missing = [d for i, d in walk.datasets.items() if (i, way) not in walk.counts]
        if missing:
            counted = degrees(missing, downstream=way == "downstream", tasks=walk.tasks)
            for pk, count in counted.items():
                walk.counts[(pk, way)] = count
    nodes = []
    for node_id, hops in walk.hops.items():
        node = GraphNode(dataset=walk.datasets[node_id], hops=hops)
        for way in DIRECTIONS:
            count = walk.counts.get((node_id, way), 0)
            offered = walk.offered.get((node_id, way), 0)
            shown = len(drawn[(node_id, way)])
            node.counts[way] = count
            node.hidden[way] = max(count - offered - shown, 0)
            expanded = (node_id, way) in walk.offered
            node.cursors[way] = (
                cursor_encode(node.dataset.urn, way, offered + walk.limit if expanded else 0)
                if node.hidden[way]
                else None
            )
        nodes.append(node)
    if columns:
        _fields_attach(nodes)
    return Graph(root=root, nodes=nodes, edges=edges, truncated=walk.truncated)


def _fields_attach(nodes: list[GraphNode]) -> None:
    """Each node's first ``MAX_FIELDS`` fields, for the explorer's column mode."""
    by_id = {node.dataset.id: node for node in nodes}
    for node in nodes:
        node.fields = []
    rows = (
        SchemaField.objects.filter(dataset_id__in=list(by_id))
        .order_by("dataset_id", "ordinal", "id")
        .values_list("dataset_id", "field_path", "type", "native_type")
    )
    for dataset_id, path, type_, native in rows:
        listed = by_id[dataset_id].fields
        if listed is not None and len(listed) < MAX_FIELDS:
            listed.append({"field_path": path, "type": type_, "native_type": native})


def dataset_upstreams(*, dataset: Dataset) -> list[dict[str, Any]]:
    """Every upstream of ``dataset`` with who states it, hidden ones included (the editor's
    view: what ingestion says and what people changed)."""
    pairs: dict[int, list[LineageEdge]] = {}
    for row in LineageEdge.objects.filter(downstream=dataset).select_related("upstream__platform"):
        pairs.setdefault(row.upstream_id, []).append(row)
    listed = []
    for group in pairs.values():
        group.sort(key=lambda row: row.source != Source.INGESTED)
        upstream = group[0].upstream
        listed.append(
            {
                "urn": upstream.urn,
                "name": upstream.name,
                "platform": upstream.platform.name,
                "type": group[0].type,
                "sources": [row.source for row in group if not row.hidden],
                "hidden": any(row.hidden for row in group),
            }
        )
    return sorted(listed, key=lambda row: row["urn"])
