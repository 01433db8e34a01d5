"""The lineage edges a reader sees. Ingested and hand-made edges are separate rows (see
``LineageEdge``); every reader of the graph goes through ``edges_visible`` so that a pair is
drawn once, with the sources that state it, and a pair an editor removed is not drawn."""

from collections.abc import Iterable

from django.db.models import QuerySet

from catalog.models import LineageEdge, Source


def edges_visible(rows: QuerySet[LineageEdge] | Iterable[LineageEdge]) -> list[LineageEdge]:
    """One edge per (upstream, downstream) pair among ``rows``: the ingested row where there is
    one (it carries the column mappings), else the hand-made one, with ``sources`` set to the
    sources stating it. A pair with a hidden hand-made row is left out. ``rows`` must hold every
    row of each pair it holds (filter by an end, not by source)."""
    pairs: dict[tuple[int, int], list[LineageEdge]] = {}
    for row in rows:
        pairs.setdefault((row.upstream_id, row.downstream_id), []).append(row)
    kept = []
    for group in pairs.values():
        if any(row.hidden for row in group):
            continue
        group.sort(key=lambda row: row.source != Source.INGESTED)
        edge = group[0]
        edge.sources = [row.source for row in group]
        kept.append(edge)
    return kept
