"""Hits out: a search request with text goes to ``ranked`` (a bounded statement, then the page
tier by tier when the matches are many); without text, the page and count come from FacetCount
and ordered indexes (``browse``) where they can, and from a bounded statement otherwise; the
facets from ``facets``. Nothing matched as typed, a search retries with the names closest to
its terms (misspellings)."""

from typing import Any

from django.db import DatabaseError

from search.backends.base import SearchPage, SearchRequest, SearchUnavailable
from search.backends.database import ranked
from search.backends.database.browse import catalog_page, held
from search.backends.database.dialect import Dialect
from search.backends.database.facets import facets_without_text
from search.backends.database.pages import hit_rows, page_of
from search.backends.database.sql import REMOVED, Where
from search.backends.database.statement import statement_rows
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
    excluded = query.excluded_terms
    for number, term in enumerate(query.terms):
        merged = dialect.term_without(term, excluded) if number == 0 and excluded else None
        if merged is not None:
            excluded = []
        sql.add(*_flat(merged or dialect.term(term)))
    for phrase in query.phrases:
        words = text_terms(phrase)
        if words:
            sql.add(*_flat(dialect.phrase(phrase, words)))
    for term in excluded:
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


def _run(dialect: Dialect, request: SearchRequest, text: Where, *, fuzzy: bool) -> SearchPage:
    where = Where()
    where.extend(base_clause(dialect=dialect, request=request))
    where.extend(text)
    filters = {key: values for key, values in request.all_filters().items() if values}
    if text.parts:
        # A term held by the name or the field names is matched: the reads of those tiers need
        # not test the text again (on SQLite each test is a set of every match).
        plain_terms = not (fuzzy or request.query.phrases or request.query.excluded_terms)
        return ranked.text_page(
            dialect=dialect,
            request=request,
            where=where,
            filters=filters,
            fuzzy=fuzzy,
            base=base_clause(dialect=dialect, request=request) if plain_terms else None,
        )
    # Removed datasets hidden and nothing excluded: what FacetCount counts.
    plain = not request.query.excluded_filters and not request.include_removed
    pushed = ranked.filtered_where(dialect, where, filters)
    for key, values in filters.items():
        if key in ("platform", "origin", "domain") and not request.include_removed:
            # The same filter on the key's column as stored, so the (key, status, name) index
            # can give a page in name order: a name walk would pass every other platform's
            # names first (310k rows before the first hive one at 1M).
            stored = [pair.partition(":")[2] for pair in sorted(held(key, values))]
            pushed.add(*_flat(dialect.column_in(f"d.{key}", stored)))
    count_is_exact = True
    rows: list[tuple] | None = None
    if plain and len(filters) <= 1 and "status" not in filters:
        rows = catalog_page(dialect=dialect, request=request, filters=filters, where=pushed)
    if rows is None:
        bound = request.track_total_hits
        score = ranked.score_sql(dialect=dialect, request=request)
        rows = statement_rows(
            dialect=dialect,
            request=request,
            where=pushed,
            filters={},
            score=score,
            facets=False,
            sample=bound + 1,
        )
        if _matched(rows) > bound:
            count_is_exact = False
            hits = ranked.top_hits(
                dialect=dialect, request=request, where=pushed, score=score, tiers={}, per_sample=1
            )
            rows = hit_rows(hits, bound)
    facet_rows, facets_are_exact = facets_without_text(
        dialect=dialect, request=request, where=where, filters=filters, plain=plain
    )
    page = page_of(rows + facet_rows, request, fuzzy=fuzzy)
    page.count_is_exact, page.facets_are_exact = count_is_exact, facets_are_exact
    return page


def _matched(rows: list[tuple]) -> int:
    return next(int(value) for kind, _, _, value in rows if kind == "matched")


def _fuzzy_clause(dialect: Dialect, request: SearchRequest) -> Where | None:
    """Names similar to the query when nothing matched it as typed (misspellings)."""
    if len(" ".join(request.query.terms)) < 3:
        return None
    return dialect.fuzzy(request.query.terms)
