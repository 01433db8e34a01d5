"""The baselines: each query as a first implementation would write it, a recursive depth-first
walk with one ``LineageEdge.objects.filter(...)`` per node visited and the hop limit checked in
Python. A node reached again by a shorter path is walked again (a depth-first walk has to, to
get the hop counts right). Each builds the answer as a dict and encodes it to JSON, as the view
would, so serialising is inside the baseline's time too.

What they leave out of the contract, so their figures are lower bounds of a naive endpoint:
per-node neighbour counts and cursors (§1), owners beyond the page and data jobs, charts and
dashboards (§2; the generated graph has none).
"""

import json
import time
from typing import Any, Callable

# pylint: disable=import-outside-toplevel  # Django is set up by run.py before these are called


class NaiveTimeout(Exception):
    """The walk ran past its deadline."""


def _clock(deadline: float) -> Callable[[], None]:
    def check() -> None:
        if time.perf_counter() > deadline:
            raise NaiveTimeout

    return check


def _node(dataset, hops: int) -> dict[str, Any]:
    return {
        "urn": dataset.urn,
        "name": dataset.name,
        "platform": dataset.platform.name,
        "origin": dataset.origin,
        "status": dataset.status,
        "hops": hops,
    }


def lineage(urn: str, *, direction: str, depth: int, limit: int, deadline: float) -> int:
    """§1 without counts or cursors: up to ``limit`` neighbours per node and direction, to
    ``depth`` hops. Returns the number of nodes."""
    from catalog.models import Dataset, LineageEdge

    check = _clock(deadline)
    root = Dataset.objects.select_related("platform").get(urn=urn)
    nodes: dict[int, tuple[Any, int]] = {root.id: (root, 0)}
    edges: dict[int, Any] = {}

    def walk(dataset_id: int, hops: int, sign: int, best: dict[int, int]) -> None:
        check()
        if abs(hops) == depth:
            return
        near, far = ("upstream_id", "downstream") if sign > 0 else ("downstream_id", "upstream")
        found = LineageEdge.objects.filter(**{near: dataset_id}, hidden=False)
        # The first ``limit`` by the far end's id, as MDT draws them, so the answers match.
        for edge in found.select_related(f"{far}__platform").order_by(f"{far}_id")[:limit]:
            target = getattr(edge, far)
            edges[edge.id] = edge
            if target.id not in best or best[target.id] > abs(hops) + 1:
                best[target.id] = abs(hops) + 1
                if target.id not in nodes or abs(nodes[target.id][1]) > abs(hops) + 1:
                    nodes[target.id] = (target, hops + sign)
                walk(target.id, hops + sign, sign, best)

    if direction in ("upstream", "both"):
        walk(root.id, 0, -1, {root.id: 0})
    if direction in ("downstream", "both"):
        walk(root.id, 0, 1, {root.id: 0})
    answer = {
        "root": root.urn,
        "nodes": [_node(dataset, hops) for dataset, hops in nodes.values()],
        "edges": [
            {
                "upstream": nodes[e.upstream_id][0].urn,
                "downstream": nodes[e.downstream_id][0].urn,
                "type": e.type,
                "actor": e.actor,
                "created_at": e.created_at.isoformat(),
                "column_mappings": e.column_mappings,
            }
            for e in edges.values()
            if e.upstream_id in nodes and e.downstream_id in nodes
        ],
    }
    json.dumps(answer)
    return len(nodes)


def impact(urn: str, *, max_hops: int, limit: int, deadline: float) -> int:
    """§2 downstream: every dataset within ``max_hops`` (its fewest hops and one shortest path),
    live ones ordered by hops then name, totals per hop and platform, the first page with its
    owners. Returns the count."""
    from catalog.models import Dataset, DatasetStatus, LineageEdge, Ownership

    check = _clock(deadline)
    root = Dataset.objects.select_related("platform").get(urn=urn)
    best: dict[int, int] = {root.id: 0}
    reached: dict[int, tuple[Any, Any, int]] = {}  # id -> (dataset, edge, parent id)

    def walk(dataset_id: int, hops: int) -> None:
        check()
        if hops == max_hops:
            return
        found = LineageEdge.objects.filter(upstream_id=dataset_id, hidden=False)
        for edge in found.select_related("downstream__platform"):
            target = edge.downstream
            if target.id not in best or best[target.id] > hops + 1:
                best[target.id] = hops + 1
                reached[target.id] = (target, edge, dataset_id)
                walk(target.id, hops + 1)

    walk(root.id, 0)
    rows = sorted(
        (row for row in reached.values() if row[0].status != DatasetStatus.REMOVED),
        key=lambda row: (best[row[0].id], row[0].name),
    )
    totals: dict[int, int] = {}
    platforms: dict[str, int] = {}
    for dataset, _, _ in rows:
        totals[best[dataset.id]] = totals.get(best[dataset.id], 0) + 1
        platforms[dataset.platform.name] = platforms.get(dataset.platform.name, 0) + 1

    def path(dataset_id: int) -> list[dict[str, str]]:
        steps = []
        while dataset_id != root.id:
            dataset, _, dataset_id = reached[dataset_id]
            steps.append({"urn": dataset.urn, "name": dataset.name, "type": "dataset"})
        return [{"urn": root.urn, "name": root.name, "type": "dataset"}, *reversed(steps)]

    results = []
    for dataset, edge, _ in rows[:limit]:
        owners = Ownership.objects.filter(dataset=dataset).select_related("user", "group")
        results.append(
            {
                **_node(dataset, best[dataset.id]),
                "type": "dataset",
                "owners": [
                    {"name": o.user.username if o.user_id else o.group.name} for o in owners
                ],
                "actor": edge.actor,
                "last_modified": dataset.modified_at.isoformat(),
                "path": path(dataset.id),
            }
        )
    answer = {
        "count": len(rows),
        "totals": [{"hops": h, "count": n} for h, n in sorted(totals.items())],
        "facets": {"platform": [{"value": p, "count": n} for p, n in platforms.items()]},
        "results": results,
    }
    json.dumps(answer)
    return len(rows)


def column_trace(
    urn: str, field_path: str, *, direction: str, max_hops: int, deadline: float
) -> int:
    """§3: the fields that ``field_path`` feeds or is fed by, to ``max_hops``, from the edges'
    column mappings, one query per (dataset, field) visited. Returns the number of nodes."""
    from catalog.models import Dataset, LineageEdge, SchemaField

    check = _clock(deadline)
    root = Dataset.objects.select_related("platform").get(urn=urn)
    SchemaField.objects.get(dataset=root, field_path=field_path)
    nodes: dict[tuple[int, str], tuple[Any, int]] = {(root.id, field_path): (root, 0)}
    edges: set[tuple[int, str, int, str, str]] = set()

    def walk(dataset_id: int, field: str, hops: int, sign: int, best: dict) -> None:
        check()
        if abs(hops) == max_hops:
            return
        near, far = ("upstream_id", "downstream") if sign > 0 else ("downstream_id", "upstream")
        mine, theirs = ("upstreams", "downstreams") if sign > 0 else ("downstreams", "upstreams")
        found = LineageEdge.objects.filter(**{near: dataset_id}, hidden=False)
        for edge in found.select_related(f"{far}__platform"):
            target = getattr(edge, far)
            for mapping in edge.column_mappings:
                if field not in mapping[mine]:
                    continue
                for other in mapping[theirs]:
                    ends = (
                        (dataset_id, field, target.id, other)
                        if sign > 0
                        else (target.id, other, dataset_id, field)
                    )
                    edges.add((*ends, mapping.get("transformation", "")))
                    key = (target.id, other)
                    if key not in best or best[key] > abs(hops) + 1:
                        best[key] = abs(hops) + 1
                        if key not in nodes or abs(nodes[key][1]) > abs(hops) + 1:
                            nodes[key] = (target, hops + sign)
                        walk(target.id, other, hops + sign, sign, best)

    start = (root.id, field_path)
    if direction in ("upstream", "both"):
        walk(root.id, field_path, 0, -1, {start: 0})
    if direction in ("downstream", "both"):
        walk(root.id, field_path, 0, 1, {start: 0})
    urns = {dataset.id: dataset.urn for dataset, _ in nodes.values()}
    answer = {
        "root": {"urn": root.urn, "field_path": field_path},
        "nodes": [
            {**_node(dataset, hops), "field_path": key[1]} for key, (dataset, hops) in nodes.items()
        ],
        "edges": [
            {
                "upstream": urns[up],
                "upstream_field": up_field,
                "downstream": urns[down],
                "downstream_field": down_field,
                "transformation": transformation,
            }
            for up, up_field, down, down_field, transformation in edges
        ],
    }
    json.dumps(answer)
    return len(nodes)
