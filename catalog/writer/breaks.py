"""Schema breaks, flagged as the writer writes: a ``schema`` change that removes or retypes a
field some column downstream reads (a mapping of a visible edge names it) is recorded as a
``schema_break`` ChangeEvent of the same version, in the same transaction.

Only the direct column readers count here, read with one query for every flagged dataset of
the segment. The planner marks the plans whose schema write drops or retypes a field
(``Plan.fields_dropped_or_retyped``, from the rows it compares anyway), so a segment without
one costs no query and no snapshot comparison. The diff endpoint (``catalog.schema_diff``)
follows the readers further.
"""

from typing import Any, Sequence

from catalog.lineage_columns import column_readers
from catalog.lineage_edges import edges_visible
from catalog.models import LineageEdge
from catalog.schema_diff import SCHEMA, SCHEMA_BREAK, schema_compare
from catalog.writer.rules import Plan
from catalog.writer.state import chunks


def _candidates(plans: Sequence[Plan]) -> list[tuple[Plan, list[str], list[str]]]:
    found = []
    for plan in plans:
        if (
            not plan.fields_dropped_or_retyped
        ):  # the planner's word: most plans end here, for nothing
            continue
        for aspect, before, after in plan.events:
            if aspect != SCHEMA:
                continue
            _, removed, type_changed = schema_compare(before, after)
            if removed or type_changed:
                found.append(
                    (
                        plan,
                        [f["field_path"] for f in removed],
                        [f["field_path"] for f in type_changed],
                    )
                )
    return found


def schema_breaks_record(plans: Sequence[Plan]) -> None:
    """Append a ``schema_break`` event to each plan whose schema change breaks a reader:
    ``{"removed": [...], "type_changed": [...], "readers": n}``, listing the fields that have
    readers and counting the distinct (dataset, column) readers. The datasets' ids must be
    known and this segment's edges written (call it just before the events are inserted)."""
    candidates = _candidates(plans)
    if not candidates:
        return
    rows: list[LineageEdge] = []
    for chunk in chunks(sorted({plan.dataset.id for plan, _, _ in candidates})):
        rows += LineageEdge.objects.filter(upstream_id__in=chunk).only(
            "upstream_id", "downstream_id", "source", "hidden", "column_mappings"
        )
    out: dict[int, list[LineageEdge]] = {}
    for edge in edges_visible(rows):
        out.setdefault(edge.upstream_id, []).append(edge)
    for plan, removed, type_changed in candidates:
        edges = out.get(plan.dataset.id, [])
        if not edges:
            continue
        flagged: dict[str, Any] = {"removed": [], "type_changed": [], "readers": set()}
        for kind, paths in (("removed", removed), ("type_changed", type_changed)):
            for path in paths:
                readers = column_readers(edges, [path])
                if readers:
                    flagged[kind].append(path)
                    flagged["readers"] |= readers
        if flagged["readers"]:
            flagged["readers"] = len(flagged["readers"])
            plan.events.append((SCHEMA_BREAK, None, flagged))
