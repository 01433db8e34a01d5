"""One batch of ingested datasets, upserted in one transaction: a bad item is reported with
its index and reason, the others are kept.

The work is done in bulk (``catalog.ingestion.bulk``: a few queries per batch rather than ~20
per dataset) with the rules of ``services.dataset_upsert``, which stays the single-item path and
the fallback: a segment whose bulk write meets a concurrent insert is replayed item by item.
"""

import gc
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator, Sequence

from django.db import IntegrityError, connection, transaction

from catalog import services
from catalog.ingestion import bulk
from catalog.models import DataPlatform, Dataset, Domain
from catalog.signals import datasets_changed
from catalog.services import UNSET, FieldSpec, OwnerSpec, UpstreamSpec
from core.errors import ApplicationError


@dataclass
class IngestItem:
    """A dataset as a source describes it. Aspects left UNSET are not touched."""

    urn: str
    description: Any = UNSET
    qualified_name: Any = UNSET
    custom_properties: Any = UNSET
    browse_path: Any = UNSET
    schema: Sequence[FieldSpec] | Any = UNSET
    owners: Sequence[OwnerSpec] | Any = UNSET
    tags: Sequence[str] | Any = UNSET
    glossary_terms: Sequence[str] | Any = UNSET
    upstreams: Sequence[UpstreamSpec] | Any = UNSET
    domain: Any = UNSET
    removed: Any = UNSET


@dataclass
class ItemError:
    index: int
    urn: str
    code: str
    message: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ItemError] = field(default_factory=list)
    urns: list[str] = field(default_factory=list)  # the items written, in order

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": len(self.errors),
            "errors": [error.__dict__ for error in self.errors],
        }


class _GcPause:  # pylint: disable=too-few-public-methods
    lock = threading.Lock()
    depth = 0
    was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold Python's cyclic garbage collector while a batch is processed.

    A batch allocates ~1M small objects (request JSON, field rows, snapshots) that reference
    counting frees; the collector only rescans them, again and again as the young generations
    fill up, and that measured half the CPU time of a bulk request. Whatever a batch leaves in
    cycles is collected after it. Nested and concurrent pauses share one counter: the collector
    comes back when the last one ends, and only if it was on before the first."""
    with _GcPause.lock:
        if _GcPause.depth == 0:
            _GcPause.was_enabled = gc.isenabled()
            gc.disable()
        _GcPause.depth += 1
    try:
        yield
    finally:
        with _GcPause.lock:
            _GcPause.depth -= 1
            if _GcPause.depth == 0 and _GcPause.was_enabled:
                gc.enable()


def _segments(items: Sequence[IngestItem]) -> list[list[tuple[int, IngestItem]]]:
    """Contiguous runs of items with distinct URNs: a repeated URN starts a new run, so it sees
    the earlier occurrence's writes, as a loop would."""
    segments: list[list[tuple[int, IngestItem]]] = [[]]
    seen: set[str] = set()
    for index, item in enumerate(items):
        key = str(item.urn)
        if key in seen:
            segments.append([])
            seen = set()
        seen.add(key)
        segments[-1].append((index, item))
    return [segment for segment in segments if segment]


def _merge(result: BatchResult, part: BatchResult) -> None:
    result.created += part.created
    result.updated += part.updated
    result.unchanged += part.unchanged
    result.errors.extend(part.errors)
    result.urns.extend(part.urns)


def _one_by_one(entries: Sequence[tuple[int, IngestItem]], actor: str) -> BatchResult:
    result = BatchResult()
    for index, item in entries:
        try:
            with transaction.atomic():  # a savepoint: a failing item leaves no trace
                upsert = services.dataset_upsert(actor=actor, **item.__dict__)
        except ApplicationError as exc:
            result.errors.append(
                ItemError(
                    index=index, urn=item.urn, code=exc.code, message=exc.message, fields=exc.fields
                )
            )
            continue
        setattr(result, upsert.outcome, getattr(result, upsert.outcome) + 1)
        result.urns.append(upsert.dataset.urn)
    return result


def ingest_batch(items: Sequence[IngestItem], *, actor: str) -> BatchResult:
    """Upsert ``items`` as ``dataset_upsert`` would one by one, in bulk. ``datasets_changed`` is
    sent once, after the commit, for every dataset the batch wrote, marked ``bulk`` (the search
    app may index it after the response)."""
    with gc_paused(), transaction.atomic():
        _constraints_mode("IMMEDIATE")
        result = _ingest_batch(items, actor=actor)
        _constraints_mode("DEFERRED")
        return result


def _constraints_mode(mode: str) -> None:
    """On PostgreSQL, check the batch's foreign keys as each statement runs rather than at
    commit. Django declares them DEFERRABLE INITIALLY DEFERRED; deferred, the ~30k checks of a
    batch queue up and run at commit at about twice the cost (measured: 220 ms against ~110 ms
    per 1,000 datasets of 20 fields), and a violation would fail the whole commit instead of the
    statement that caused it. Set back to deferred afterwards, for whatever else the enclosing
    transaction does; a batch that fails leaves through its savepoint, which restores the mode.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS ALL {mode}")


def _ingest_batch(items: Sequence[IngestItem], *, actor: str) -> BatchResult:
    result = BatchResult()
    domains = {d.name: d for d in Domain.objects.all()}
    ctx = bulk.Context(
        actor=actor,
        platforms={p.name: p for p in DataPlatform.objects.all()},
        domains=domains,
        domain_names={d.id: d.name for d in domains.values()},
    )
    written: list[int] = []
    for segment in _segments(items):
        part = BatchResult()
        try:
            with transaction.atomic():
                written.extend(bulk.upsert_segment(segment, ctx, part, error=ItemError))
        except IntegrityError:  # a concurrent writer inserted one of these URNs meanwhile
            part = _one_by_one(segment, actor)
        _merge(result, part)
    if written:
        ids = sorted(set(written))
        transaction.on_commit(
            lambda: datasets_changed.send(sender=Dataset, dataset_ids=ids, bulk=True), robust=True
        )
    return result


def ingest_batch_one_by_one(items: Sequence[IngestItem], *, actor: str) -> BatchResult:
    """The reference the bulk path must match (tests and the benchmark compare the two)."""
    with transaction.atomic():
        return _one_by_one(list(enumerate(items)), actor)
