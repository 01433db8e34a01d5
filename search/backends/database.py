"""Search on MDT's own database: no cluster to run or pay for.

PostgreSQL: a weighted tsvector (GIN) for tokens and prefixes; pg_trgm on the dictionary of name
tokens for misspellings. SQLite: FTS5 for tokens and prefixes, an FTS5 trigram table for infix
matches and misspellings. Both rank in tiers, so the order is predictable: an exact name first, then
datasets whose name holds every term, then those whose field names, tags or owners do, then
description and docs matches; within a tier, names holding more of the terms and shorter names
come first. Deprecated and removed datasets sink.
"""

import difflib
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, Callable, Sequence

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.db.models import Count

from accounts.models import Group, User
from catalog.models import DatasetStatus, Tag
from core.bulk_sql import insert_rows
from search.backends.base import (
    FacetValue,
    SearchBackend,
    SearchHit,
    SearchPage,
    SearchRequest,
    SearchUnavailable,
    Suggestion,
    interleave_suggestions,
)
from search.documents import FACET_KEYS, SearchDocument, name_tokens, simple_field_path
from search.highlight import highlights
from search.models import DatasetDocument, FacetCount, FieldName, NameToken
from search.query import text_terms

DOC = "search_datasetdocument"
_TSQUERY = "(to_tsquery('simple', %s) || plainto_tsquery('english', %s))"
# The name's tokens alone (weight A of the document's tsvector), GIN-indexed by migration 0007:
# unlike a weight-A test on the document's tsvector, it needs no recheck of each candidate.
NAME_VECTOR = "to_tsvector('simple'::regconfig, d.name_text)"
# Deprecated datasets sink to half their score, removed ones (shown only when asked for) lower.
_STATUS_WEIGHT = "(CASE d.status WHEN 'active' THEN 10 WHEN 'deprecated' THEN 5 ELSE 2 END)"
# Scores are integers in SQL (exact name 8000, every term in the name 4100, in field names,
# tags or owners 2000, tie-breaks under 200; times the status weight); this much is 1.0.
SCORE_SCALE = 10000
# How close a misspelled term must be to a name token (pg_trgm similarity) to stand for it:
# "pageveiwevent" is 0.59 from "pageviewevent", "custmer" 0.55 from "customer".
FUZZY_THRESHOLD = 0.5
FUZZY_EXPANSIONS = 20  # the closest tokens a misspelled term may stand for
FACET_CACHE_SECONDS = 60
# Facet keys with one value per document, counted on PostgreSQL from their own columns (the
# others, tags, owners and terms, from the ``facets_multi`` array; migration 0003).
_SINGLE_VALUED = ("platform", "origin", "status", "domain")
# Empty domain is no domain: no facet value, as in the facet pairs.
_PG_FACET_COLUMNS = [
    "d.platform",
    "d.origin",
    "d.status",
    "NULLIF(d.domain, '') AS domain",
    "d.facets_multi",
]
_GENERATION_KEY = "mdt-search-generation"  # bumped by every write this process makes
# The advisory lock index writers take turns with (a bigint: the bytes of "mdt-idx!").
_WRITE_LOCK = int.from_bytes(b"mdt-idx!", "big")


def _bump_generation() -> None:
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:
        cache.set(_GENERATION_KEY, 1, None)


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
                self._writers_take_turns()
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
                    _bump_generation()
                    transaction.on_commit(_bump_generation)
        except DatabaseError as exc:
            raise SearchUnavailable(f"database search index write failed: {exc}") from exc
        return len(fresh)

    def _writers_take_turns(self) -> None:
        """On PostgreSQL, index writes run one at a time (a lock held until the transaction
        ends). Two writers of the same dataset do meet: each process's indexing thread first
        sweeps what is pending, which may be a batch that another process is indexing too.
        Without the lock both would find no document to replace, and the second one's insert
        would fail on the first one's row at its commit, failing its whole delivery until the
        next sweep; deleting the same document twice would also uncount its facets twice,
        and a rebuild's recount would replace the counts of a write it did not see.
        Taking turns costs no concurrency that was there: every write updates the shared
        FacetCount rows (``status:active``…), which already made writers wait for each other
        until commit. SQLite's writers take turns anyway."""
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_WRITE_LOCK])

    def _write(self, docs: list[SearchDocument]) -> None:
        ids = [d.dataset_id for d in docs]
        counts: Counter = Counter()
        counts.subtract(self._delete_rows(ids))
        for doc in docs:
            if doc.status != DatasetStatus.REMOVED:
                counts.update(doc.facet_pairs)
        self._facets_count(counts)
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
                    facets=d.facet_pairs,
                    facets_folded=[pair.lower() for pair in d.facet_pairs],
                    modified_at=d.modified_at,
                )
                for d in docs
            ],
        )
        tokens = {token[:200] for d in docs for token in d.name_text.split()}
        NameToken.objects.bulk_create(
            [NameToken(token=token) for token in sorted(tokens)],
            ignore_conflicts=True,
            batch_size=1000,
        )
        leaves = {simple_field_path(p).rsplit(".", 1)[-1] for d in docs for p in d.field_paths}
        FieldName.objects.bulk_create(
            [FieldName(name=leaf[:300], folded=leaf[:300].lower()) for leaf in sorted(leaves)],
            ignore_conflicts=True,
            batch_size=1000,
        )
        if self.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO search_fts(rowid, name_text, name_infix, fields_text, meta_text,"
                    " body_text) VALUES (%s, %s, %s, %s, %s, %s)",
                    [
                        (
                            d.dataset_id,
                            d.name_text,
                            d.name_infix,
                            d.fields_text,
                            d.meta_text,
                            d.body_text,
                        )
                        for d in docs
                    ],
                )
                cursor.executemany(
                    "INSERT INTO search_trgm(rowid, name_text) VALUES (%s, %s)",
                    [(d.dataset_id, d.name_text) for d in docs],
                )

    def _delete_rows(self, ids: list[int]) -> Counter:
        """Delete these documents; returns the facet values they counted for."""
        counted: Counter = Counter()
        rows = DatasetDocument.objects.filter(dataset_id__in=ids)
        for pairs in rows.exclude(status=DatasetStatus.REMOVED).values_list("facets", flat=True):
            counted.update(pairs)
        rows.delete()
        if self.vendor == "sqlite":
            marks = ",".join(["%s"] * len(ids))
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", ids)
                cursor.execute(f"DELETE FROM search_trgm WHERE rowid IN ({marks})", ids)
        return counted

    @staticmethod
    def _facets_count(changes: Counter) -> None:
        """Apply changes to FacetCount, in key order so concurrent writers lock the shared
        rows (``status:active``…) in the same order and cannot deadlock."""
        rows = sorted((pair, n) for pair, n in changes.items() if n)
        table = connection.ops.quote_name(FacetCount._meta.db_table)
        with connection.cursor() as cursor:
            for start in range(0, len(rows), 400):  # 2 parameters a row, under SQLite's 999
                chunk = rows[start : start + 400]
                cursor.execute(
                    f"INSERT INTO {table} (pair, count) VALUES "
                    + ", ".join(["(%s, %s)"] * len(chunk))
                    + f" ON CONFLICT (pair) DO UPDATE SET count = {table}.count + excluded.count",
                    [value for row in chunk for value in row],
                )

    @staticmethod
    def _facets_recount() -> None:
        """FacetCount from the documents themselves (a rebuild ends with it, so whatever drift
        the incremental counts may have had is gone)."""
        counts: Counter = Counter()
        documents = DatasetDocument.objects.exclude(status=DatasetStatus.REMOVED)
        for pairs in documents.values_list("facets", flat=True).iterator(5000):
            counts.update(pairs)
        FacetCount.objects.all().delete()
        FacetCount.objects.bulk_create(
            [FacetCount(pair=pair, count=n) for pair, n in sorted(counts.items())],
            batch_size=1000,
        )

    def begin_rebuild(self) -> None:
        """The rebuild refills the field-name and name-token dictionaries, without the names
        no catalog dataset uses any more."""
        FieldName.objects.all().delete()
        NameToken.objects.all().delete()

    def finish_rebuild(self) -> None:
        with transaction.atomic():
            self._writers_take_turns()  # a write in flight would be missed, then overwritten
            self._facets_recount()
            _bump_generation()

    def delete(self, dataset_ids: Sequence[int]) -> None:
        if dataset_ids:
            with transaction.atomic():
                self._writers_take_turns()
                counts: Counter = Counter()
                counts.subtract(self._delete_rows(list(dataset_ids)))
                self._facets_count(counts)
                _bump_generation()
                transaction.on_commit(_bump_generation)

    # --- reading ---------------------------------------------------------------------------

    def _text_clause(self, request: SearchRequest) -> _Sql:
        """Every term must match a token or a token prefix anywhere (name, words inside the
        name, field names, tags, owners, descriptions); phrases match as phrases."""
        sql = _Sql()
        query = request.query
        pg = self.vendor == "postgresql"
        for term in query.terms:
            if pg:
                sql.add(f"d.search_vector @@ {_TSQUERY}", term + ":*", term)
            else:
                sql.add(
                    "d.dataset_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
                    f'"{term}"*',
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
                sql.add(f"NOT (d.search_vector @@ {_TSQUERY})", term, term)
            else:
                sql.add(
                    "d.dataset_id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
                    f'"{term}"',
                )
        return sql

    def _base_clause(self, request: SearchRequest) -> _Sql:
        """The status rule and the query's exclusions: what no part of the answer may hold."""
        sql = _Sql()
        if "status" not in request.all_filters() and not request.include_removed:
            sql.add("d.status <> %s", DatasetStatus.REMOVED)
        for key, values in request.query.excluded_filters.items():
            if values:
                excluded, params = self._has_any("d", key, values)
                sql.add(f"NOT ({excluded})", *params)
        return sql

    def _has_any(self, alias: str, key: str, values: list[str]) -> tuple[str, list[Any]]:
        """SQL true when the document has one of these values for the key (case-insensitive)."""
        pairs = sorted({f"{key}:{v}".lower() for v in values})
        if self.vendor == "postgresql":
            return f"{alias}.facets_folded ?| %s", [pairs]
        marks = ",".join(["%s"] * len(pairs))
        return (
            f"EXISTS (SELECT 1 FROM json_each({alias}.facets_folded) WHERE value IN ({marks}))",
            pairs,
        )

    def _score_sql(self, request: SearchRequest) -> tuple[str, list[Any]]:
        """The relevance of a matched document as an integer expression (SCORE_SCALE is 1.0),
        computed for every match, so it reads only short columns and calls lower() only on
        names that hold every term: integer arithmetic and few calls per row, since at 100k
        datasets a broad query scores tens of thousands of rows."""
        terms = request.query.terms + [t for p in request.query.phrases for t in text_terms(p)]
        if not terms:
            return f"{_STATUS_WEIGHT} * {SCORE_SCALE // 10}", []
        pg = self.vendor == "postgresql"

        def holds(column: str) -> str:
            return f"strpos({column}, %s) > 0" if pg else f"instr({column}, %s) > 0"

        raw = (request.query.raw_text or " ".join(request.query.phrases)).lower()
        # The whole name, or its last segment, as typed. Such a name holds every term, so the
        # test runs inside the name tier's.
        tail = "substr(d.name, length(d.name) - %s)"
        exact = f"lower({tail}) IN (%s, %s) OR lower(d.name) = %s"
        exact_params: list[Any] = [len(raw), "." + raw, "/" + raw, raw]
        in_name = " AND ".join([holds("d.name_text")] * len(terms))
        in_fields = " AND ".join(
            [f"({holds('d.fields_text')} OR {holds('d.meta_text')})"] * len(terms)
        )
        # Ties within a tier: names holding more of the terms, then shorter names (more of the
        # name is what was asked for).
        share = "0"
        share_params: list[Any] = []
        if len(terms) > 1:
            found = " + ".join(
                [f"(CASE WHEN {holds('d.name_text')} THEN 1 ELSE 0 END)"] * len(terms)
            )
            share = f"({found}) * 100 / {len(terms)}"
            share_params = list(terms)
        points = (
            f"(CASE WHEN {in_name} THEN 4100 + (CASE WHEN {exact} THEN 8000 ELSE 0 END)"
            f" ELSE {share} END)"
            f" + (CASE WHEN {in_fields} THEN 2000 ELSE 0 END)"
            " + (CASE WHEN length(d.name) > 99 THEN 0 ELSE 99 - length(d.name) END)"
        )
        params = list(terms) + exact_params + share_params + [t for t in terms for _ in (1, 2)]
        return f"({points}) * {_STATUS_WEIGHT}", params

    _ORDER = {
        "relevance": "score DESC, name ASC, dataset_id ASC",
        "name": "name ASC, dataset_id ASC",
        "-modified_at": "modified_at DESC, dataset_id ASC",
    }

    def search(self, request: SearchRequest) -> SearchPage:
        try:
            page = self._run(request, self._text_clause(request), fuzzy=False)
            if page.count == 0 and request.query.terms and not request.query.phrases:
                fuzzy_text = self._fuzzy_clause(request)
                if fuzzy_text is not None:
                    page = self._run(request, fuzzy_text, fuzzy=True)
        except DatabaseError as exc:
            raise SearchUnavailable(f"database search failed: {exc}") from exc
        return page

    def _run(self, request: SearchRequest, text: _Sql, *, fuzzy: bool) -> SearchPage:
        """With text, one statement: the matching set is computed once (a materialized CTE),
        then the page, the count and every facet are read from it (on PostgreSQL, one filter
        on a single-valued key narrows that set in the index scan: ``_narrowed``). Without
        text the matching set is the whole catalog, so the page and count push the filters
        into the CTE (GIN index on the facet pairs), and the facets come from
        ``_facets_without_text``."""
        where = _Sql()
        where.extend(self._base_clause(request))
        where.extend(text)
        filters = {key: values for key, values in request.all_filters().items() if values}
        if text.parts:
            narrowed = self._narrowed(request, where, filters)
            if narrowed is None:
                rows = self._execute(request, where, filters, hits=True, facets=True)
            else:
                key, narrowed_where = narrowed
                rows = self._execute(
                    request, narrowed_where, {}, hits=True, facets=True, key_scope=(key, where)
                )
        else:
            # Removed datasets hidden and nothing excluded: what FacetCount counts.
            plain = not request.query.excluded_filters and not request.include_removed
            if plain and not filters:
                rows = self._catalog_page(request)
            elif plain and len(filters) == 1 and set(filters) <= {"platform", "origin", "domain"}:
                ((key, values),) = filters.items()
                rows = self._catalog_page(request, key=key, values=values)
            else:
                pushed = _Sql()
                pushed.extend(where)
                for key, values in filters.items():
                    sql, params = self._has_any("d", key, values)
                    pushed.add(sql, *params)
                rows = self._execute(request, pushed, {}, hits=True, facets=False)
            rows += self._facets_without_text(request, where, filters, plain=plain)
        hits: list[tuple[int, int, float]] = []
        total = 0
        facets: dict[str, list[FacetValue]] = {key: [] for key in FACET_KEYS}
        for kind, dataset_id, label, value in rows:
            if kind == "hit":
                hits.append((int(label), dataset_id, int(value) / SCORE_SCALE))
            elif kind == "count":
                total = int(value)
            else:
                key, _, facet_value = label.partition(":")
                facets[key].append(FacetValue(value=facet_value, count=int(value)))
        for key, values in facets.items():
            values.sort(key=lambda v: (-v.count, v.value))
            facets[key] = values[: request.facet_size]
        hits.sort()  # by position: UNION ALL does not promise to keep the page's order
        page = [(dataset_id, score) for _, dataset_id, score in hits]
        return SearchPage(count=total, hits=self._page(page, request), facets=facets, fuzzy=fuzzy)

    def _narrowed(
        self, request: SearchRequest, where: _Sql, filters: dict[str, list[str]]
    ) -> tuple[str, _Sql] | None:
        """A text search refined by one filter on platform, origin or domain (a click on one
        facet of the sidebar), on PostgreSQL: the matched set is narrowed by the filter inside
        the index scan (a BitmapAnd of the tsvector GIN and the key's btree), so only its
        documents are read, scored and counted. The key's own facet, which must count every
        text match, is then one grouping of that column (``key_scope`` of ``_execute``).
        The filter matches any case, the btree only the values as stored: their spellings are
        FacetCount's, exact for what such a search shows (removed datasets hidden). They are
        read just before the statement, as a list the planner can estimate (read inside it,
        the planner loses the BitmapAnd: 53 ms instead of 47 for ``orders`` at 100k), so a
        spelling first written between the two is missed by that one search."""
        if self.vendor != "postgresql" or request.include_removed or len(filters) != 1:
            return None
        ((key, values),) = filters.items()
        if key not in ("platform", "origin", "domain"):
            return None
        folded = {f"{key}:{value}".lower() for value in values}
        spelled = sorted(
            pair.partition(":")[2]
            for pair in FacetCount.objects.filter(
                pair__startswith=f"{key}:", count__gt=0
            ).values_list("pair", flat=True)
            if pair.lower() in folded
        )
        narrowed = _Sql()
        narrowed.extend(where)
        narrowed.add(f"d.{key} = ANY(%s)", spelled)
        return key, narrowed

    def _catalog_page(
        self, request: SearchRequest, *, key: str | None = None, values: Sequence[str] = ()
    ) -> list[tuple]:
        """A page of the plain catalog (no text, removed datasets hidden), unfiltered or with
        one filter on a single-valued key, without sorting every match: the count is
        FacetCount's (such a key has one value per dataset, so its counts add up; unfiltered,
        every dataset counts once under ``status:``), and the page reads an index in order:
        (key, status, name) filtered, name or modified_at unfiltered. By relevance, active
        datasets come before deprecated ones, each in name order."""
        counted = FacetCount.objects.filter(count__gt=0).values_list("pair", "count")
        if key is None:
            pairs = dict(counted.filter(pair__startswith="status:"))
        else:
            # The values as stored (the filter matches any case) and how many hold each.
            folded = {f"{key}:{value}".lower() for value in values}
            pairs = {
                p: n for p, n in counted.filter(pair__startswith=f"{key}:") if p.lower() in folded
            }
        total = sum(pairs.values())
        if not total:
            return [("count", None, None, 0)]
        # One branch per status (by relevance, active first) and per value of the filter, each
        # read in order from an index and cut at what the page needs; the outer query merges.
        statuses: list[Any] = [None]
        if request.sort == "relevance":
            statuses = [DatasetStatus.ACTIVE, DatasetStatus.DEPRECATED]
        spelled: list[Any] = [None] if key is None else sorted(p.partition(":")[2] for p in pairs)
        inner = "d.name, d.dataset_id"
        if request.sort == "-modified_at":
            inner = "d.modified_at DESC, d.dataset_id"
        columns = f"d.dataset_id, d.name, d.modified_at, {_STATUS_WEIGHT} * {SCORE_SCALE // 10}"
        branches, params = [], []
        for status in statuses:
            for value in spelled:
                where = "d.status = %s" if status else "d.status <> %s"
                params.append(status or DatasetStatus.REMOVED)
                if value is not None:
                    where += f" AND d.{key} = %s"
                    params.append(value)
                branches.append(
                    f"SELECT * FROM (SELECT {columns} AS score FROM {DOC} d WHERE {where} "
                    f"ORDER BY {inner} LIMIT %s) b{len(branches)}"
                )
                params.append(request.offset + request.limit)
        statement = " UNION ALL ".join(branches)
        order = self._ORDER[request.sort]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT dataset_id, score FROM ({statement}) page ORDER BY {order} "
                "LIMIT %s OFFSET %s",
                params + [request.limit, request.offset],
            )
            page = cursor.fetchall()
        rows: list[tuple] = [
            ("hit", dataset_id, str(position), score)
            for position, (dataset_id, score) in enumerate(page, start=1)
        ]
        return rows + [("count", None, None, total)]

    def _facets_without_text(
        self, request: SearchRequest, where: _Sql, filters: dict[str, list[str]], *, plain: bool
    ) -> list[tuple]:
        """Facets when nothing is searched. The plain catalog (removed datasets hidden, nothing
        excluded) reads FacetCount: exact and current, no scan. With one filter, that key's
        counts are FacetCount's (a key's own filter does not apply to its counts) and the
        others come from the filtered documents only, found through the index. Anything else
        scans every document. Scans are cached for FACET_CACHE_SECONDS; every index write
        starts a new cache generation."""
        if plain and not filters:
            return self._counted_facets()
        cache_key = (
            "mdt-search-facets:"
            + hashlib.sha1(
                json.dumps(
                    [
                        self.vendor,
                        cache.get(_GENERATION_KEY, 0),
                        filters,
                        request.query.excluded_filters,
                        request.include_removed,
                    ],
                    sort_keys=True,
                ).encode()
            ).hexdigest()
        )
        facet_rows = cache.get(cache_key)
        if facet_rows is not None:
            return facet_rows
        if plain and len(filters) == 1 and "status" not in filters:
            ((key, values),) = filters.items()
            narrowed = _Sql()
            narrowed.extend(where)
            sql, params = self._has_any("d", key, values)
            narrowed.add(sql, *params)
            prefix = key + ":"
            facet_rows = [
                row
                for row in self._execute(request, narrowed, {}, hits=False, facets=True)
                if not row[2].startswith(prefix)
            ]
            facet_rows += [row for row in self._counted_facets() if row[2].startswith(prefix)]
        else:
            facet_rows = self._execute(request, where, filters, hits=False, facets=True)
        cache.set(cache_key, facet_rows, FACET_CACHE_SECONDS)
        return facet_rows

    @staticmethod
    def _counted_facets() -> list[tuple]:
        counted = FacetCount.objects.filter(count__gt=0).values_list("pair", "count")
        return [("facet", None, pair, count) for pair, count in counted]

    def _execute(
        self,
        request: SearchRequest,
        where: _Sql,
        filters: dict[str, list[str]],
        *,
        hits: bool,
        facets: bool,
        key_scope: tuple[str, _Sql] | None = None,
    ) -> list[tuple]:
        """One statement over the documents ``where`` matches: the page, the count and the
        facets as asked. With ``key_scope`` (PostgreSQL; key, wider WHERE) that single-valued
        key's facet counts the documents of the wider WHERE instead."""
        # Each filter is checked once per matched document, into a flag the page, the count and
        # the facets read: the page and count want every flag, a facet value of a filtered key
        # every flag but its own key's.
        keys = list(filters)
        checks = [self._flag(key, filters[key]) for key in keys]
        flag_sql = [f"({sql}) AS f{number}" for number, (sql, _) in enumerate(checks)]
        flag_params = [value for _, values in checks for value in values]

        def every_flag(skip: str | None = None) -> str:
            flags = [f"m.f{n}" for n, key in enumerate(keys) if key != skip]
            return " AND ".join(flags) or "1=1"

        pg = self.vendor == "postgresql"
        score_sql, score_params = self._score_sql(request) if hits else ("0", [])
        if hits and keys:
            # Only documents passing every filter can reach the page: the others skip scoring.
            score_sql = (
                f"CASE WHEN {' AND '.join(sql for sql, _ in checks)} THEN {score_sql} ELSE 0 END"
            )
            score_params = flag_params + score_params
        where_sql, where_params = where.where(), list(where.params)
        if len(keys) > 1:
            # A document failing two filters counts nowhere, not even in a facet.
            failed = " + ".join(f"(CASE WHEN {sql} THEN 0 ELSE 1 END)" for sql, _ in checks)
            where_sql = f"{where_sql} AND ({failed}) <= 1"
            where_params += flag_params
        # Only what the statement reads: the matched set is copied once, and the jsonb facets
        # are the widest part of it.
        columns = ["d.dataset_id", "d.name", "d.modified_at"] + flag_sql
        if facets:
            columns += _PG_FACET_COLUMNS if pg else ["d.facets"]
        parts: list[str] = []
        params: list[Any] = []
        if hits:
            # The page is cut from the matches first (a top-N sort keeps offset + limit rows
            # instead of sorting every match), then numbered, so its order survives UNION ALL.
            order = self._ORDER[request.sort]
            parts.append(
                f"SELECT 'hit' AS kind, p.dataset_id AS id, "
                f"CAST(ROW_NUMBER() OVER (ORDER BY {order}) AS TEXT) AS label, p.score FROM ("
                f"SELECT m.dataset_id, m.name, m.modified_at, m.score FROM matched m "
                f"WHERE {every_flag()} ORDER BY {order} LIMIT %s OFFSET %s) p"
            )
            params += [request.limit, request.offset]
            if not (facets and pg):  # on PostgreSQL the facet groups add up to the count
                parts.append(
                    f"SELECT 'count', NULL, NULL, COUNT(*) FROM matched m WHERE {every_flag()}"
                )
        if facets and pg:
            facet_parts, facet_params = self._pg_facet_parts(keys, every_flag)
            parts += facet_parts
            params += facet_params
            if key_scope is not None:
                parts.append(self._key_facet_part(*key_scope))
                params += key_scope[1].params
        elif facets:
            # SQLite: one pass over the matched set's pairs for all facets; a document failing
            # one filter counts only under that filter's key.
            condition = every_flag()
            if keys:
                cases = " ".join(f"WHEN %s THEN {every_flag(key)}" for key in keys)
                key_of = "substr(e.value, 1, instr(e.value, ':') - 1)"
                condition = f"CASE {key_of} {cases} ELSE {every_flag()} END"
                params += keys
            parts.append(
                "SELECT 'facet', NULL, e.value, COUNT(*) FROM matched m, json_each(m.facets) AS e "
                f"WHERE {condition} GROUP BY e.value"
            )
        statement = (
            f"WITH matched AS {'MATERIALIZED ' if pg else ''}("
            f"SELECT {', '.join(columns)}, {score_sql} AS score FROM {DOC} d "
            f"WHERE {where_sql}) " + " UNION ALL ".join(parts)
        )
        with transaction.atomic(), connection.cursor() as cursor:
            if pg:
                # The planner prices the GIN scans as if on spinning disks and prefers a
                # sequential scan that detoasts every document: 7x slower measured at 10k.
                # At 100k its cost estimates pass jit_above_cost, and compiling the statement
                # takes longer than running it.
                # The matched set of a broad query at 100k outgrows the default 4 MB work_mem
                # and would be written to a temporary file and read back by every part.
                cursor.execute(
                    "SET LOCAL random_page_cost = 1.1; SET LOCAL jit = off; "
                    "SET LOCAL work_mem = '32MB'"
                )
            cursor.execute(statement, flag_params + score_params + where_params + params)
            rows = [tuple(row) for row in cursor.fetchall()]
        if facets and pg:
            rows = self._pg_groups_to_facets(
                rows, keys, count=hits, skip=key_scope[0] if key_scope else None
            )
        return rows

    def _flag(self, key: str, values: list[str]) -> tuple[str, list[Any]]:
        """SQL true when the document has one of these values for the key (case-insensitive).
        On PostgreSQL a single-valued key is read from its own column, cheaper per row than a
        jsonb containment test."""
        if self.vendor == "postgresql" and key in _SINGLE_VALUED:
            folded = sorted({v.lower() for v in values if v})
            return f"lower(d.{key}) = ANY(%s)", [folded]
        return self._has_any("d", key, values)

    @staticmethod
    def _pg_facet_parts(
        keys: list[str], every_flag: Callable[[str | None], str]
    ) -> tuple[list[str], list[Any]]:
        """The facet counts of the matched set on PostgreSQL, in two passes. The single-valued
        keys are grouped once by all four columns and the filter flags (a few hundred groups
        at most), which ``_pg_groups_to_facets`` adds up per key; one hash aggregate over the
        matches instead of one per key. The multi-valued ones are counted by unnesting
        ``facets_multi``. A value of a filtered key counts the documents passing every other
        filter; any other value, those passing every filter."""
        single = ", ".join(_SINGLE_VALUED)
        # The flags as one integer, bit n for filter n.
        flag_bits = " | ".join(
            f"(CASE WHEN m.f{n} THEN {1 << n} ELSE 0 END)" for n in range(len(keys))
        )
        single_sql = (
            f"SELECT 'group', g.flags, json_build_array({single})::text, g.n FROM ("
            f"SELECT {single}, {flag_bits or '0'} AS flags, COUNT(*) AS n FROM matched m "
            f"GROUP BY {single}, flags) g"
        )
        multi = [key for key in keys if key not in _SINGLE_VALUED]
        params: list[Any] = []
        if multi:
            # The unnested rows keep their document's flags, under the alias the flags use.
            cases = " ".join(f"WHEN %s THEN {every_flag(key)}" for key in multi)
            condition = f"CASE split_part(m.value, ':', 1) {cases} ELSE {every_flag(None)} END"
            params += multi
            flags = "".join(f", m.f{n}" for n in range(len(keys)))
            multi_sql = (
                "SELECT 'facet', NULL, m.value, COUNT(*) FROM ("
                f"SELECT unnest(m.facets_multi) AS value{flags} FROM matched m) m "
                f"WHERE {condition} GROUP BY m.value"
            )
        else:
            # Only documents passing every filter count: they are chosen before unnesting.
            multi_sql = (
                "SELECT 'facet', NULL, e.value, COUNT(*) FROM ("
                f"SELECT unnest(m.facets_multi) AS value FROM matched m "
                f"WHERE {every_flag(None)}) e GROUP BY e.value"
            )
        return [single_sql, multi_sql], params

    @staticmethod
    def _key_facet_part(key: str, where: _Sql) -> str:
        """One single-valued key's facet over the documents ``where`` matches (its params are
        ``where.params``); an empty domain is no domain."""
        return (
            f"SELECT 'facet', NULL, '{key}:' || d.{key}, COUNT(*) FROM {DOC} d "
            f"WHERE {where.where()} AND d.{key} <> '' GROUP BY d.{key}"
        )

    @staticmethod
    def _pg_groups_to_facets(
        rows: list[tuple], keys: list[str], *, count: bool, skip: str | None = None
    ) -> list[tuple]:
        """Replace the single-valued keys' groups by their facet values (and the count of
        documents passing every filter, when asked for); ``skip``'s values are counted by
        another part of the statement."""
        every = (1 << len(keys)) - 1
        # The flags a value of each key needs: every filter's but its own key's.
        needed = {
            key: every & ~(1 << keys.index(key)) if key in keys else every for key in _SINGLE_VALUED
        }
        counts: Counter = Counter()
        total = 0
        out = []
        for row in rows:
            if row[0] != "group":
                out.append(row)
                continue
            flags, n = int(row[1]), int(row[3])
            if flags == every:
                total += n
            for key, value in zip(_SINGLE_VALUED, json.loads(row[2])):
                if value and key != skip and flags & needed[key] == needed[key]:
                    counts[f"{key}:{value}"] += n
        out += [("facet", None, pair, n) for pair, n in counts.items()]
        if count:
            out.append(("count", None, None, total))
        return out

    @staticmethod
    def _page(hits: list[tuple[int, float]], request: SearchRequest) -> list[SearchHit]:
        docs = {
            doc.dataset_id: doc
            for doc in DatasetDocument.objects.filter(
                dataset_id__in=[dataset_id for dataset_id, _ in hits]
            ).only("dataset_id", "urn", "name", "description", "field_paths", "body_text")
        }
        terms = request.query.highlight_terms
        return [
            SearchHit(
                dataset_id=dataset_id,
                urn=docs[dataset_id].urn,
                score=score,
                highlights=highlights(
                    terms=terms,
                    name=docs[dataset_id].name,
                    description=docs[dataset_id].description,
                    field_paths=docs[dataset_id].field_paths,
                    body=docs[dataset_id].body_text,
                ),
            )
            for dataset_id, score in hits
            if dataset_id in docs
        ]

    def _fuzzy_clause(self, request: SearchRequest) -> _Sql | None:
        """Names similar to the query when nothing matched it as typed (misspellings)."""
        text = " ".join(request.query.terms)
        if len(text) < 3:
            return None
        sql = _Sql()
        if self.vendor == "postgresql":
            alternatives = self._similar_tokens(request.query.terms)
            if alternatives is None:
                return None
            # Tokens are [0-9a-z]+ (name_tokens), safe in a tsquery.
            tsquery = " & ".join("(" + " | ".join(tokens) + ")" for tokens in alternatives)
            sql.add(f"{NAME_VECTOR} @@ to_tsquery('simple', %s)", tsquery)
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
        # As on PostgreSQL, every term must be close to a token of the name.
        close = [
            rowid
            for rowid, name_text in candidates
            if all(
                max(
                    (difflib.SequenceMatcher(None, term, tok).ratio() for tok in name_text.split()),
                    default=0,
                )
                >= 0.75
                for term in request.query.terms
            )
        ]
        if not close:
            return None
        sql.add(f"d.dataset_id IN ({','.join(['%s'] * len(close))})", *close)
        return sql

    @staticmethod
    def _similar_tokens(terms: Sequence[str]) -> list[list[str]] | None:
        """For each term, the name tokens closest to it (trigram similarity over the token
        dictionary, GIN-indexed); None when a term is like no token."""
        alternatives = []
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL pg_trgm.similarity_threshold = {FUZZY_THRESHOLD}")
            for term in terms:
                cursor.execute(
                    "SELECT token FROM search_nametoken WHERE token %% %s "
                    "ORDER BY similarity(token, %s) DESC, token LIMIT %s",
                    [term, term, FUZZY_EXPANSIONS],
                )
                tokens = [token for (token,) in cursor.fetchall()]
                if not tokens:
                    return None
                alternatives.append(tokens)
        return alternatives

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        prefix = prefix.strip().lower()
        if len(prefix) < 2:
            return []
        tokens = name_tokens(prefix)
        suggestions: list[Suggestion] = []
        with connection.cursor() as cursor:
            if self.vendor == "postgresql" and tokens:
                cursor.execute(
                    f"SELECT d.urn, d.name, d.platform, d.origin FROM {DOC} d "
                    "WHERE d.status <> 'removed' AND "
                    f"{NAME_VECTOR} @@ to_tsquery('simple', %s) "
                    "ORDER BY (lower(d.name) LIKE %s) DESC, length(d.name), d.name LIMIT %s",
                    [" & ".join(f"{t}:*" for t in tokens), _like(prefix)[1:], limit],
                )
            elif tokens:
                cursor.execute(
                    f"SELECT d.urn, d.name, d.platform, d.origin FROM {DOC} d "
                    "WHERE d.status <> 'removed' AND "
                    "d.dataset_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s) "
                    "ORDER BY (lower(d.name) LIKE %s) DESC, length(d.name), d.name LIMIT %s",
                    [
                        "name_text : (" + " AND ".join(f'"{t}"*' for t in tokens) + ")",
                        _like(prefix)[1:],
                        limit,
                    ],
                )
            suggestions += [
                Suggestion("dataset", name, urn, platform, origin)
                for urn, name, platform, origin in cursor.fetchall()
            ]
        fields = FieldName.objects.filter(folded__gte=prefix, folded__lt=prefix + "\uffff")
        suggestions += [
            Suggestion("field", name)
            for name in fields.order_by("folded").values_list("name", flat=True)[:limit]
        ]
        owners = User.objects.filter(username__istartswith=prefix, ownerships__isnull=False)
        for user in owners.distinct().order_by("username")[:limit]:
            suggestions.append(Suggestion("owner", user.username, user.urn))
        groups = Group.objects.filter(name__istartswith=prefix).order_by("name")[:limit]
        suggestions += [Suggestion("owner", group.name, group.urn) for group in groups]
        tags = Tag.objects.filter(name__istartswith=prefix).annotate(n=Count("dataset_links"))
        suggestions += [
            Suggestion("tag", tag.name, tag.urn) for tag in tags.order_by("-n", "name")[:limit]
        ]
        return interleave_suggestions(suggestions, limit)

    def count(self) -> int:
        return DatasetDocument.objects.count()

    def indexed_versions(self) -> dict[int, int]:
        return dict(DatasetDocument.objects.values_list("dataset_id", "version"))

    def health(self) -> dict[str, object]:
        """Cheap on purpose (/healthz calls it): the index lives in the database MDT already
        checked, so this only confirms the index table answers."""
        try:
            DatasetDocument.objects.only("dataset_id").first()
        except DatabaseError as exc:
            return {"ok": False, "backend": self.name, "error": str(exc)}
        return {"ok": True, "backend": self.name, "vendor": self.vendor}
