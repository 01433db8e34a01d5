"""Keeps the search index in step with the catalog, the database being the source of truth.

Every catalog write bumps the dataset's version and commits a ChangeEvent with it. After the
commit, ``search.indexing.on_datasets_changed`` indexes those datasets (a kick: at once, or for a
bulk ingestion batch just after its response); ``relay_pending``
sweeps up anything a kick missed (the index was down, the process died) by comparing each
dataset's version with the version last delivered (``IndexState``). Delivery is at least once
and idempotent: backends never let an older version replace a newer one, so running the relay
twice, late, or after an outage is always safe.
"""

import logging
from dataclasses import dataclass
from typing import Callable, Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from catalog.models import Dataset
from core.table_stats import GrowthAnalyzer
from search.backends import get_backend
from search.backends.base import SearchBackend, SearchUnavailable
from search.documents import build_documents
from search.models import DatasetDocument, FacetCount, FieldName, IndexState, NameToken

logger = logging.getLogger(__name__)

# What a delivery writes: the relay's own record, and the database backend's index (empty
# tables on OpenSearch, which cost nothing to analyse).
SEARCH_TABLES = (IndexState, DatasetDocument, NameToken, FieldName, FacetCount)


def search_stats(*, reason: str) -> GrowthAnalyzer:
    """Analyses the search tables during and after a run that delivered at least
    ``SEARCH_ANALYZE_AFTER`` documents (see ``core.table_stats``)."""
    return GrowthAnalyzer(models=SEARCH_TABLES, reason=reason, first=settings.SEARCH_ANALYZE_AFTER)


@dataclass
class RelayResult:
    indexed: int = 0
    pending_left: int = 0
    error: str = ""


def _mark_delivered(versions: dict[int, int]) -> None:
    """One upsert for the whole batch, which only ever moves a version forward: a slow relay
    must not mark an older version as the latest. (PostgreSQL and SQLite both take
    ``ON CONFLICT … DO UPDATE … WHERE``.)"""
    table = connection.ops.quote_name(IndexState._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = sorted(versions.items())
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), 300):  # 3 parameters a row, under SQLite's 999
            chunk = rows[start : start + 300]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (dataset_id, version, indexed_at) VALUES {values} "
                "ON CONFLICT (dataset_id) DO UPDATE SET version = excluded.version, "
                f"indexed_at = excluded.indexed_at WHERE {table}.version < excluded.version",
                [value for dataset_id, version in chunk for value in (dataset_id, version, now)],
            )


def index_datasets(
    dataset_ids: Iterable[int], *, force: bool = False, backend: SearchBackend | None = None
) -> int:
    """Build the documents of these datasets from the catalog and deliver them.
    Raises SearchUnavailable when the backend is down (nothing is marked delivered)."""
    documents = build_documents(dataset_ids)
    if not documents:
        return 0
    (backend or get_backend()).bulk_index(documents, force=force)
    _mark_delivered({doc.dataset_id: doc.version for doc in documents})
    return len(documents)


def pending_ids(limit: int | None = None) -> list[int]:
    pending = (
        Dataset.objects.filter(
            Q(index_state__isnull=True) | Q(index_state__version__lt=F("version"))
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    return list(pending[:limit] if limit else pending)


def pending_count() -> int:
    return Dataset.objects.filter(
        Q(index_state__isnull=True) | Q(index_state__version__lt=F("version"))
    ).count()


def relay_pending(
    *, batch_size: int = 500, progress: Callable[[int], None] | None = None
) -> RelayResult:
    """Deliver every dataset whose latest version is not in the index yet."""
    result = RelayResult()
    stats = search_stats(reason="search relay")
    last_id = 0
    while True:
        batch = list(
            Dataset.objects.filter(id__gt=last_id)
            .filter(Q(index_state__isnull=True) | Q(index_state__version__lt=F("version")))
            .order_by("id")
            .values_list("id", flat=True)[:batch_size]
        )
        if not batch:
            break
        try:
            indexed = index_datasets(batch)
        except SearchUnavailable as exc:
            stats.finish()
            result.error = str(exc)
            result.pending_left = pending_count()
            logger.warning(
                "search relay stopped, %d datasets pending: %s", result.pending_left, exc
            )
            return result
        result.indexed += indexed
        stats.add(indexed)
        if progress:
            progress(len(batch))
        last_id = batch[-1]
    stats.finish()
    return result
