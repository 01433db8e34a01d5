"""Hits out: a search request becomes one statement (``statement``), or, for the unsearched
catalog, reads of FacetCount and ordered indexes (``browse``).

Results rank in tiers, so the order is predictable: an exact name first, then datasets whose
name holds every term, then those whose field names, tags or owners do, then description and
docs matches; within a tier, names holding more of the terms and shorter names come first.
Deprecated and removed datasets sink. Nothing matched as typed, a search retries with the names
closest to its terms (misspellings)."""

from typing import Any

from django.db import DatabaseError

from search.backends.base import (
    FacetValue,
    SearchHit,
    SearchPage,
    SearchRequest,
    SearchUnavailable,
)
from search.backends.database.browse import catalog_page
from search.backends.database.dialect import Dialect
from search.backends.database.facets import facets_without_text
from search.backends.database.sql import REMOVED, SCORE_SCALE, STATUS_WEIGHT, Where
from search.backends.database.statement import KeyScope, statement_rows
from search.documents import FACET_KEYS
from search.highlight import highlights
from search.models import DatasetDocument, FacetCount
from search.query import text_terms


def search_page(*, dialect: Dialect, request: SearchRequest) -> SearchPage:
    try:
        page = _run(dialect, request, text_clause(dialect=dialect, request=request), fuzzy=False)
        if page.count == 0 and request.query.terms and not request.query.phrases:
            fuzzy_text = _fuzzy_clause(dialect, request)
            if fuzzy_text is not None:
                page = _run(dialect, request, fuzzy_text, fuzzy=True)
    except DatabaseError as exc:
        raise SearchUnavailable(f"database search failed: {exc}") from exc
    return page


def text_clause(*, dialect: Dialect, request: SearchRequest) -> Where:
    """Every term must match a token or a token prefix anywhere (name, words inside the name,
    field names, tags, owners, descriptions); phrases match as phrases."""
    sql = Where()
    query = request.query
    for term in query.terms:
        sql.add(*_flat(dialect.term(term)))
    for phrase in query.phrases:
        words = text_terms(phrase)
        if words:
            sql.add(*_flat(dialect.phrase(phrase, words)))
    for term in query.excluded_terms:
        sql.add(*_flat(dialect.excluded_term(term)))
    return sql


def _flat(clause: tuple[str, list[Any]]) -> list[Any]:
    sql, params = clause
    return [sql, *params]


def base_clause(*, dialect: Dialect, request: SearchRequest) -> Where:
    """The status rule and the query's exclusions: what no part of the answer may hold."""
    sql = Where()
    if "status" not in request.all_filters() and not request.include_removed:
        sql.add("d.status <> %s", REMOVED)
    for key, values in request.query.excluded_filters.items():
        if values:
            excluded, params = dialect.has_any("d", key, values)
            sql.add(f"NOT ({excluded})", *params)
    return sql


def score_sql(*, dialect: Dialect, request: SearchRequest) -> tuple[str, list[Any]]:
    """The relevance of a matched document as an integer expression (SCORE_SCALE is 1.0),
    computed for every match, so it reads only short columns and calls lower() only on names
    that hold every term: integer arithmetic and few calls per row, since at 100k datasets a
    broad query scores tens of thousands of rows."""
    terms = request.query.terms + [t for p in request.query.phrases for t in text_terms(p)]
    if not terms:
        return f"{STATUS_WEIGHT} * {SCORE_SCALE // 10}", []
    holds = dialect.holds
    raw = (request.query.raw_text or " ".join(request.query.phrases)).lower()
    # The whole name, or its last segment, as typed. Such a name holds every term, so the test
    # runs inside the name tier's.
    tail = "substr(d.name, length(d.name) - %s)"
    exact = f"lower({tail}) IN (%s, %s) OR lower(d.name) = %s"
    exact_params: list[Any] = [len(raw), "." + raw, "/" + raw, raw]
    in_name = " AND ".join([holds("d.name_text")] * len(terms))
    in_fields = " AND ".join([f"({holds('d.fields_text')} OR {holds('d.meta_text')})"] * len(terms))
    # Ties within a tier: names holding more of the terms, then shorter names (more of the name
    # is what was asked for).
    share = "0"
    share_params: list[Any] = []
    if len(terms) > 1:
        found = " + ".join([f"(CASE WHEN {holds('d.name_text')} THEN 1 ELSE 0 END)"] * len(terms))
        share = f"({found}) * 100 / {len(terms)}"
        share_params = list(terms)
    points = (
        f"(CASE WHEN {in_name} THEN 4100 + (CASE WHEN {exact} THEN 8000 ELSE 0 END)"
        f" ELSE {share} END)"
        f" + (CASE WHEN {in_fields} THEN 2000 ELSE 0 END)"
        " + (CASE WHEN length(d.name) > 99 THEN 0 ELSE 99 - length(d.name) END)"
    )
    params = list(terms) + exact_params + share_params + [t for t in terms for _ in (1, 2)]
    return f"({points}) * {STATUS_WEIGHT}", params


def _run(dialect: Dialect, request: SearchRequest, text: Where, *, fuzzy: bool) -> SearchPage:
    """With text, one statement: the matching set is computed once, then the page, the count and
    every facet are read from it (one filter on a single-valued key may narrow that set in the
    index scan: ``narrowed``). Without text the matching set is the whole catalog, so the page
    and count push the filters into the CTE (GIN index on the facet pairs), and the facets come
    from ``facets_without_text``."""
    where = Where()
    where.extend(base_clause(dialect=dialect, request=request))
    where.extend(text)
    filters = {key: values for key, values in request.all_filters().items() if values}
    if text.parts:
        score = score_sql(dialect=dialect, request=request)
        narrow = narrowed(dialect=dialect, request=request, where=where, filters=filters)
        if narrow is None:
            rows = statement_rows(
                dialect=dialect,
                request=request,
                where=where,
                filters=filters,
                score=score,
                facets=True,
            )
        else:
            key, narrowed_where = narrow
            rows = statement_rows(
                dialect=dialect,
                request=request,
                where=narrowed_where,
                filters={},
                score=score,
                facets=True,
                key_scope=KeyScope(key, where),
            )
    else:
        # Removed datasets hidden and nothing excluded: what FacetCount counts.
        plain = not request.query.excluded_filters and not request.include_removed
        if plain and not filters:
            rows = catalog_page(request=request)
        elif plain and len(filters) == 1 and set(filters) <= {"platform", "origin", "domain"}:
            ((key, values),) = filters.items()
            rows = catalog_page(request=request, key=key, values=values)
        else:
            pushed = Where()
            pushed.extend(where)
            for key, values in filters.items():
                pushed.add(*_flat(dialect.has_any("d", key, values)))
            score = score_sql(dialect=dialect, request=request)
            rows = statement_rows(
                dialect=dialect,
                request=request,
                where=pushed,
                filters={},
                score=score,
                facets=False,
            )
        rows += facets_without_text(
            dialect=dialect, request=request, where=where, filters=filters, plain=plain
        )
    return _page_of(rows, request, fuzzy=fuzzy)


def _page_of(rows: list[tuple], request: SearchRequest, *, fuzzy: bool) -> SearchPage:
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
    return SearchPage(count=total, hits=_hits(page, request), facets=facets, fuzzy=fuzzy)


def narrowed(
    *, dialect: Dialect, request: SearchRequest, where: Where, filters: dict[str, list[str]]
) -> tuple[str, Where] | None:
    """A text search refined by one filter on platform, origin or domain (a click on one facet
    of the sidebar), where the dialect can: the matched set is narrowed by the filter inside
    the index scan (a BitmapAnd of the tsvector GIN and the key's btree), so only its documents
    are read, scored and counted; returns that key and the narrowed WHERE. The key's own
    facet, which must count every text match, is then one grouping of that column
    (``KeyScope`` of ``statement_rows``). The filter matches any case, the btree only the values
    as stored: their spellings are FacetCount's, exact for what such a search shows (removed
    datasets hidden). They are read just before the statement, as a list the planner can
    estimate (read inside it, the planner loses the BitmapAnd: 53 ms instead of 47 for
    ``orders`` at 100k), so a spelling first written between the two is missed by that one
    search."""
    if not dialect.narrows_by_column or request.include_removed or len(filters) != 1:
        return None
    ((key, values),) = filters.items()
    if key not in ("platform", "origin", "domain"):
        return None
    folded = {f"{key}:{value}".lower() for value in values}
    spelled = sorted(
        pair.partition(":")[2]
        for pair in FacetCount.objects.filter(pair__startswith=f"{key}:", count__gt=0).values_list(
            "pair", flat=True
        )
        if pair.lower() in folded
    )
    narrowed_where = Where()
    narrowed_where.extend(where)
    narrowed_where.add(*_flat(dialect.column_in(f"d.{key}", spelled)))
    return key, narrowed_where


def _hits(hits: list[tuple[int, float]], request: SearchRequest) -> list[SearchHit]:
    """The page's hits, read from their documents, with highlights."""
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


def _fuzzy_clause(dialect: Dialect, request: SearchRequest) -> Where | None:
    """Names similar to the query when nothing matched it as typed (misspellings)."""
    if len(" ".join(request.query.terms)) < 3:
        return None
    return dialect.fuzzy(request.query.terms)
