"""What a schema change did, read from the history: the schema at a dataset version is the
``after`` of the latest ``schema`` ChangeEvent at or below that version (none before the
first). A diff lists the added, removed and retyped fields (the type or the native type
changed) and, for the removed and retyped ones, the columns that read them downstream
(``READER_HOPS`` edges deep, over today's lineage: a removed field's mappings are still there
to follow) and the direct downstreams whose edge maps no columns, which may read them too.

The writer flags a break as it writes (``catalog.writer.breaks``) with ``schema_compare`` and
the direct column readers only, one query for a whole batch; ``schema_break_current`` reads
that flag back for the dataset page.
"""

from typing import Any

from django.db.models import QuerySet

from catalog.lineage_columns import ColumnNode, column_readers_traced
from catalog.lineage_edges import edges_visible
from catalog.models import ChangeEvent, Dataset, LineageEdge
from core.errors import ApplicationError, NotFoundError

READER_HOPS = 3
SCHEMA = "schema"
SCHEMA_BREAK = "schema_break"


def _by_path(fields: Any) -> dict[str, dict[str, Any]]:
    return {
        f["field_path"]: f
        for f in fields or ()
        if isinstance(f, dict) and isinstance(f.get("field_path"), str)
    }


def schema_compare(before: Any, after: Any) -> tuple[list[dict], list[dict], list[dict]]:
    """(added, removed, type_changed) between two ``schema`` snapshots, in schema order."""
    old, new = _by_path(before), _by_path(after)
    added = [
        {"field_path": p, "type": f.get("type", ""), "native_type": f.get("native_type", "")}
        for p, f in new.items()
        if p not in old
    ]
    removed = [
        {"field_path": p, "type": f.get("type", ""), "native_type": f.get("native_type", "")}
        for p, f in old.items()
        if p not in new
    ]
    type_changed = [
        {
            "field_path": p,
            "from_type": old[p].get("type", ""),
            "to_type": f.get("type", ""),
            "from_native_type": old[p].get("native_type", ""),
            "to_native_type": f.get("native_type", ""),
        }
        for p, f in new.items()
        if p in old
        and (old[p].get("type"), old[p].get("native_type")) != (f.get("type"), f.get("native_type"))
    ]
    return added, removed, type_changed


def _schema_events(dataset: Dataset) -> QuerySet[ChangeEvent]:
    return ChangeEvent.objects.filter(dataset=dataset, aspect=SCHEMA).order_by("-version", "-id")


def _schema_at(dataset: Dataset, version: int) -> Any:
    event = _schema_events(dataset).filter(version__lte=version).only("after").first()
    return event.after if event else []


def _versions(
    dataset: Dataset, from_version: int | None, to_version: int | None
) -> tuple[int, int, ChangeEvent]:
    """The versions to compare and the latest schema change between them (its time and actor
    are the diff's). Default: the latest schema change against the version before it; ``to``
    alone: the latest change at or below it; ``from`` alone: up to the current version."""
    current = dataset.version
    for name, value in (("from", from_version), ("to", to_version)):
        if value is not None and not 0 <= value <= current:
            raise ApplicationError(
                f"{name} must be a version of this dataset, between 0 and {current}.",
                fields={name: ["unknown version"]},
            )
    if from_version is not None and to_version is not None and from_version >= to_version:
        raise ApplicationError(
            "from must be an older version than to.", fields={"from": ["not before to"]}
        )
    upto = current if to_version is None else to_version
    events = _schema_events(dataset).filter(version__lte=upto)
    if from_version is not None:
        events = events.filter(version__gt=from_version)
    change = events.first()
    if change is None:
        if from_version is None and to_version is None:
            raise NotFoundError(f"{dataset.name} has no schema history.")
        raise NotFoundError(f"{dataset.name}'s schema did not change in these versions.")
    if from_version is None:
        return change.version - 1, change.version if to_version is None else to_version, change
    return from_version, upto, change


def _reader(node: ColumnNode) -> dict[str, Any]:
    return {
        "urn": node.dataset.urn,
        "name": node.dataset.name,
        "platform": node.dataset.platform.name,
        "field_path": node.field_path,
        "hops": node.hops,
        "transformation": node.transformation,
    }


def _reader_order(node: ColumnNode) -> tuple[int, str, str]:
    return (node.hops, node.dataset.urn, node.field_path)


def _unmapped_readers(dataset: Dataset) -> list[dict[str, str]]:
    rows = LineageEdge.objects.filter(upstream=dataset).select_related("downstream__platform")
    return sorted(
        (
            {
                "urn": e.downstream.urn,
                "name": e.downstream.name,
                "platform": e.downstream.platform.name,
            }
            for e in edges_visible(rows)
            if not e.column_mappings
        ),
        key=lambda row: row["urn"],
    )


def _blast_radius(readers: list[ColumnNode]) -> dict[str, Any]:
    datasets: dict[int, dict[str, Any]] = {}
    for node in readers:
        known = datasets.get(node.dataset.id)
        if known is None or node.hops < known["hops"]:
            datasets[node.dataset.id] = {
                "urn": node.dataset.urn,
                "name": node.dataset.name,
                "platform": node.dataset.platform.name,
                "hops": node.hops,
            }
    columns = {(node.dataset.id, node.field_path) for node in readers}
    return {
        "datasets": sorted(datasets.values(), key=lambda row: (row["hops"], row["urn"])),
        "columns": len(columns),
    }


def schema_diff(
    *, dataset: Dataset, from_version: int | None = None, to_version: int | None = None
) -> dict[str, Any]:
    """The schema change between two versions (contract §4) with its blast radius. A bad
    version is a 400; no schema change in the range (or no schema history) a 404."""
    from_version, to_version, change = _versions(dataset, from_version, to_version)
    added, removed, type_changed = schema_compare(_schema_at(dataset, from_version), change.after)
    broken = [f["field_path"] for f in removed + type_changed]
    traced, _ = column_readers_traced(dataset=dataset, field_paths=broken, max_hops=READER_HOPS)
    for entry in removed + type_changed:
        nodes = sorted(traced[entry["field_path"]], key=_reader_order)
        entry["readers"] = [_reader(node) for node in nodes]
    return {
        "from_version": from_version,
        "to_version": to_version,
        "changed_at": change.created_at,
        "actor": change.actor,
        "added": added,
        "removed": removed,
        "type_changed": type_changed,
        "blast_radius": _blast_radius([node for nodes in traced.values() for node in nodes]),
        "unmapped_readers": _unmapped_readers(dataset) if broken else [],
    }


def schema_break_current(*, dataset: Dataset) -> dict[str, Any] | None:
    """The latest ``schema_break`` event, as long as no later schema change went without one
    (the writer records it with the same version as the ``schema`` event it flags)."""
    rows = list(
        ChangeEvent.objects.filter(dataset=dataset, aspect__in=(SCHEMA, SCHEMA_BREAK))
        .order_by("-version", "-id")
        .only("aspect", "version", "created_at", "after")[:2]
    )
    flagged = [r for r in rows if r.version == rows[0].version and r.aspect == SCHEMA_BREAK]
    if not flagged:
        return None
    after = flagged[0].after or {}
    return {
        "version": flagged[0].version,
        "changed_at": flagged[0].created_at,
        "fields": list(after.get("removed", [])) + list(after.get("type_changed", [])),
        "readers": after.get("readers", 0),
    }
