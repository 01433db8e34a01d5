"""A text search's page, count and facets without scoring every match.

Results rank in tiers, so the order is predictable: an exact name first, then datasets with a
field named as typed (``user_name``: people look a column up by its name), those whose name
holds more of the terms first (``field_name``, ``field_partial``, ``field``), then datasets
whose name holds every term (``name``), then those whose field names, tags, terms or owners do
(``fields``), then the rest (``partial`` when the name holds some of the terms, ``rest``
otherwise, matched in descriptions, docs and custom property values). Within a tier, names
holding more of the terms and shorter names come first, then the name and the id decide.
Deprecated datasets sink to half their score, removed ones (shown only when asked for) lower.

A search first reads at most ``track_total_hits + 1`` matches in one statement
(``statement``): while they are no more, that statement is the whole answer, exact, as before.
When they are more, its facets are those of a sample (scaled to the planner's estimate of the
matches and flagged), the count is a lower bound, and the page is read tier by tier: each tier
through its own index (``Dialect.probe``), a few name lengths at a time (where the sample shows
the tier is common), each read cut at the page, stopping as soon as nothing left unread can
score above the page's last hit. A filter is always applied in full: the filtered results are
exact, and so is their count up to the threshold.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from search.backends.base import SearchPage, SearchRequest
from search.backends.database.dialect import Dialect
from search.backends.database.pages import facets_of, hit_rows, page_of
from search.backends.database.sql import (
    ACTIVE,
    DEPRECATED,
    DOC,
    ORDER,
    REMOVED,
    SCORE_SCALE,
    STATUS_WEIGHT,
    Where,
)
from search.backends.database.statement import statement_rows
from search.models import FieldName
from search.query import text_terms

# Points of a score (times the status weight): an exact name 8000 on top of the name tier's
# 4100; field names, tags, terms or owners 2000, and a field named as typed 4200 more (above
# every name tier's 6199, under an exact name's 12100 even with the name tier's points); the
# share of the terms the name holds and the shortness of the name under 100 each.
EXACT, NAME, FIELDS, EXACT_FIELD = 8000, 4100, 2000, 4200
TOP_WEIGHT = 10  # an active dataset's (sql.STATUS_WEIGHT): no score is higher than its
# A tier estimated to hold no more documents than this is read in one go, whatever the names'
# lengths; a larger one a few lengths at a time, the first read expected to hold twice the page
# and each next one four times more.
SMALL_TIER = 2000
# Tiers in the order of their scores: a field named as typed and the name holding every term;
# such a field and some of the terms in the name; such a field; the name holding every term,
# the field names too; the name alone; the field names and some of the terms in the name; the
# field names; some of the terms in the name; none. (A tier's read holds the tiers after it
# that it overlaps: the ceiling of what is left unread of a tier is what decides when to stop.)
# The first three only when some dataset has a field named as typed (``field_named``).
FIELD_TIERS = ("field_name", "field_partial", "field")
TIERS = (*FIELD_TIERS, "name_fields", "name", "fields_partial", "fields", "partial", "rest")
# When the dialect guesses more than ``Dialect.guess_margin`` times the bound match, the
# matches are counted (up to the bound) before anything is scored, and the facets read from
# FACET_SAMPLE of them.
FACET_SAMPLE = 2000


def ranked_terms(request: SearchRequest) -> list[str]:
    """The words ranking looks for: the free terms and the words of the phrases."""
    return request.query.terms + [t for p in request.query.phrases for t in text_terms(p)]


def typed(request: SearchRequest) -> str:
    """The query's text as typed (lowercased), for exact names and field names."""
    return (request.query.raw_text or " ".join(request.query.phrases)).lower()


def field_named(request: SearchRequest) -> str | None:
    """The query's text as typed when some indexed dataset has a field of that name (the field
    name dictionary, one indexed lookup): otherwise no document needs the test."""
    raw = typed(request)
    if not (raw and text_terms(raw)):
        return None
    with connection.cursor() as cursor:
        # Every text search asks: in SQL, as the ORM's compiling costs almost as much as the
        # lookup (0.38 ms against 0.21).
        table = FieldName._meta.db_table
        cursor.execute(f"SELECT 1 FROM {table} WHERE folded = %s LIMIT 1", [raw])
        return raw if cursor.fetchone() else None


def score_sql(
    *, dialect: Dialect, request: SearchRequest, field_name: str | None = None
) -> tuple[str, list[Any]]:
    """The relevance of a matched document as an integer expression (SCORE_SCALE is 1.0);
    ``field_name``: the field name that earns EXACT_FIELD (``field_named``)."""
    terms = ranked_terms(request)
    if not terms:
        return f"{STATUS_WEIGHT} * {SCORE_SCALE // 10}", []
    raw = typed(request)
    in_name, name_params = dialect.in_name(terms)
    in_fields, fields_params = dialect.in_fields(terms)
    fields_points = str(FIELDS)
    if field_name is not None:
        # Tested only where the field names hold the terms, as they do in a field so named.
        has_field, field_params = dialect.has_field(field_name)
        fields_points = f"{FIELDS} + (CASE WHEN {has_field} THEN {EXACT_FIELD} ELSE 0 END)"
        fields_params = fields_params + field_params
    # The whole name, or its last segment, as typed.
    tail = "substr(d.name, length(d.name) - %s)"
    exact = f"lower({tail}) IN (%s, %s) OR lower(d.name) = %s"
    exact_params: list[Any] = [len(raw), "." + raw, "/" + raw, raw]
    share, share_params = "0", []
    if len(terms) > 1:
        found = []
        for term in terms:
            sql, params = dialect.in_name([term])
            found.append(f"(CASE WHEN {sql} THEN 1 ELSE 0 END)")
            share_params += params
        share = f"({' + '.join(found)}) * 100 / {len(terms)}"
    points = (
        f"(CASE WHEN {in_name} THEN {NAME} + (CASE WHEN {exact} THEN {EXACT} ELSE 0 END)"
        f" ELSE {share} END)"
        f" + (CASE WHEN {in_fields} THEN {fields_points} ELSE 0 END)"
        f" + 99 - {dialect.length_key}"
    )
    params = name_params + exact_params + share_params + fields_params
    return f"({points}) * {STATUS_WEIGHT}", params


@dataclass
class _Sample:
    """What the bounded statement saw: how many matched (up to the bound), how many of those
    passed every filter, and how those spread over tiers and name lengths."""

    matched: int
    passed: int
    tiers: dict[str, dict[int, int]] = field(default_factory=dict)

    @property
    def spread(self) -> int:
        """How many documents the tiers' spread was read from (``statement.TIER_SAMPLE`` of
        those that passed, at most)."""
        return sum(sum(lengths.values()) for lengths in self.tiers.values())


def text_page(
    *,
    dialect: Dialect,
    request: SearchRequest,
    where: Where,
    filters: dict[str, list[str]],
    fuzzy: bool,
    base: Where | None = None,
) -> SearchPage:
    """``where`` is ``base`` and the text's clause; with ``base``, a document holding every
    term in its name or field names matches the text."""
    bound = request.track_total_hits
    # A misspelling's retry: the text as typed matched nothing, no field of that name either.
    field_name = None if fuzzy else field_named(request)
    score = score_sql(dialect=dialect, request=request, field_name=field_name)
    guess = dialect.estimate(where, ranked_terms(request))
    # Scoring every match in the bounded statement costs ~2 µs a match; reading the page tier
    # by tier, a round trip a tier, and the tier's candidates scored.
    most = dialect.scored_matches
    scored = most is None or (guess is not None and guess <= most)
    rows, every_match = _matches_read(dialect, request, where, filters, score, guess, scored)
    sample = _sample_of(rows)
    pushed, untexted = filtered_where(dialect, where, filters), None
    if base is not None:
        untexted = filtered_where(dialect, base, filters)

    def best(matches: int, common: bool) -> list[tuple]:
        """The page, read tier by tier, planned by the sample's spread (``matches`` documents
        passing every filter, ``common``: more than the bound)."""
        hits = top_hits(
            dialect=dialect,
            request=request,
            where=pushed,
            score=score,
            tiers=sample.tiers,
            per_sample=matches / max(sample.spread, 1),
            untexted=untexted,
            common=common,
            field_name=field_name,
        )
        return hit_rows(hits)

    if every_match:
        page_rows = [] if scored else best(sample.passed, common=False)
        return page_of(rows + page_rows, request, fuzzy=fuzzy)
    matches = max(guess or 0, bound + 1)
    facets = facets_of(rows, request.facet_size, matches / sample.matched)
    if filters:
        matches = int(matches * sample.passed / sample.matched)
        if matches <= dialect.guess_margin * bound or count_up_to(dialect, pushed, bound) <= bound:
            # The filtered results may be few enough to count and rank at once: one statement
            # (tier reads would each look the broad text up again: at 1M, 360 ms instead of
            # 240 for ``metrics daily`` with two filters).
            filtered = statement_rows(
                dialect=dialect,
                request=request,
                where=pushed,
                filters={},
                score=score,
                facets=False,
                sample=bound + 1,
            )
            if _sample_of(filtered).matched <= bound:
                page = page_of(filtered, request, fuzzy=fuzzy)
                page.facets, page.facets_are_exact = facets, False
                return page
    page = page_of(
        best(matches, common=True) + [("count", None, None, bound)], request, fuzzy=fuzzy
    )
    page.facets, page.count_is_exact, page.facets_are_exact = facets, False, False
    return page


def _matches_read(
    dialect: Dialect,
    request: SearchRequest,
    where: Where,
    filters: dict[str, list[str]],
    score: tuple[str, list[Any]],
    guess: int | None,
    scored: bool,
) -> tuple[list[tuple], bool]:
    """The bounded statement's rows, and whether they hold every match (no more than the
    bound) rather than a sample. With ``scored``, they hold the page too when they hold every
    match."""
    bound = request.track_total_hits

    def bounded(sample: int, sequential: bool = False, page: bool = False) -> list[tuple]:
        return statement_rows(
            dialect=dialect,
            request=request,
            where=where,
            filters=filters,
            score=score if page else None,
            facets=True,
            sample=sample,
            spread=score,
            # Unscored, the page is read tier by tier even when the statement holds every
            # match: past ``scored_matches``, a tier read whole would score too many.
            spread_from=None if page else min((dialect.scored_matches or 0) + 1, sample),
            sequential=sequential,
        )

    if guess is not None:
        if dialect.dense(guess, bound):
            # Most of the catalog matches: its first bound + 1 in table order, in one read.
            rows = bounded(bound + 1, sequential=True, page=scored)
            return rows, _sample_of(rows).matched <= bound
        if guess > dialect.guess_margin * bound and count_up_to(dialect, where, bound) > bound:
            # Far more matches than the bound: a smaller sample says as much about the facets.
            return bounded(FACET_SAMPLE, page=scored), False
    rows = bounded(bound + 1, page=scored)
    return rows, _sample_of(rows).matched <= bound


def filtered_where(dialect: Dialect, where: Where, filters: dict[str, list[str]]) -> Where:
    """``where`` and every filter, each in full."""
    pushed = Where()
    pushed.extend(where)
    for key, values in filters.items():
        sql, params = dialect.has_any("d", key, values)
        pushed.add(sql, *params)
    return pushed


def count_up_to(dialect: Dialect, where: Where, bound: int) -> int:
    """How many documents ``where`` matches, counting no further than ``bound + 1``."""
    with transaction.atomic(), connection.cursor() as cursor:
        dialect.tune(cursor)
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {DOC} d WHERE {where.where()} LIMIT %s) c",
            where.params + [bound + 1],
        )
        return int(cursor.fetchone()[0])


def top_hits(
    *,
    dialect: Dialect,
    request: SearchRequest,
    where: Where,
    score: tuple[str, list[Any]],
    tiers: dict[str, dict[int, int]],
    per_sample: float,
    untexted: Where | None = None,
    common: bool = True,
    field_name: str | None = None,
) -> list[tuple[int, int]]:
    """The page of ``where``'s matches, as (dataset_id, score), read tier by tier (relevance) or
    from the sort's index (name, last modified). ``untexted`` is ``where`` without the text's
    clause, when a document of the name and field tiers matches the text anyway. ``common``:
    the matches are many (more than the bound), so a read in an order is cut at the page soon
    walking that order's index and testing each document, rather than gathering every match
    through a filter's index and sorting them (the planner cannot tell: it guesses a tag or
    owner filter rare). ``field_name``: the field name ``score`` rewards (``score_sql``)."""
    plan = (tiers, per_sample, common)
    return _best(dialect, request, where, score, plan, untexted, field_name)[request.offset :]


def _best(
    dialect: Dialect,
    request: SearchRequest,
    where: Where,
    score: tuple[str, list[Any]],
    plan: tuple[dict[str, dict[int, int]], float, bool],
    untexted: Where | None,
    field_name: str | None = None,
) -> list[tuple[int, int]]:
    """Every hit up to the page's end, in order."""
    wanted = request.offset + request.limit
    in_order = plan[2]
    if request.sort != "relevance":
        order = ORDER[request.sort]
        hits = _read(dialect, where, score, None, order, wanted, in_order, in_order)
        return [(i, s) for i, _, s in hits]
    terms = ranked_terms(request)
    best = _Best(wanted)
    if not terms:
        # Every match scores its status weight: each status's matches in name order (an index).
        for status in _statuses(request):
            # Most datasets are active: those are read in name order, the few others sorted.
            by_status = (dialect.status_is if status == ACTIVE else "d.status = %s", [status])
            walk = in_order and status == ACTIVE
            best.add(_read(dialect, where, score, by_status, ORDER["name"], wanted, in_order, walk))
        return best.hits()
    raw = typed(request)
    if raw:
        exact_where = untexted if untexted and dialect.exact_probe_holds_terms else where
        exact = dialect.exact_probe(raw)
        best.add(_read(dialect, exact_where, score, exact, ORDER["relevance"], wanted))
    share = (len(terms) - 1) * 100 // len(terms)
    # The most points a tier's document can have besides the shortness of its name.
    ceiling = {
        "field_name": NAME + FIELDS + EXACT_FIELD,
        "field_partial": FIELDS + EXACT_FIELD + share,
        "field": FIELDS + EXACT_FIELD,
        "name_fields": NAME + FIELDS,
        "name": NAME,
        "fields_partial": FIELDS + share,
        "fields": FIELDS,
        "partial": share,
        "rest": 0,
    }
    for tier in TIERS:
        if tier in ("field_partial", "fields_partial", "partial") and len(terms) == 1:
            continue
        if tier in FIELD_TIERS and field_name is None:
            continue
        if best.beats((ceiling[tier] + 99) * TOP_WEIGHT):
            break
        tier_where = where
        if untexted is not None and tier not in ("partial", "rest"):
            tier_where = untexted  # the name or the field names hold every term
        lengths = [(1, 99)]
        if dialect.probes_by_length:
            lengths = _lengths(plan[0].get(tier, {}), plan[1], wanted)
        for low, high in lengths:
            if tier in FIELD_TIERS:
                probe = dialect.field_probe(tier, field_name or "", terms, (low, high))
            else:
                probe = dialect.probe(tier, terms, (low, high))
            best.add(_read(dialect, tier_where, score, probe, ORDER["relevance"], wanted))
            # What the tier holds beyond these lengths is longer, so scores less.
            if high == 99 or best.beats((ceiling[tier] + 98 - high) * TOP_WEIGHT):
                break
    return best.hits()


class _Best:
    """The best ``wanted`` hits read so far, in the page's order."""

    def __init__(self, wanted: int) -> None:
        self.wanted = wanted
        self.rows: dict[int, tuple[int, str]] = {}

    def add(self, rows: list[tuple[int, str, int]]) -> None:
        for dataset_id, name, score in rows:
            self.rows[dataset_id] = (int(score), name)

    def _ordered(self) -> list[tuple[int, int, str]]:
        return sorted(((-s, n, i) for i, (s, n) in self.rows.items()), key=lambda r: r)

    def beats(self, score: int) -> bool:
        """Whether the page is full with hits scoring above ``score``: nothing scoring at most
        that can enter it (a tie could, by its name)."""
        if len(self.rows) < self.wanted:
            return False
        return -self._ordered()[self.wanted - 1][0] > score

    def hits(self) -> list[tuple[int, int]]:
        return [(i, -s) for s, _, i in self._ordered()[: self.wanted]]


def _lengths(spread: dict[int, int], per_sample: float, wanted: int) -> list[tuple[int, int]]:
    """Ranges of name lengths to read a tier in, from how its sampled documents spread over
    name lengths (each standing for ``per_sample`` documents)."""
    if sum(spread.values()) * per_sample <= SMALL_TIER:
        return [(1, 99)]
    ranges, low, seen, target = [], 1, 0.0, 2 * wanted
    for length in sorted(spread):
        seen += spread[length] * per_sample
        if seen >= target and length < 99:
            ranges.append((low, length))
            low, target = length + 1, target * 4
    ranges.append((low, 99))
    return ranges


def _statuses(request: SearchRequest) -> list[str]:
    """The statuses a search may show."""
    asked = {value.lower() for value in request.all_filters().get("status", [])}
    if asked:
        return [status for status in (ACTIVE, DEPRECATED, REMOVED) if status in asked]
    return [ACTIVE, DEPRECATED, REMOVED] if request.include_removed else [ACTIVE, DEPRECATED]


def _read(
    dialect: Dialect,
    where: Where,
    score: tuple[str, list[Any]],
    probe: tuple[str, list[Any]] | None,
    order: str,
    wanted: int,
    in_order: bool = False,
    walk: bool = False,
) -> list[tuple[int, str, int]]:
    """The first ``wanted`` matches of ``where`` (and ``probe``) in ``order``, scored; with
    ``in_order``, not gathered through a filter's index (``top_hits``' ``common``); with
    ``walk``, read walking the order's index."""
    scored, score_params = score
    where_sql, params = where.where(), list(where.params)
    if probe is not None:
        where_sql = f"{where_sql} AND {probe[0]}"
        params += probe[1]
    with transaction.atomic(), connection.cursor() as cursor:
        dialect.tune(cursor, sequential=in_order, ordered=walk)
        cursor.execute(
            f"SELECT dataset_id, name, score FROM (SELECT d.dataset_id, d.name, d.modified_at, "
            f"{scored} AS score FROM {DOC} d WHERE {where_sql}) m ORDER BY {order} LIMIT %s",
            score_params + params + [wanted],
        )
        return [tuple(row) for row in cursor.fetchall()]


def _sample_of(rows: list[tuple]) -> _Sample:
    sample = _Sample(matched=0, passed=0)
    for kind, _, label, value in rows:
        if kind == "matched":
            sample.matched = int(value)
        elif kind == "count":
            sample.passed = int(value)
        elif kind == "tier":
            tier, _, length = label.partition(":")
            sample.tiers.setdefault(tier, {})[int(length)] = int(value)
    return sample
