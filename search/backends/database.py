"""Search on MDT's own database: no cluster to run or pay for.

PostgreSQL: a weighted tsvector (GIN) for tokens and prefixes, pg_trgm for infix matches and
misspellings. SQLite: FTS5 for tokens and prefixes, an FTS5 trigram table for infix matches and
misspellings. Both rank in tiers, so the order is predictable: an exact name first, then
datasets whose name holds every term, then those whose field names, tags or owners do, then
description and docs matches; full-text rank breaks ties and deprecated/removed datasets sink.
"""

import difflib
import json
from dataclasses import dataclass, field
from typing import Any, Sequence

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.db.models import Count

from accounts.models import Group, User
from catalog.models import DatasetStatus, Tag
from search.backends.base import (
    FacetValue,
    SearchBackend,
    SearchHit,
    SearchPage,
    SearchRequest,
    SearchUnavailable,
    Suggestion,
)
from search.documents import FACET_KEYS, SearchDocument, name_tokens, simple_field_path
from search.highlight import highlights
from search.models import DatasetDocument, DocumentFacet
from search.query import text_terms

DOC = "search_datasetdocument"
FACET = "search_documentfacet"
_COLUMN_FACETS = {"platform", "origin", "status", "domain"}
_TSQUERY = "(to_tsquery('simple', %s) || plainto_tsquery('english', %s))"
_STATUS_FACTOR = "CASE d.status WHEN 'active' THEN 1.0 WHEN 'deprecated' THEN 0.5 ELSE 0.2 END"
FUZZY_THRESHOLD = 0.45


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass
class _Sql:
    """A WHERE clause as parts with their parameters."""

    parts: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, sql: str, *params: Any) -> None:
        self.parts.append(sql)
        self.params.extend(params)

    def extend(self, other: "_Sql") -> None:
        self.parts.extend(other.parts)
        self.params.extend(other.params)

    def where(self) -> str:
        return " AND ".join(self.parts) if self.parts else "1=1"


class DatabaseBackend(SearchBackend):
    name = "database"

    def __init__(self, **options: Any) -> None:
        self.options = options

    @property
    def vendor(self) -> str:
        vendor = connection.vendor
        if vendor not in ("postgresql", "sqlite"):
            raise ImproperlyConfigured(f"The database search backend does not support {vendor}.")
        return vendor

    def setup(self) -> None:
        """Tables come from migrations; nothing to do."""

    # --- writing ---------------------------------------------------------------------------

    def bulk_index(self, documents: Sequence[SearchDocument], *, force: bool = False) -> int:
        newest: dict[int, SearchDocument] = {}
        for doc in documents:
            if doc.dataset_id not in newest or newest[doc.dataset_id].version < doc.version:
                newest[doc.dataset_id] = doc
        if not newest:
            return 0
        try:
            with transaction.atomic():
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
                    self._write(fresh)
        except DatabaseError as exc:
            raise SearchUnavailable(f"database search index write failed: {exc}") from exc
        return len(fresh)

    def _write(self, docs: list[SearchDocument]) -> None:
        ids = [d.dataset_id for d in docs]
        self._delete_rows(ids)
        DatasetDocument.objects.bulk_create(
            [
                DatasetDocument(
                    dataset_id=d.dataset_id,
                    urn=d.urn,
                    version=d.version,
                    name=d.name,
                    name_text=d.name_text,
                    fields_text=d.fields_text,
                    meta_text=d.meta_text,
                    body_text=d.body_text,
                    description=d.description,
                    platform=d.platform,
                    origin=d.origin,
                    status=d.status,
                    domain=d.domain,
                    field_paths=d.field_paths,
                    modified_at=d.modified_at,
                )
                for d in docs
            ],
            batch_size=500,
        )
        facets = []
        for d in docs:
            for key, values in d.facets.items():
                for value in values:
                    facets.append(
                        DocumentFacet(
                            dataset_id=d.dataset_id, key=key, value=value, folded=value.lower()
                        )
                    )
            for leaf in sorted({simple_field_path(p).rsplit(".", 1)[-1] for p in d.field_paths}):
                facets.append(
                    DocumentFacet(
                        dataset_id=d.dataset_id, key="field", value=leaf, folded=leaf.lower()
                    )
                )
        DocumentFacet.objects.bulk_create(facets, batch_size=1000)
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO search_fts(rowid, name_text, fields_text, meta_text, body_text)"
                    " VALUES (%s, %s, %s, %s, %s)",
                    [
                        (d.dataset_id, d.name_text, d.fields_text, d.meta_text, d.body_text)
                        for d in docs
                    ],
                )
                cursor.executemany(
                    "INSERT INTO search_trgm(rowid, name_text) VALUES (%s, %s)",
                    [(d.dataset_id, d.name_text) for d in docs],
                )

    def _delete_rows(self, ids: list[int]) -> None:
        DatasetDocument.objects.filter(dataset_id__in=ids).delete()
        DocumentFacet.objects.filter(dataset_id__in=ids).delete()
        if self.vendor == "sqlite":
            marks = ",".join(["%s"] * len(ids))
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", ids)
                cursor.execute(f"DELETE FROM search_trgm WHERE rowid IN ({marks})", ids)

    def delete(self, dataset_ids: Sequence[int]) -> None:
        if dataset_ids:
            with transaction.atomic():
                self._delete_rows(list(dataset_ids))

    # --- reading ---------------------------------------------------------------------------

    def _text_clause(self, request: SearchRequest) -> _Sql:
        sql = _Sql()
        query = request.query
        pg = self.vendor == "postgresql"
        for term in query.terms:
            if pg:
                infix = " OR d.name_text LIKE %s" if len(term) >= 3 else ""
                params = [term + ":*", term] + ([_like(term)] if infix else [])
                sql.add(
                    f"(d.search_vector @@ {_TSQUERY}" + infix + ")",
                    *params,
                )
            else:
                infix = (
                    " OR d.dataset_id IN (SELECT rowid FROM search_trgm WHERE search_trgm MATCH %s)"
                    if len(term) >= 3
                    else ""
                )
                params = [f'"{term}"*'] + ([f'"{term}"'] if infix else [])
                sql.add(
                    "(d.dataset_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
                    + infix
                    + ")",
                    *params,
                )
        for phrase in query.phrases:
            words = text_terms(phrase)
            if not words:
                continue
            if pg:
                sql.add(
                    "(d.search_vector @@ phraseto_tsquery('simple', %s)"
                    " OR d.search_vector @@ phraseto_tsquery('english', %s))",
                    phrase,
                    phrase,
                )
            else:
                sql.add(
                    "d.dataset_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
                    '"' + " ".join(words) + '"',
                )
        for term in query.excluded_terms:
            if pg:
                sql.add(
                    f"NOT (d.search_vector @@ {_TSQUERY})",
                    term,
                    term,
                )
            else:
                sql.add(
                    "d.dataset_id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
                    f'"{term}"',
                )
        return sql

    def _filter_clauses(self, request: SearchRequest) -> tuple[_Sql, dict[str, _Sql]]:
        """The status rule, and one clause per filtered facet key."""
        base = _Sql()
        filters = request.all_filters()
        if "status" not in filters and not request.include_removed:
            base.add("d.status <> %s", DatasetStatus.REMOVED)
        per_key: dict[str, _Sql] = {}
        for key, values in filters.items():
            if values:
                per_key[key] = self._facet_clause(key, values, negate=False)
        for key, values in request.query.excluded_filters.items():
            if values:
                base.extend(self._facet_clause(key, values, negate=True))
        return base, per_key

    @staticmethod
    def _facet_clause(key: str, values: list[str], *, negate: bool) -> _Sql:
        sql = _Sql()
        folded = sorted({v.lower() for v in values})
        marks = ",".join(["%s"] * len(folded))
        if key in _COLUMN_FACETS:
            sql.add(f"{'NOT ' if negate else ''}lower(d.{key}) IN ({marks})", *folded)
        else:
            sql.add(
                f"d.dataset_id {'NOT ' if negate else ''}IN (SELECT dataset_id FROM {FACET} "
                f"WHERE key = %s AND folded IN ({marks}))",
                key,
                *folded,
            )
        return sql

    def _score_sql(self, request: SearchRequest) -> tuple[str, list[Any]]:
        terms = request.query.terms + [t for p in request.query.phrases for t in text_terms(p)]
        if not terms:
            return f"{_STATUS_FACTOR}", []
        raw = (request.query.raw_text or " ".join(request.query.phrases)).lower()
        exact = (
            "CASE WHEN lower(d.name) = %s OR lower(d.name) LIKE %s OR lower(d.name) LIKE %s "
            "THEN 8 ELSE 0 END"
        )
        exact_params = [raw, "%." + raw, "%/" + raw]
        in_name = " AND ".join(["d.name_text LIKE %s"] * len(terms))
        in_fields = " AND ".join(["(d.fields_text LIKE %s OR d.meta_text LIKE %s)"] * len(terms))
        tiers = (
            f"({exact}) + (CASE WHEN {in_name} THEN 4 ELSE 0 END)"
            f" + (CASE WHEN {in_fields} THEN 2 ELSE 0 END)"
        )
        params: list[Any] = exact_params + [_like(t) for t in terms]
        for term in terms:
            params += [_like(term), _like(term)]
        if self.vendor == "postgresql":
            rank = "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.search_vector, to_tsquery('simple', %s))"
            params.append(" | ".join(f"{t}:*" for t in terms))
        else:
            rank = "0"
        return f"(({tiers}) + {rank}) * {_STATUS_FACTOR}", params

    _ORDER = {
        "relevance": "score DESC, d.name ASC, d.dataset_id ASC",
        "name": "d.name ASC, d.dataset_id ASC",
        "-modified_at": "d.modified_at DESC, d.dataset_id ASC",
    }

    def search(self, request: SearchRequest) -> SearchPage:
        base, per_key = self._filter_clauses(request)
        text = self._text_clause(request)
        try:
            page = self._run(request, base, per_key, text, fuzzy=False)
            if page.count == 0 and request.query.terms and not request.query.phrases:
                fuzzy_text = self._fuzzy_clause(request)
                if fuzzy_text is not None:
                    page = self._run(request, base, per_key, fuzzy_text, fuzzy=True)
        except DatabaseError as exc:
            raise SearchUnavailable(f"database search failed: {exc}") from exc
        return page

    def _run(self, request, base: _Sql, per_key: dict[str, _Sql], text: _Sql, *, fuzzy: bool):
        where = _Sql()
        where.extend(base)
        where.extend(text)
        for clause in per_key.values():
            where.extend(clause)
        score_sql, score_params = self._score_sql(request)
        sql = (
            f"SELECT d.dataset_id, d.urn, d.name, d.description, d.field_paths, d.body_text, "
            f"{score_sql} AS score, COUNT(*) OVER () AS total "
            f"FROM {DOC} d WHERE {where.where()} "
            f"ORDER BY {self._ORDER[request.sort]} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, score_params + where.params + [request.limit, request.offset])
            rows = cursor.fetchall()
            if rows:
                total = rows[0][7]
            else:
                cursor.execute(f"SELECT COUNT(*) FROM {DOC} d WHERE {where.where()}", where.params)
                total = cursor.fetchone()[0]
        terms = request.query.highlight_terms
        hits = [
            SearchHit(
                dataset_id=row[0],
                urn=row[1],
                score=float(row[6]),
                highlights=highlights(
                    terms=terms,
                    name=row[2],
                    description=row[3],
                    field_paths=row[4] if isinstance(row[4], list) else json.loads(row[4] or "[]"),
                    body=row[5],
                ),
            )
            for row in rows
        ]
        return SearchPage(
            count=total, hits=hits, facets=self._facets(request, base, per_key, text), fuzzy=fuzzy
        )

    def _facets(self, request, base: _Sql, per_key: dict[str, _Sql], text: _Sql):
        """One grouped query for the keys without a filter, one per filtered key (its own
        filter left out, so the sidebar shows what choosing another value would give)."""
        groups: list[tuple[list[str], _Sql]] = []
        unfiltered = [k for k in FACET_KEYS if k not in per_key]
        for keys, skip in [(unfiltered, None)] + [([k], k) for k in FACET_KEYS if k in per_key]:
            if not keys:
                continue
            where = _Sql()
            where.extend(base)
            where.extend(text)
            for key, clause in per_key.items():
                if key != skip:
                    where.extend(clause)
            groups.append((keys, where))
        facets: dict[str, list[FacetValue]] = {key: [] for key in FACET_KEYS}
        with connection.cursor() as cursor:
            for keys, where in groups:
                marks = ",".join(["%s"] * len(keys))
                cursor.execute(
                    f"SELECT f.key, f.value, COUNT(*) FROM {FACET} f "
                    f"JOIN {DOC} d ON d.dataset_id = f.dataset_id "
                    f"WHERE f.key IN ({marks}) AND {where.where()} GROUP BY f.key, f.value",
                    keys + where.params,
                )
                for key, value, count in cursor.fetchall():
                    facets[key].append(FacetValue(value=value, count=count))
        for key, values in facets.items():
            values.sort(key=lambda v: (-v.count, v.value))
            facets[key] = values[: request.facet_size]
        return facets

    def _fuzzy_clause(self, request: SearchRequest) -> _Sql | None:
        """Names similar to the query when nothing matched it as typed (misspellings)."""
        text = " ".join(request.query.terms)
        if len(text) < 3:
            return None
        sql = _Sql()
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                    [str(FUZZY_THRESHOLD)],
                )
            sql.add("%s <%% d.name_text", text)
            return sql
        grams = sorted({t[i : i + 3] for t in request.query.terms for i in range(len(t) - 2)})
        if not grams:
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, name_text FROM search_trgm WHERE search_trgm MATCH %s "
                "ORDER BY rank LIMIT 500",
                [" OR ".join(f'"{g}"' for g in grams)],
            )
            candidates = cursor.fetchall()
        close = [
            rowid
            for rowid, name_text in candidates
            if max(
                (difflib.SequenceMatcher(None, text, tok).ratio() for tok in name_text.split()),
                default=0,
            )
            >= 0.75
        ]
        if not close:
            return None
        sql.add(f"d.dataset_id IN ({','.join(['%s'] * len(close))})", *close)
        return sql

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        prefix = prefix.strip().lower()
        if len(prefix) < 2:
            return []
        tokens = name_tokens(prefix)
        suggestions: list[Suggestion] = []
        with connection.cursor() as cursor:
            if self.vendor == "postgresql" and tokens:
                cursor.execute(
                    f"SELECT d.urn, d.name FROM {DOC} d WHERE d.status <> 'removed' AND "
                    "d.search_vector @@ to_tsquery('simple', %s) "
                    "ORDER BY (lower(d.name) LIKE %s) DESC, length(d.name), d.name LIMIT %s",
                    [" & ".join(f"{t}:*A" for t in tokens), _like(prefix)[1:], limit],
                )
            elif tokens:
                cursor.execute(
                    f"SELECT d.urn, d.name FROM {DOC} d WHERE d.status <> 'removed' AND "
                    "d.dataset_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s) "
                    "ORDER BY (lower(d.name) LIKE %s) DESC, length(d.name), d.name LIMIT %s",
                    [
                        "name_text : (" + " AND ".join(f'"{t}"*' for t in tokens) + ")",
                        _like(prefix)[1:],
                        limit,
                    ],
                )
            suggestions += [Suggestion("dataset", name, urn) for urn, name in cursor.fetchall()]
            cursor.execute(
                f"SELECT f.value, COUNT(*) AS n FROM {FACET} f WHERE f.key = 'field' "
                "AND f.folded >= %s AND f.folded < %s GROUP BY f.value ORDER BY n DESC, f.value "
                "LIMIT %s",
                [prefix, prefix + "\uffff", limit],
            )
            suggestions += [Suggestion("field", value) for value, _ in cursor.fetchall()]
        owners = User.objects.filter(username__istartswith=prefix, ownerships__isnull=False)
        for user in owners.distinct().order_by("username")[:limit]:
            suggestions.append(Suggestion("owner", user.username, user.urn))
        groups = Group.objects.filter(name__istartswith=prefix).order_by("name")[:limit]
        suggestions += [Suggestion("owner", group.name, group.urn) for group in groups]
        tags = Tag.objects.filter(name__istartswith=prefix).annotate(n=Count("dataset_links"))
        suggestions += [
            Suggestion("tag", tag.name, tag.urn) for tag in tags.order_by("-n", "name")[:limit]
        ]
        return _interleave(suggestions, limit)

    def count(self) -> int:
        return DatasetDocument.objects.count()

    def indexed_versions(self) -> dict[int, int]:
        return dict(DatasetDocument.objects.values_list("dataset_id", "version"))

    def health(self) -> dict[str, object]:
        try:
            return {
                "ok": True,
                "backend": self.name,
                "vendor": self.vendor,
                "documents": self.count(),
            }
        except DatabaseError as exc:
            return {"ok": False, "backend": self.name, "error": str(exc)}


def _interleave(suggestions: list[Suggestion], limit: int) -> list[Suggestion]:
    """Round-robin over types so datasets do not crowd out fields, owners and tags."""
    by_type: dict[str, list[Suggestion]] = {}
    for suggestion in suggestions:
        by_type.setdefault(suggestion.type, []).append(suggestion)
    ordered: list[Suggestion] = []
    while len(ordered) < limit and any(by_type.values()):
        for kind in ("dataset", "field", "owner", "tag"):
            if by_type.get(kind) and len(ordered) < limit:
                ordered.append(by_type[kind].pop(0))
    return ordered
