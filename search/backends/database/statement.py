"""One statement over the documents a WHERE clause matches: the matched set is computed once
(a CTE), then the page, the count and the facets are read from it, as rows of
``(kind, id, label, value)``: ``('hit', dataset_id, position, score)``, ``('count', None, None,
n)`` and ``('facet', None, 'key:value', n)``.

The matched set is bounded: it holds at most ``sample`` documents (one more than the request's
``track_total_hits``), as ``('matched', None, None, n)`` says. When it is full, the count is a
lower bound and the facets are those of a sample. With ``score``, every matched document is
scored and the page is cut from them: ``ranked`` asks for it only when a search is guessed to
match few, as scoring costs about as much as the facets (~2 µs a match) to keep 20. With
``spread`` (a score's SQL), a full statement also says how a sample of the matched documents
that pass every filter spread over the ranking tiers and name lengths:
``('tier', None, 'tier:length', n)``, what ``ranked`` plans its reads of the page with.

Each filter is checked once per matched document, into a flag the page, the count and the
facets read: the page and count want every flag, a facet value of a filtered key every flag but
its own key's."""

from dataclasses import dataclass
from typing import Any, Callable

from django.db import connection, transaction

from search.backends.base import SearchRequest
from search.backends.database.dialect import Dialect
from search.backends.database.sql import DOC, ORDER, STATUS_WEIGHT, Where

# The tier spread plans reads (a length range of a tier at a time, the first expected to hold
# twice the page), so a small sample does: each of its documents is looked up and scored, 7 µs
# for one term (measured at 100k), 13 µs for two (at 10k).
TIER_SAMPLE = 500


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
    sample: int,
    spread: tuple[str, list[Any]] | None = None,
    spread_from: int | None = None,
    sequential: bool = False,
) -> list[tuple]:
    """The count, the page (when ``score``, the SQL of a matched document's score, is given),
    the facets when asked for and the tiers' spread by the ``spread`` score when given and at
    least ``spread_from`` documents matched (by default, when the matched set is full), over at
    most ``sample`` matched documents."""
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
    columns = ["d.dataset_id", "d.name", "d.modified_at", "d.status"] + flags.columns
    if facets:
        columns += dialect.facet_columns()
    parts, params = _parts(
        dialect=dialect, request=request, flags=flags, hits=score is not None, facets=facets
    )
    parts.append("SELECT 'matched', NULL, NULL, COUNT(*) FROM matched m")
    if spread is not None and score is not None:
        # Every match scored already: the spread is read from the matched set.
        parts.append(_tiers_part(flags))
        columns.append(f"{dialect.length_key} AS len")
    elif spread is not None:
        parts.append(_spread_part(dialect, flags, spread[0], spread_from or sample))
        params += spread[1]
    statement = (
        f"WITH matched AS {dialect.matched_as}("
        f"SELECT {', '.join(columns)}, {score_sql} AS score "
        f"FROM {DOC} d WHERE {where_sql} LIMIT {int(sample)}) " + " UNION ALL ".join(parts)
    )
    with transaction.atomic(), connection.cursor() as cursor:
        dialect.tune(cursor, sequential=sequential)
        cursor.execute(statement, flags.params + score_params + where_params + params)
        rows = [tuple(row) for row in cursor.fetchall()]
    if facets:
        rows = dialect.facet_rows(rows, flags.keys, count=True)
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
        parts.append(f"SELECT 'count', NULL, NULL, COUNT(*) FROM matched m WHERE {flags.every()}")
    if facets:
        every: Callable[[str | None], str] = flags.every
        facet_parts, facet_params = dialect.facet_parts(flags.keys, every)
        parts += facet_parts
        params += facet_params
    return parts, params


def _tier_label(alias: str) -> str:
    """SQL of a scored document's ``tier:length``, its row aliased ``alias`` (``points`` and
    ``len`` columns, ``_points``). A score is its points times the status weight
    (``ranked.score_sql``): the points say the tier (a field named as typed and the name
    10300 and up, that field 6200 and more than the length's share with some terms in the
    name, that field 6200, name and fields 6100, name 4100, fields 2000 and more than the
    length's share with some terms in the name, fields 2000, partial when more than the
    length's share; an exact name, 12100 and up, counts as name and fields: it only plans
    reads)."""
    points, length = f"{alias}.points", f"{alias}.len"
    tier = (
        f"CASE WHEN {points} >= 12100 THEN 'name_fields' WHEN {points} >= 10300 THEN "
        f"'field_name' WHEN {points} > 6299 - {length} THEN 'field_partial' "
        f"WHEN {points} >= 6200 THEN 'field' "
        f"WHEN {points} >= 6100 THEN 'name_fields' WHEN {points} >= 4100 THEN 'name' "
        f"WHEN {points} > 2099 - {length} THEN 'fields_partial' "
        f"WHEN {points} >= 2000 THEN 'fields' "
        f"WHEN {points} > 99 - {length} THEN 'partial' ELSE 'rest' END"
    )
    return f"({tier}) || ':' || CAST({length} AS TEXT)"


def _points(score: str, alias: str) -> str:
    """SQL of the points of a score (``score``, of the document aliased ``alias``): the score
    over its status weight. Each sample below computes them once per document, in a subquery
    its LIMIT keeps from being pulled up into the query: the label tests them up to 9 times."""
    return f"({score}) / {STATUS_WEIGHT.replace('d.status', alias + '.status')}"


def _tiers_part(flags: _Flags) -> str:
    """How TIER_SAMPLE of the scored matched documents passing every filter spread over the
    tiers and name lengths."""
    label = _tier_label("t")
    return (
        f"SELECT 'tier', NULL, {label}, COUNT(*) FROM (SELECT {_points('m.score', 'm')} AS "
        f"points, m.len FROM matched m WHERE {flags.every()} LIMIT {TIER_SAMPLE}) t "
        f"GROUP BY {label}"
    )


def _spread_part(dialect: Dialect, flags: _Flags, score: str, least: int) -> str:
    """How TIER_SAMPLE of the unscored matched documents passing every filter spread over the
    tiers and name lengths, each scored by ``score`` (its parameters go last), when at least
    ``least`` matched: with fewer, the tiers are read whole, and scoring the sample would cost
    more than it saves (13 µs a document for two terms)."""
    label = _tier_label("s")
    # The scored sample's own LIMIT (it holds no more) keeps PostgreSQL from pulling it up into
    # the query, where the score was computed again for each test of the label: at 10k,
    # ``"user id"`` took 26 ms so, 22 ms scored once (``created date`` 37 and 32.5 ms).
    return (
        f"SELECT 'tier', NULL, {label}, COUNT(*) FROM ("
        f"SELECT {dialect.length_key} AS len, {_points(score, 'd')} AS points FROM {DOC} d "
        f"WHERE d.dataset_id IN (SELECT m.dataset_id FROM matched m WHERE {flags.every()} "
        f"LIMIT {TIER_SAMPLE}) AND (SELECT COUNT(*) FROM matched) >= {int(least)} "
        f"LIMIT {TIER_SAMPLE}) s GROUP BY {label}"
    )
