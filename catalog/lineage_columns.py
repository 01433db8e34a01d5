"""Column-level lineage, read from the ``column_mappings`` of the edges a reader sees
(``edges_visible``: a pair once, hidden pairs left out). Lineage through pipeline tasks
(``entity_selectors.job_edges``) carries no column mappings and plays no part here.

Field paths are compared by their *simple* form: a DataHub v2 path
(``[version=2.0].[type=struct].address.[type=string].zip``) and its simple path
(``address.zip``) name the same column, as DataHub's UI compares them, because one source may
send v2 paths in its schema and another the simple ones in its lineage. Any other path is
compared exactly as stored. What a trace reports is the text as the mapping (or the caller)
wrote it.

A walk is breadth-first, one query per hop and direction however many columns it follows,
safe on cycles (a column is reached once per origin), and stops at ``MAX_COLUMN_NODES``
columns with ``truncated`` set.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from catalog.lineage_edges import edges_visible
from catalog.models import Dataset, LineageEdge, SchemaField
from core.errors import ApplicationError, NotFoundError

MAX_COLUMN_HOPS = 10
MAX_COLUMN_NODES = 500
DIRECTIONS = ("upstream", "downstream", "both")

_V2_PART = re.compile(r"\[[^\]]*\]\.?")


def simple_path(path: str) -> str:
    """``[version=2.0].[type=Rec].a.[type=string].b`` → ``a.b``; any other path unchanged."""
    if not path.startswith("[version=2.0]"):
        return path
    return _V2_PART.sub("", path).strip(".")


def _paths(mapping: Any, side: str) -> list[str]:
    values = mapping.get(side) if isinstance(mapping, dict) else None
    return [value for value in values or () if isinstance(value, str)]


def _transformation(mapping: dict[str, Any]) -> str:
    value = mapping.get("transformation")
    return value if isinstance(value, str) else ""


def field_edges(edges: Iterable[LineageEdge]) -> list[dict[str, str]]:
    """The column-level edges of ``edges`` (each with ``upstream`` and ``downstream`` loaded),
    one row per (upstream field, downstream field) pair a mapping states, without repeats."""
    rows: dict[tuple[str, str, str, str, str], None] = {}
    for edge in edges:
        for mapping in edge.column_mappings or ():
            for up in _paths(mapping, "upstreams"):
                for down in _paths(mapping, "downstreams"):
                    key = (edge.upstream.urn, up, edge.downstream.urn, down)
                    rows[(*key, _transformation(mapping))] = None
    return [
        {
            "upstream": up,
            "upstream_field": up_field,
            "downstream": down,
            "downstream_field": down_field,
            "transformation": transformation,
        }
        for up, up_field, down, down_field, transformation in rows
    ]


def column_readers(edges: Iterable[LineageEdge], fields: Iterable[str]) -> set[tuple[int, str]]:
    """The (downstream dataset id, simple field path) pairs that ``edges`` (visible edges out
    of one dataset) map from any of ``fields`` of their upstream: its direct column readers."""
    wanted = {simple_path(path) for path in fields}
    readers: set[tuple[int, str]] = set()
    for edge in edges:
        for mapping in edge.column_mappings or ():
            if any(simple_path(up) in wanted for up in _paths(mapping, "upstreams")):
                readers.update(
                    (edge.downstream_id, simple_path(down))
                    for down in _paths(mapping, "downstreams")
                )
    return readers


@dataclass
class ColumnNode:
    dataset: Dataset
    field_path: str
    hops: int  # negative = upstream
    transformation: str = ""  # of the mapping that reached it ("" for a root)


@dataclass
class _Walk:  # pylint: disable=too-many-instance-attributes
    """Columns reached from one or more origin columns of one dataset. ``seen`` is per origin
    (an origin is a root's simple path): a column reached for two origins is a reader of both."""

    limit: int = MAX_COLUMN_NODES
    nodes: dict[str, list[ColumnNode]] = field(default_factory=dict)
    seen: dict[str, set[tuple[int, str]]] = field(default_factory=dict)
    edges: dict[tuple[str, str, str, str], str] = field(default_factory=dict)
    truncated: bool = False
    count: int = 0

    def start(self, dataset: Dataset, paths: Sequence[str]) -> None:
        for path in paths:
            origin = simple_path(path)
            self.seen.setdefault(origin, {(dataset.id, origin)})
            self.nodes.setdefault(origin, [])

    def run(self, dataset: Dataset, *, downstream: bool, max_hops: int) -> None:
        near, far = ("upstream", "downstream") if downstream else ("downstream", "upstream")
        frontier = {dataset.id: {origin: {origin} for origin in self.seen}}
        for hop in range(1, max_hops + 1):
            if not frontier:
                return
            rows = LineageEdge.objects.filter(**{f"{near}_id__in": list(frontier)}).select_related(
                "upstream__platform", "downstream__platform"
            )
            next_frontier: dict[int, dict[str, set[str]]] = {}
            for edge in edges_visible(rows):
                wanted = frontier.get(getattr(edge, f"{near}_id"), {})
                for mapping in edge.column_mappings or ():
                    self._mapping(edge, mapping, wanted, (near, far, hop), next_frontier)
            frontier = next_frontier

    def _mapping(
        self,
        edge: LineageEdge,
        mapping: dict[str, Any],
        wanted: dict[str, set[str]],
        way: tuple[str, str, int],
        next_frontier: dict[int, dict[str, set[str]]],
    ) -> None:
        near, far, hop = way
        target: Dataset = getattr(edge, far)
        sign = 1 if far == "downstream" else -1
        transformation = _transformation(mapping)
        for near_path in _paths(mapping, f"{near}s"):
            origins = wanted.get(simple_path(near_path), ())
            for origin in origins:
                for far_path in _paths(mapping, f"{far}s"):
                    key = (target.id, simple_path(far_path))
                    if key not in self.seen[origin]:
                        if self.count >= self.limit:
                            self.truncated = True
                            continue
                        self.count += 1
                        self.seen[origin].add(key)
                        node = ColumnNode(target, far_path, sign * hop, transformation)
                        self.nodes[origin].append(node)
                        next_frontier.setdefault(target.id, {}).setdefault(key[1], set()).add(
                            origin
                        )
                    ends = (near_path, far_path) if near == "upstream" else (far_path, near_path)
                    row = (edge.upstream.urn, ends[0], edge.downstream.urn, ends[1])
                    self.edges.setdefault(row, transformation)

    def edge_rows(self) -> list[dict[str, str]]:
        return [
            {
                "upstream": up,
                "upstream_field": up_field,
                "downstream": down,
                "downstream_field": down_field,
                "transformation": transformation,
            }
            for (up, up_field, down, down_field), transformation in self.edges.items()
        ]


def _hops_check(max_hops: int) -> None:
    if not 1 <= max_hops <= MAX_COLUMN_HOPS:
        raise ApplicationError(
            f"max_hops must be between 1 and {MAX_COLUMN_HOPS}.",
            fields={"max_hops": ["out of range"]},
        )


@dataclass
class ColumnTrace:
    root: ColumnNode
    nodes: list[ColumnNode]  # the root first (hops 0)
    edges: list[dict[str, str]]
    truncated: bool


def column_trace(
    *, dataset: Dataset, field_path: str, direction: str = "both", max_hops: int = 3
) -> ColumnTrace:
    """The columns that ``field_path`` of ``dataset`` feeds (downstream) or is fed by
    (upstream), up to ``max_hops`` edges away. An unknown field is a 404; the field is found by
    its exact path, or by its simple path when the dataset stores DataHub v2 paths."""
    if direction not in DIRECTIONS:
        raise ApplicationError(
            "direction must be upstream, downstream or both.", fields={"direction": ["invalid"]}
        )
    _hops_check(max_hops)
    key = simple_path(field_path)
    stored = list(SchemaField.objects.filter(dataset=dataset).values_list("field_path", flat=True))
    if field_path not in stored and key not in {simple_path(path) for path in stored}:
        raise NotFoundError(f"{dataset.name} has no field {field_path!r}.")
    walk = _Walk(limit=MAX_COLUMN_NODES)
    walk.start(dataset, [field_path])
    root = ColumnNode(dataset, field_path, 0)
    # One origin, so both directions share its ``seen``: a column on a cycle is listed once,
    # on the side that reached it first (upstream, as in the dataset graph).
    if direction in ("upstream", "both"):
        walk.run(dataset, downstream=False, max_hops=max_hops)
    if direction in ("downstream", "both"):
        walk.run(dataset, downstream=True, max_hops=max_hops)
    return ColumnTrace(
        root=root, nodes=[root, *walk.nodes[key]], edges=walk.edge_rows(), truncated=walk.truncated
    )


def column_readers_traced(
    *, dataset: Dataset, field_paths: Sequence[str], max_hops: int
) -> tuple[dict[str, list[ColumnNode]], bool]:
    """For each of ``field_paths`` (which need not exist any more: a removed field's readers
    are still mapped), the columns downstream of it up to ``max_hops``; all of them traced in one
    walk (one query per hop). Keyed by the path as given; also returns whether it truncated."""
    _hops_check(max_hops)
    walk = _Walk(limit=MAX_COLUMN_NODES)
    walk.start(dataset, field_paths)
    if field_paths:
        walk.run(dataset, downstream=True, max_hops=max_hops)
    return {path: walk.nodes[simple_path(path)] for path in field_paths}, walk.truncated
