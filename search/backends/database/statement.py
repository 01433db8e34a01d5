"""One statement over the documents a WHERE clause matches: the matched set is computed once
(a CTE), then the page, the count and the facets are read from it, as rows of
``(kind, id, label, value)``: ``('hit', dataset_id, position, score)``, ``('count', None, None,
n)`` and ``('facet', None, 'key:value', n)``.

Each filter is checked once per matched document, into a flag the page, the count and the
facets read: the page and count want every flag, a facet value of a filtered key every flag but
its own key's."""

from dataclasses import dataclass
from typing import Any, Callable

from django.db import connection, transaction

from search.backends.base import SearchRequest
from search.backends.database.dialect import Dialect
from search.backends.database.sql import DOC, ORDER, Where


@dataclass
class KeyScope:
    """A single-valued key whose facet counts the documents of a wider WHERE than the
    statement's (a search narrowed by that key's filter still counts every text match)."""

    key: str
    where: Where


@dataclass
class _Flags:
    """The filters' checks on the matched documents, as SQL flags ``f0``, ``f1``…"""

    keys: list[str]
    checks: list[tuple[str, list[Any]]]

    @property
    def columns(self) -> list[str]:
        return [f"({sql}) AS f{number}" for number, (sql, _) in enumerate(self.checks)]

    @property
    def params(self) -> list[Any]:
        return [value for _, values in self.checks for value in values]

    def every(self, skip: str | None = None) -> str:
        """SQL true when a matched document passes every filter but ``skip``'s."""
        flags = [f"m.f{n}" for n, key in enumerate(self.keys) if key != skip]
        return " AND ".join(flags) or "1=1"


def statement_rows(
    *,
    dialect: Dialect,
    request: SearchRequest,
    where: Where,
    filters: dict[str, list[str]],
    score: tuple[str, list[Any]] | None,
    facets: bool,
    key_scope: KeyScope | None = None,
) -> list[tuple]:
    """The page (when ``score``, the SQL of a matched document's score, is given), the count
    with it, and the facets when asked for."""
    flags = _Flags(keys=list(filters), checks=[dialect.flag(k, v) for k, v in filters.items()])
    score_sql, score_params = score or ("0", [])
    if score and flags.keys:
        # Only documents passing every filter can reach the page: the others skip scoring.
        every_check = " AND ".join(sql for sql, _ in flags.checks)
        score_sql = f"CASE WHEN {every_check} THEN {score_sql} ELSE 0 END"
        score_params = flags.params + score_params
    where_sql, where_params = where.where(), list(where.params)
    if len(flags.keys) > 1:
        # A document failing two filters counts nowhere, not even in a facet.
        failed = " + ".join(f"(CASE WHEN {sql} THEN 0 ELSE 1 END)" for sql, _ in flags.checks)
        where_sql = f"{where_sql} AND ({failed}) <= 1"
        where_params += flags.params
    # Only what the statement reads: the matched set is copied once, and the facet pairs are
    # the widest part of it.
    columns = ["d.dataset_id", "d.name", "d.modified_at"] + flags.columns
    if facets:
        columns += dialect.facet_columns()
    parts, params = _parts(
        dialect=dialect, request=request, flags=flags, hits=score is not None, facets=facets
    )
    if facets and key_scope is not None:
        parts.append(_key_facet_part(key_scope))
        params += key_scope.where.params
    statement = (
        f"WITH matched AS {dialect.matched_as}("
        f"SELECT {', '.join(columns)}, {score_sql} AS score FROM {DOC} d "
        f"WHERE {where_sql}) " + " UNION ALL ".join(parts)
    )
    with transaction.atomic(), connection.cursor() as cursor:
        dialect.tune(cursor)
        cursor.execute(statement, flags.params + score_params + where_params + params)
        rows = [tuple(row) for row in cursor.fetchall()]
    if facets:
        skip = key_scope.key if key_scope else None
        rows = dialect.facet_rows(rows, flags.keys, count=score is not None, skip=skip)
    return rows


def _parts(
    *, dialect: Dialect, request: SearchRequest, flags: _Flags, hits: bool, facets: bool
) -> tuple[list[str], list[Any]]:
    """The parts read from ``matched m`` and their parameters."""
    parts: list[str] = []
    params: list[Any] = []
    if hits:
        # The page is cut from the matches first (a top-N sort keeps offset + limit rows
        # instead of sorting every match), then numbered, so its order survives UNION ALL.
        order = ORDER[request.sort]
        parts.append(
            f"SELECT 'hit' AS kind, p.dataset_id AS id, "
            f"CAST(ROW_NUMBER() OVER (ORDER BY {order}) AS TEXT) AS label, p.score FROM ("
            f"SELECT m.dataset_id, m.name, m.modified_at, m.score FROM matched m "
            f"WHERE {flags.every()} ORDER BY {order} LIMIT %s OFFSET %s) p"
        )
        params += [request.limit, request.offset]
        if not (facets and dialect.facets_count_matches):
            parts.append(
                f"SELECT 'count', NULL, NULL, COUNT(*) FROM matched m WHERE {flags.every()}"
            )
    if facets:
        every: Callable[[str | None], str] = flags.every
        facet_parts, facet_params = dialect.facet_parts(flags.keys, every)
        parts += facet_parts
        params += facet_params
    return parts, params


def _key_facet_part(scope: KeyScope) -> str:
    """One single-valued key's facet over the documents ``scope.where`` matches (its params
    are ``scope.where.params``); an empty domain is no domain."""
    key = scope.key
    return (
        f"SELECT 'facet', NULL, '{key}:' || d.{key}, COUNT(*) FROM {DOC} d "
        f"WHERE {scope.where.where()} AND d.{key} <> '' GROUP BY d.{key}"
    )
