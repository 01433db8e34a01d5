"""The database backend on PostgreSQL: a weighted tsvector (GIN) for tokens and prefixes,
pg_trgm on the dictionary of name tokens for misspellings, an advisory lock for writers."""

import json
from collections import Counter
from typing import Any, Callable

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper

from search.backends.database.dialect import Dialect
from search.backends.database.sql import DOC, SINGLE_VALUED, Where, like, prefix_end
from search.models import NameToken

TSQUERY = "(to_tsquery('simple', %s) || plainto_tsquery('english', %s))"
# The name's tokens alone (weight A of the document's tsvector), GIN-indexed by migration 0007:
# unlike a weight-A test on the document's tsvector, it needs no recheck of each candidate.
NAME_VECTOR = "to_tsvector('simple'::regconfig, d.name_text)"
# Each field name and the name's length as lexemes, GIN-indexed by migration 0012 (as spelled
# there, so the planner matches it to the index).
FIELD_VECTOR = "mdt_field_vector(d.field_names, d.name)"
# How close a misspelled term must be to a name token (pg_trgm similarity) to stand for it:
# "pageveiwevent" is 0.59 from "pageviewevent", "custmer" 0.55 from "customer".
FUZZY_THRESHOLD = 0.5
FUZZY_EXPANSIONS = 20  # the closest tokens a misspelled term may stand for
# The advisory lock index writers take turns with (a bigint: the bytes of "mdt-idx!").
WRITE_LOCK = int.from_bytes(b"mdt-idx!", "big")
# The single-valued keys are counted from their own columns, the others (tags, owners and
# terms) from the ``facets_multi`` array (migration 0003). An empty domain is no domain: no
# facet value, as in the facet pairs.
# (The status is a column of every matched set.)
FACET_COLUMNS = [
    "d.platform",
    "d.origin",
    "NULLIF(d.domain, '') AS domain",
    "d.facets_multi",
]
# Autocomplete's words inside names: how many dictionary words a prefix stands for, and the name
# lengths read together, shortest first.
SUGGEST_WORDS = 20
SUGGEST_LENGTHS = ((1, 12), (13, 16), (17, 20), (21, 25), (26, 32), (33, 45), (46, 99))
# For a match of most of the catalog (``dense``), or a read cut at the page in an order's index
# (``ranked.top_hits``' ``common``): no filter's index gathering every match.
SEQUENTIAL = "SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = on"
# What ``dense`` weighs, measured at 100k and 1M on a 2-core machine (µs): a document tested in a
# sequential scan (its tsvector read from TOAST), a match added to a GIN bitmap, and a matched
# document read through the bitmap and counted, its facets too. (Measured again at 100k once
# the statement no longer scored its matches: ``data`` 102 ms in table order, 95 through the
# index; ``user`` 107 and 67.)
SEQUENTIAL_US, BITMAP_US, INDEXED_ROWS_US = 8.0, 0.3, 2.0
# The planner prices the GIN scans as if on spinning disks and prefers a sequential scan that
# detoasts every document: 7x slower measured at 10k. At 100k its cost estimates pass
# jit_above_cost, and compiling the statement takes longer than running it. The matched set of
# a broad query at 100k outgrows the default 4 MB work_mem and would be written to a temporary
# file and read back by every part.
# A search's statements are bounded (LIMIT): the planner then hopes a sequential scan finds the
# first matches soon, but each row it reads has its tsvector decompressed to be tested (128 ms
# for the first 10,001 of 50k matches at 100k, 17 ms through the GIN index).
PLANNER = (
    "SET LOCAL random_page_cost = 1.1; SET LOCAL jit = off; SET LOCAL work_mem = '32MB'; "
    "SET LOCAL enable_seqscan = off"
)


class PostgreSQL(Dialect):  # pylint: disable=too-many-public-methods  # one per SQL fragment
    vendor = "postgresql"
    length_key = "least(length(d.name), 99)"
    probes_by_length = True
    # Measured at 10k (p50): ``data`` (8.8k matches) 53 ms scored, 33 ms read by tiers;
    # ``metrics daily`` with two filters (29) 11 ms scored, 18 ms by tiers, a misspelling
    # (~200) 13 and 22. (SQLite scores every match: its tier reads are each a set of FTS5
    # matches, and at 100k reading by tiers took 1.5–2× longer.)
    scored_matches = 2000
    matched_as = "MATERIALIZED "
    facets_count_matches = True

    def take_write_turn(self) -> None:
        """Index writes run one at a time (a lock held until the transaction ends). Two
        writers of the same dataset do meet: each process's indexing thread first sweeps what
        is pending, which may be a batch that another process is indexing too. Without the
        lock both would find no document to replace, and the second one's insert would fail
        on the first one's row at its commit, failing its whole delivery until the next
        sweep; deleting the same document twice would also uncount its facets twice, and a
        rebuild's recount would replace the counts of a write it did not see. Taking turns
        costs no concurrency that was there: every write updates the shared FacetCount rows
        (``status:active``…), which already made writers wait for each other until commit."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])

    def term(self, term: str) -> tuple[str, list[Any]]:
        return f"d.search_vector @@ {TSQUERY}", [term + ":*", term]

    def phrase(self, phrase: str, words: list[str]) -> tuple[str, list[Any]]:
        """Through ``pair_vector`` (migration 0011): a phrase of two words is its pair, one
        exact GIN lookup; a longer one is its pairs, then its positions checked on those
        candidates only. A phrase whose pairs cannot say it (``mdt_phrase_pairs`` is NULL: a
        stop word inside it) is found by positions alone."""
        del words
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT mdt_phrase_pairs(%s)::text, (SELECT count(*) FROM "
                "unnest(to_tsvector('simple', %s)) u, unnest(u.positions))",
                [phrase, phrase],
            )
            pairs, positions = cursor.fetchone()
        if pairs is None:
            return _positions(phrase)
        if positions == 2:
            return "d.pair_vector @@ %s::tsquery", [pairs]
        sql, params = _positions(phrase)
        return f"(d.pair_vector @@ %s::tsquery AND {sql})", [pairs, *params]

    def excluded_term(self, term: str) -> tuple[str, list[Any]]:
        return f"NOT (d.search_vector @@ {TSQUERY})", [term, term]

    def term_without(self, term: str, excluded: list[str]) -> tuple[str, list[Any]]:
        """One tsquery, ``term && !!excluded…``: the GIN index holds every token of each
        document, so it answers the exclusion too, exactly. As a test of its own, ``NOT (…)``
        read each candidate's vector from TOAST (``events -kafka``: 42 ms at 10k)."""
        without = "".join(f" && !!{TSQUERY}" for _ in excluded)
        params = [term + ":*", term] + [word for word in excluded for _ in (1, 2)]
        return f"d.search_vector @@ ({TSQUERY}{without})", params

    def has_any(self, alias: str, key: str, values: list[str]) -> tuple[str, list[Any]]:
        pairs = sorted({f"{key}:{v}".lower() for v in values})
        return f"{alias}.facets_folded ?| %s", [pairs]

    def flag(self, key: str, values: list[str]) -> tuple[str, list[Any]]:
        """A single-valued key is read from its own column, cheaper per row than a jsonb
        containment test."""
        if key in SINGLE_VALUED:
            folded = sorted({v.lower() for v in values if v})
            return f"lower(d.{key}) = ANY(%s)", [folded]
        return self.has_any("d", key, values)

    def column_in(self, column: str, values: list[str]) -> tuple[str, list[Any]]:
        if len(values) == 1:  # an equality: an index on it can give the rows in order
            return f"{column} = %s", values
        return f"{column} = ANY(%s)", [values]

    def in_name(self, terms: list[str]) -> tuple[str, list[Any]]:
        """A token of the name's vector starts with a term only if the name's text holds the
        term: the cheap test first (the score runs it on every match of a search, and most
        fail it), the vector's only when it passes. Measured at 100k on the 7.7k matches of
        ``customer email``: the vectors' tests alone cost 28 ms (3.6 µs a match), ``strpos``
        about 1 ms."""
        held = " AND ".join(["strpos(d.name_text, %s) > 0"] * len(terms))
        return f"({held} AND d.name_vector @@ %s::tsquery)", [*terms, _every(terms)]

    def in_fields(self, terms: list[str]) -> tuple[str, list[Any]]:
        held = " AND ".join(
            ["(strpos(d.fields_text, %s) > 0 OR strpos(d.meta_text, %s) > 0)"] * len(terms)
        )
        params = [term for term in terms for _ in (1, 2)]
        return f"({held} AND d.fields_vector @@ %s::tsquery)", [*params, _every(terms)]

    def probe(self, tier: str, terms: list[str], lengths: tuple[int, int]) -> tuple[str, list[Any]]:
        """One GIN lookup of the tier's vector for the terms and the name lengths together
        (migration 0009 puts each name's length in both vectors as a lexeme)."""
        low, high = lengths
        parts = {
            "name_fields": _every(terms),
            "name": _every(terms),
            "fields_partial": _every(terms),
            "fields": _every(terms),
            "partial": _any(terms),
            "rest": "",
        }[tier]
        if (low, high) != (1, 99):
            lexemes = _lengths(low, high)
            parts = f"({parts}) & ({lexemes})" if parts else lexemes
        if not parts:
            return "1=1", []
        column = "d.fields_vector" if tier.startswith("fields") else "d.name_vector"
        if tier == "name_fields":
            return f"{column} @@ %s::tsquery AND d.fields_vector @@ %s::tsquery", [
                parts,
                _every(terms),
            ]
        if tier == "fields_partial":
            return f"{column} @@ %s::tsquery AND d.name_vector @@ %s::tsquery", [
                parts,
                _any(terms),
            ]
        return f"{column} @@ %s::tsquery", [parts]

    def exact_probe(self, raw: str) -> tuple[str, list[Any]]:
        """The names' reversed, lowercased spelling is indexed (migration 0009): a name ending
        in ``.raw`` is one whose reversed spelling starts with ``war.``."""
        reversed_raw = raw[::-1]
        column = "reverse(lower(d.name))"
        return f"({column} = %s OR {column} LIKE %s OR {column} LIKE %s)", [
            reversed_raw,
            like(reversed_raw + ".")[1:],
            like(reversed_raw + "/")[1:],
        ]

    def has_field(self, name: str) -> tuple[str, list[Any]]:
        return "d.field_names @> %s::jsonb", [json.dumps([name])]

    def field_probe(
        self, tier: str, name: str, terms: list[str], lengths: tuple[int, int]
    ) -> tuple[str, list[Any]]:
        """The field name and the name lengths in one GIN lookup (migration 0012)."""
        query = _lexeme("~f" + name)
        low, high = lengths
        if (low, high) != (1, 99):
            query += f" & ({_lengths(low, high)})"
        sql, params = f"{FIELD_VECTOR} @@ %s::tsquery", [query]
        in_name = {"field_name": _every(terms), "field_partial": _any(terms)}.get(tier)
        if in_name:
            sql, params = f"{sql} AND d.name_vector @@ %s::tsquery", [*params, in_name]
        return sql, params

    def estimate(self, where: Where, terms: list[str]) -> int | None:
        """The planner's."""
        del terms
        with connection.cursor() as cursor:
            cursor.execute(
                f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {DOC} d WHERE {where.where()}", where.params
            )
            (plan,) = cursor.fetchone()
        if isinstance(plan, str):
            plan = json.loads(plan)
        return int(plan[0]["Plan"]["Plan Rows"])

    def fuzzy(self, terms: list[str]) -> Where | None:
        alternatives = _similar_tokens(terms)
        if alternatives is None:
            return None
        # Tokens are [0-9a-z]+ (name_tokens), safe in a tsquery.
        tsquery = " & ".join("(" + " | ".join(tokens) + ")" for tokens in alternatives)
        sql = Where()
        sql.add(f"{NAME_VECTOR} @@ to_tsquery('simple', %s)", tsquery)
        return sql

    def names_with_words(self, tokens: list[str], limit: int) -> list[tuple]:
        """The last token's prefix becomes the dictionary's words starting with it (NameToken,
        a few, in order): a GIN prefix match gathers every document of every such word before
        the first is read (``da`` at 1M: every ``data``, ``daily``, ``date``…), exact words
        are intersected inside the index with the name lengths, read shortest first."""
        *whole, last = tokens
        words = list(
            NameToken.objects.filter(token__gte=last, token__lt=prefix_end(last))
            .order_by("token")
            .values_list("token", flat=True)[:SUGGEST_WORDS]
        )
        if not words:
            return []
        wanted = " & ".join([*whole, "(" + " | ".join(words) + ")"])
        found: list[tuple] = []
        with connection.cursor() as cursor:
            for low, high in SUGGEST_LENGTHS:
                lengths = _lengths(low, high)
                cursor.execute(
                    f"SELECT d.urn, d.name, d.platform, d.origin FROM {DOC} d "
                    "WHERE d.name_vector @@ %s::tsquery AND d.status <> 'removed' "
                    "ORDER BY length(d.name), d.name LIMIT %s",
                    [f"{wanted} & ({lengths})", limit - len(found)],
                )
                found += cursor.fetchall()
                if len(found) >= limit:
                    break
        return found

    def bytewise(self, column: str) -> str:
        return f'({column} COLLATE "C")'

    def tune(
        self, cursor: CursorWrapper, *, sequential: bool = False, ordered: bool = False
    ) -> None:
        cursor.execute(PLANNER)
        if sequential:
            cursor.execute(SEQUENTIAL)
        if ordered:
            # Misled by a filter it guesses rare, the planner would rather sort the matches of
            # a sequential scan than walk the index in order and stop at the page.
            cursor.execute("SET LOCAL enable_sort = off")

    def dense(self, guess: int, bound: int) -> bool:
        """A GIN index returns every match before the first is read: 0.3 µs a match to build
        the bitmap (886k matches of ``data`` at 1M: 262 ms), twice (the count, then the
        sample). Read in order, the first ``bound`` matches cost 8 µs for each document tested
        (its tsvector read from TOAST), ``bound / share`` of them. A guess within the bound is
        never dense: no catalog read for the search of a few datasets."""
        if guess <= bound:
            return False
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [DOC])
            (documents,) = cursor.fetchone()
        if documents <= 0:
            return False
        in_order = bound * documents / guess * SEQUENTIAL_US
        through_index = 2 * guess * BITMAP_US + INDEXED_ROWS_US * bound
        return in_order < through_index

    def facet_columns(self) -> list[str]:
        return FACET_COLUMNS

    def facet_parts(
        self, keys: list[str], every_flag: Callable[[str | None], str]
    ) -> tuple[list[str], list[Any]]:
        """In two passes. The single-valued keys are grouped once by all four columns and the
        filter flags (a few hundred groups at most), which ``facet_rows`` adds up per key; one
        hash aggregate over the matches instead of one per key. The multi-valued ones are
        counted by unnesting ``facets_multi``. A value of a filtered key counts the documents
        passing every other filter; any other value, those passing every filter."""
        single = ", ".join(SINGLE_VALUED)
        # The flags as one integer, bit n for filter n.
        flag_bits = " | ".join(
            f"(CASE WHEN m.f{n} THEN {1 << n} ELSE 0 END)" for n in range(len(keys))
        )
        single_sql = (
            f"SELECT 'group', g.flags, json_build_array({single})::text, g.n FROM ("
            f"SELECT {single}, {flag_bits or '0'} AS flags, COUNT(*) AS n FROM matched m "
            f"GROUP BY {single}, flags) g"
        )
        multi = [key for key in keys if key not in SINGLE_VALUED]
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

    def facet_rows(self, rows: list[tuple], keys: list[str], *, count: bool) -> list[tuple]:
        """The single-valued keys' groups become their facet values (and the count of
        documents passing every filter, when asked for)."""
        every = (1 << len(keys)) - 1
        # The flags a value of each key needs: every filter's but its own key's.
        needed = {
            key: every & ~(1 << keys.index(key)) if key in keys else every for key in SINGLE_VALUED
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
            for key, value in zip(SINGLE_VALUED, json.loads(row[2])):
                if value and flags & needed[key] == needed[key]:
                    counts[f"{key}:{value}"] += n
        out += [("facet", None, pair, n) for pair, n in counts.items()]
        if count:
            out.append(("count", None, None, total))
        return out


def _positions(phrase: str) -> tuple[str, list[Any]]:
    """A phrase by its words' positions. Each candidate the GIN index finds is checked on its
    tsvector, which is read from TOAST (~1.3 kB). The field names' vector holds the same
    tokens in the same order as that part of the document's, inline: a phrase found there is
    in the document, so it is tried first (migration 0009). Both spellings are one test of the
    document's vector: as two, a candidate failing the first was read twice."""
    return (
        "(d.fields_vector @@ phraseto_tsquery('simple', %s) OR d.search_vector @@"
        " (phraseto_tsquery('simple', %s) || phraseto_tsquery('english', %s)))",
        [phrase, phrase, phrase],
    )


def _lexeme(text: str) -> str:
    """``text`` as one lexeme of a tsquery, quoted."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _every(terms: list[str]) -> str:
    """A tsquery of every term as a prefix (terms are letters and digits: nothing to quote)."""
    return " & ".join(f"{term}:*" for term in terms)


def _lengths(low: int, high: int) -> str:
    """A tsquery of any name length from ``low`` to ``high`` (their lexemes, migration 0009)."""
    return " | ".join(f"'~l{length}'" for length in range(low, high + 1))


def _any(terms: list[str]) -> str:
    """A tsquery of any term as a prefix."""
    return " | ".join(f"{term}:*" for term in terms)


def _similar_tokens(terms: list[str]) -> list[list[str]] | None:
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
