"""Lineage edited by hand. People's edges are rows of their own (``source`` editable), which
ingestion never replaces or removes; removing an ingested edge leaves a hidden hand-made row,
so the next run that states the edge again does not bring it back on screen."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from catalog.models import Dataset, LineageEdge, Source
from catalog.services import _ChangeSet, _dataset_lock
from core.errors import ApplicationError


def _editable_snapshot(dataset: Dataset) -> list[dict[str, Any]]:
    rows = LineageEdge.objects.filter(downstream=dataset, source=Source.EDITABLE).values_list(
        "upstream__urn", "type", "hidden"
    )
    return sorted(({"urn": u, "type": t, "hidden": h} for u, t, h in rows), key=lambda r: r["urn"])


def _upstreams_resolve(dataset: Dataset, urns: list[str], key: str) -> dict[str, Dataset]:
    found = {d.urn: d for d in Dataset.objects.filter(urn__in=urns)}
    errors = [f"no dataset with URN {urn!r}" for urn in urns if urn not in found]
    errors += [f"{urn!r} is this dataset" for urn in urns if urn == dataset.urn]
    if errors:
        raise ApplicationError("; ".join(errors).capitalize() + ".", fields={key: errors})
    return found


@transaction.atomic
def dataset_upstreams_edit(  # pylint: disable=too-many-arguments
    *,
    urn: str,
    add: Sequence[tuple[str, str]],
    remove: Sequence[str],
    actor: str,
    expected_version: int | None = None,
) -> Dataset:
    """Add upstreams by hand (``add``: (URN, type) pairs) and remove upstreams, whoever stated
    them: a hand-made edge is deleted, an ingested one hidden. All or nothing."""
    dataset = _dataset_lock(urn, expected_version)
    both = {u for u, _ in add} & set(remove)
    if both:
        raise ApplicationError(
            "An upstream cannot be added and removed at once.",
            fields={"remove": [f"{u!r} is also in add" for u in sorted(both)]},
        )
    added = _upstreams_resolve(dataset, [u for u, _ in add], "add")
    removed = _upstreams_resolve(dataset, list(remove), "remove")
    changes = _ChangeSet(dataset, actor)
    before = _editable_snapshot(dataset)
    now = timezone.now()
    for upstream_urn, type_ in add:
        LineageEdge.objects.update_or_create(
            upstream=added[upstream_urn],
            downstream=dataset,
            source=Source.EDITABLE,
            defaults={"type": type_, "hidden": False, "actor": actor},
            create_defaults={"type": type_, "hidden": False, "actor": actor, "created_at": now},
        )
    for upstream_urn in remove:
        _upstream_remove(dataset, removed[upstream_urn], actor, now)
    changes.record("editable_upstreams", before, _editable_snapshot(dataset))
    changes.commit()
    return dataset


def _upstream_remove(dataset: Dataset, upstream: Dataset, actor: str, now: datetime) -> None:
    rows = {
        row.source: row for row in LineageEdge.objects.filter(upstream=upstream, downstream=dataset)
    }
    mine = rows.get(Source.EDITABLE)
    if Source.INGESTED in rows:
        if mine is None:
            LineageEdge.objects.create(
                upstream=upstream,
                downstream=dataset,
                source=Source.EDITABLE,
                type=rows[Source.INGESTED].type,
                hidden=True,
                actor=actor,
                created_at=now,
            )
        elif not mine.hidden:
            mine.hidden, mine.actor = True, actor
            mine.save(update_fields=["hidden", "actor"])
    elif mine is not None and not mine.hidden:
        mine.delete()
    else:
        raise ApplicationError(
            f"{upstream.urn!r} is not an upstream of this dataset.",
            fields={"remove": [f"{upstream.urn!r} is not an upstream"]},
        )
