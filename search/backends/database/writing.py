"""Documents in: index, replace and delete them, keep the facet counts and the dictionaries
(field names, name tokens) with them, in the same transaction.

Every write bumps a cache generation, so the cached facet scans of ``facets`` start over."""

from collections import Counter
from types import SimpleNamespace
from typing import Sequence

from django.core.cache import cache
from django.db import DatabaseError, connection, transaction

from core.bulk_sql import insert_rows
from search.backends.base import SearchUnavailable
from search.backends.database.dialect import Dialect
from search.backends.database.sql import REMOVED
from search.documents import SearchDocument, simple_field_path
from search.models import DatasetDocument, FacetCount, FieldName, NameToken

GENERATION_KEY = "mdt-search-generation"  # bumped by every write this process makes


def generation() -> int:
    """The cache generation: what cached facet scans are valid for."""
    return cache.get(GENERATION_KEY, 0)


def _bump_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, None)


def documents_index(
    *, dialect: Dialect, documents: Sequence[SearchDocument], force: bool = False
) -> int:
    """Write the newest of these documents whose version the index does not hold yet (or
    holds, with ``force``); returns how many were written."""
    newest: dict[int, SearchDocument] = {}
    for doc in documents:
        if doc.dataset_id not in newest or newest[doc.dataset_id].version < doc.version:
            newest[doc.dataset_id] = doc
    if not newest:
        return 0
    try:
        with transaction.atomic():
            dialect.take_write_turn()
            current = dict(
                DatasetDocument.objects.select_for_update()
                .filter(dataset_id__in=list(newest))
                .values_list("dataset_id", "version")
            )
            fresh = [
                d
                for i, d in newest.items()
                if current.get(i, -1) < d.version or (force and current[i] <= d.version)
            ]
            if fresh:
                documents_write(dialect=dialect, documents=fresh)
                _bump_generation()
                transaction.on_commit(_bump_generation)
    except DatabaseError as exc:
        raise SearchUnavailable(f"database search index write failed: {exc}") from exc
    return len(fresh)


def documents_write(*, dialect: Dialect, documents: list[SearchDocument]) -> None:
    """Replace these documents (inside the caller's transaction and write turn)."""
    counts, fields = Counter(), Counter()
    old_counts, old_fields = _rows_delete(
        dialect=dialect, dataset_ids=[d.dataset_id for d in documents]
    )
    counts.subtract(old_counts)
    fields.subtract(old_fields)
    for doc in documents:
        if doc.status != REMOVED:
            counts.update(doc.facet_pairs)
            fields.update(doc.field_names)
    _facets_count(counts)
    _fields_count(fields)
    insert_rows(
        DatasetDocument,
        [
            SimpleNamespace(
                dataset_id=d.dataset_id,
                urn=d.urn,
                version=d.version,
                name=d.name,
                name_text=d.name_text,
                name_infix=d.name_infix,
                fields_text=d.fields_text,
                meta_text=d.meta_text,
                body_text=d.body_text,
                description=d.description,
                platform=d.platform,
                origin=d.origin,
                status=d.status,
                domain=d.domain,
                field_paths=d.field_paths,
                field_names=sorted({name.lower() for name in d.field_names}),
                leaf=d.leaf,
                facets=d.facet_pairs,
                facets_folded=[pair.lower() for pair in d.facet_pairs],
                modified_at=d.modified_at,
            )
            for d in documents
        ],
    )
    tokens = {token[:200] for d in documents for token in d.name_text.split()}
    NameToken.objects.bulk_create(
        [NameToken(token=token) for token in sorted(tokens)],
        ignore_conflicts=True,
        batch_size=1000,
    )
    dialect.mirror(documents)


def documents_delete(*, dialect: Dialect, dataset_ids: Sequence[int]) -> None:
    if dataset_ids:
        with transaction.atomic():
            dialect.take_write_turn()
            counts, fields = Counter(), Counter()
            old_counts, old_fields = _rows_delete(dialect=dialect, dataset_ids=list(dataset_ids))
            counts.subtract(old_counts)
            fields.subtract(old_fields)
            _facets_count(counts)
            _fields_count(fields)
            _bump_generation()
            transaction.on_commit(_bump_generation)


def _rows_delete(*, dialect: Dialect, dataset_ids: list[int]) -> tuple[Counter, Counter]:
    """Delete these documents; returns the facet values and the field names they counted
    for."""
    counted: Counter = Counter()
    fields: Counter = Counter()
    rows = DatasetDocument.objects.filter(dataset_id__in=dataset_ids)
    for pairs, paths in rows.exclude(status=REMOVED).values_list("facets", "field_paths"):
        counted.update(pairs)
        fields.update({simple_field_path(p).rsplit(".", 1)[-1][:300] for p in paths})
    rows.delete()
    dialect.unmirror(dataset_ids)
    return counted, fields


def _facets_count(changes: Counter) -> None:
    """Apply changes to FacetCount."""
    rows = [(pair, n) for pair, n in changes.items() if n]
    _counts_add(FacetCount._meta.db_table, ("pair", "count"), rows)


def _fields_count(changes: Counter) -> None:
    """Apply changes to FieldName's counts."""
    rows = [(name, name.lower(), n) for name, n in changes.items() if n]
    _counts_add(FieldName._meta.db_table, ("name", "folded", "datasets"), rows)


def _counts_add(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Add each row's last column to the count its first column keys (inserting it when new),
    in key order, so concurrent writers lock the shared rows (``status:active``…) in the same
    order and cannot deadlock."""
    table = connection.ops.quote_name(table)
    key, count = columns[0], columns[-1]
    per_statement = 999 // len(columns)  # SQLite's parameter limit
    rows = sorted(rows)
    marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                + ", ".join([marks] * len(chunk))
                + f" ON CONFLICT ({key}) DO UPDATE SET {count} = {table}.{count} "
                f"+ excluded.{count}",
                [value for row in chunk for value in row],
            )


def rebuild_begin() -> None:
    """The rebuild refills the name-token dictionary, without the tokens no catalog dataset
    uses any more. Field names keep their counts, which every document it replaces keeps
    right; those no dataset uses any more go when it finishes."""
    NameToken.objects.all().delete()


def rebuild_finish(*, dialect: Dialect) -> None:
    """FacetCount from the documents themselves, so whatever drift the incremental counts may
    have had is gone."""
    with transaction.atomic():
        dialect.take_write_turn()  # a write in flight would be missed, then overwritten
        counts: Counter = Counter()
        documents = DatasetDocument.objects.exclude(status=REMOVED)
        for pairs in documents.values_list("facets", flat=True).iterator(5000):
            counts.update(pairs)
        FacetCount.objects.all().delete()
        FacetCount.objects.bulk_create(
            [FacetCount(pair=pair, count=n) for pair, n in sorted(counts.items())],
            batch_size=1000,
        )
        FieldName.objects.filter(datasets__lte=0).delete()
        _bump_generation()
