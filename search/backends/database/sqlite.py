"""The database backend on SQLite: FTS5 tables mirror the documents, one for tokens and
prefixes, one of trigrams for infix matches and misspellings. SQLite's writers take turns
anyway."""

import difflib
from typing import Any, Callable, Sequence

from django.db import connection

from search.backends.database.dialect import Dialect
from search.backends.database.sql import Where
from search.documents import SearchDocument
from search.query import text_terms

# How close (difflib's ratio) a misspelled term must be to a token of a name.
FUZZY_RATIO = 0.75
FUZZY_CANDIDATES = 500  # names sharing the most trigrams with the terms, compared one by one


# The FTS5 columns of each ranking tier's test (``ranked``).
NAME_COLUMNS = "{name_text name_infix}"
FIELDS_COLUMNS = "{fields_text meta_text}"


def _fts_in(columns: str, terms: list[str], operator: str) -> tuple[str, list[Any]]:
    """SQL true when the FTS5 ``columns`` of ``d`` hold each (AND) or any (OR) term as a token
    prefix (terms are letters and digits: nothing to escape)."""
    match = f" {operator} ".join(f'"{term}"*' for term in terms)
    return (
        "d.dataset_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
        [f"{columns} : ({match})"],
    )


def _both(first: tuple[str, list[Any]], second: tuple[str, list[Any]]) -> tuple[str, list[Any]]:
    return f"{first[0]} AND {second[0]}", first[1] + second[1]


class SQLite(Dialect):
    vendor = "sqlite"
    length_key = "min(length(d.name), 99)"
    exact_probe_holds_terms = True
    guess_margin = 3  # its estimate is the rarest term's count: several terms overshoot
    # Not through the status index: SQLite would read every dataset of the status and sort them
    # by name (120 ms at 100k) rather than walk the name index and stop at the page.
    status_is = "+d.status = %s"

    def mirror(self, documents: Sequence[SearchDocument]) -> None:
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
                    for d in documents
                ],
            )
            cursor.executemany(
                "INSERT INTO search_trgm(rowid, name_text) VALUES (%s, %s)",
                [(d.dataset_id, d.name_text) for d in documents],
            )

    def unmirror(self, dataset_ids: list[int]) -> None:
        marks = ",".join(["%s"] * len(dataset_ids))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", dataset_ids)
            cursor.execute(f"DELETE FROM search_trgm WHERE rowid IN ({marks})", dataset_ids)

    def term(self, term: str) -> tuple[str, list[Any]]:
        return (
            "d.dataset_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
            [f'"{term}"*'],
        )

    def phrase(self, phrase: str, words: list[str]) -> tuple[str, list[Any]]:
        return (
            "d.dataset_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
            ['"' + " ".join(words) + '"'],
        )

    def excluded_term(self, term: str) -> tuple[str, list[Any]]:
        return (
            "d.dataset_id NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
            [f'"{term}"'],
        )

    def has_any(self, alias: str, key: str, values: list[str]) -> tuple[str, list[Any]]:
        pairs = sorted({f"{key}:{v}".lower() for v in values})
        marks = ",".join(["%s"] * len(pairs))
        return (
            f"EXISTS (SELECT 1 FROM json_each({alias}.facets_folded) WHERE value IN ({marks}))",
            pairs,
        )

    def in_name(self, terms: list[str]) -> tuple[str, list[Any]]:
        return _fts_in(NAME_COLUMNS, terms, "AND")

    def in_fields(self, terms: list[str]) -> tuple[str, list[Any]]:
        return _fts_in(FIELDS_COLUMNS, terms, "AND")

    def probe(self, tier: str, terms: list[str], lengths: tuple[int, int]) -> tuple[str, list[Any]]:
        """The tier's FTS5 set; the lengths are only checked on its documents (FTS5 cannot
        combine them in the lookup: ``probes_by_length`` is off, a tier is read whole)."""
        clause = {
            "name_fields": lambda: _both(self.in_name(terms), self.in_fields(terms)),
            "name": lambda: self.in_name(terms),
            "fields_partial": lambda: _both(
                self.in_fields(terms), _fts_in(NAME_COLUMNS, terms, "OR")
            ),
            "fields": lambda: self.in_fields(terms),
            "partial": lambda: _fts_in(NAME_COLUMNS, terms, "OR"),
            "rest": lambda: ("1=1", []),
        }[tier]()
        return self._within(clause, lengths)

    def _within(
        self, clause: tuple[str, list[Any]], lengths: tuple[int, int]
    ) -> tuple[str, list[Any]]:
        """``clause`` and a name length within ``lengths``, checked on its documents."""
        if lengths == (1, 99):
            return clause
        return f"{clause[0]} AND {self.length_key} BETWEEN %s AND %s", [*clause[1], *lengths]

    def exact_probe(self, raw: str) -> tuple[str, list[Any]]:
        """A name ending in what was typed holds its words (the name tier's set)."""
        words = text_terms(raw)
        return self.in_name(words) if words else ("1=0", [])

    def has_field(self, name: str) -> tuple[str, list[Any]]:
        return "EXISTS (SELECT 1 FROM json_each(d.field_names) WHERE value = %s)", [name]

    def field_probe(
        self, tier: str, name: str, terms: list[str], lengths: tuple[int, int]
    ) -> tuple[str, list[Any]]:
        """No index holds the field names whole: the documents whose field names hold the
        name's words (an FTS5 set), each checked."""
        words = text_terms(name)
        if not words:
            return "1=0", []
        clause = _both(self.in_fields(words), self.has_field(name))
        if tier == "field_name":
            clause = _both(self.in_name(terms), clause)
        elif tier == "field_partial":
            clause = _both(_fts_in(NAME_COLUMNS, terms, "OR"), clause)
        return self._within(clause, lengths)

    def fuzzy(self, terms: list[str]) -> Where | None:
        """As on PostgreSQL, every term must be close to a token of the name."""
        grams = sorted({t[i : i + 3] for t in terms for i in range(len(t) - 2)})
        if not grams:
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, name_text FROM search_trgm WHERE search_trgm MATCH %s "
                f"ORDER BY rank LIMIT {FUZZY_CANDIDATES}",
                [" OR ".join(f'"{g}"' for g in grams)],
            )
            candidates = cursor.fetchall()
        close = [
            rowid
            for rowid, name_text in candidates
            if all(
                max(
                    (difflib.SequenceMatcher(None, term, tok).ratio() for tok in name_text.split()),
                    default=0,
                )
                >= FUZZY_RATIO
                for term in terms
            )
        ]
        if not close:
            return None
        sql = Where()
        sql.add(f"d.dataset_id IN ({','.join(['%s'] * len(close))})", *close)
        return sql

    def names_with_words(self, tokens: list[str], limit: int) -> list[tuple]:
        match, params = _fts_in(NAME_COLUMNS, tokens, "AND")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.urn, d.name, d.platform, d.origin FROM search_datasetdocument d "
                f"WHERE {match} AND d.status <> 'removed' ORDER BY length(d.name), d.name "
                "LIMIT %s",
                [*params, limit],
            )
            return cursor.fetchall()

    def estimate(self, where: Where, terms: list[str]) -> int | None:
        """SQLite has no planner estimates: the fewest documents holding one of the terms, a
        count of its FTS5 entries (9 ms for 88k at 100k)."""
        del where
        if not terms:
            return None
        with connection.cursor() as cursor:
            counts = []
            for term in terms:
                cursor.execute(
                    "SELECT COUNT(*) FROM search_fts WHERE search_fts MATCH %s", [f'"{term}"*']
                )
                counts.append(int(cursor.fetchone()[0]))
        return min(counts)

    def facet_columns(self) -> list[str]:
        return ["d.facets"]

    def facet_parts(
        self, keys: list[str], every_flag: Callable[[str | None], str]
    ) -> tuple[list[str], list[Any]]:
        """One pass over the matched set's pairs for all facets; a document failing one
        filter counts only under that filter's key."""
        condition = every_flag(None)
        params: list[Any] = []
        if keys:
            cases = " ".join(f"WHEN %s THEN {every_flag(key)}" for key in keys)
            key_of = "substr(e.value, 1, instr(e.value, ':') - 1)"
            condition = f"CASE {key_of} {cases} ELSE {every_flag(None)} END"
            params += keys
        return [
            "SELECT 'facet', NULL, e.value, COUNT(*) FROM matched m, json_each(m.facets) AS e "
            f"WHERE {condition} GROUP BY e.value"
        ], params
