"""What differs between the databases the backend runs on, behind one interface.

PostgreSQL searches a weighted tsvector (GIN) for tokens and prefixes and pg_trgm on the
dictionary of name tokens for misspellings; SQLite searches FTS5 tables that mirror the
documents, one of them of trigrams for misspellings. Each dialect holds its SQL fragments, its
planner settings, how its index writers take turns and which of the backend's shortcuts it
has; the backend's modules write one statement shape and ask the dialect for the parts that
differ. ``search.backends.database.DatabaseBackend.dialect`` is the one place that picks a
dialect.
"""

import abc
from typing import Any, Callable, Sequence

from django.db.backends.utils import CursorWrapper

from search.backends.database.sql import Where
from search.documents import SearchDocument


# One interface per database: every SQL fragment the backend's modules ask for is a method.
class Dialect(abc.ABC):  # pylint: disable=too-many-public-methods
    vendor = "abstract"
    # A document's name length as the score reads it: names of 99 characters and more alike.
    length_key = "abstract"
    # Whether ``probe`` reads a range of name lengths through its index, so a common tier is
    # better read a few lengths at a time.
    probes_by_length = False
    # How many times the bound ``estimate`` must guess before a search counts its matches
    # first (``ranked``): the more the guess may overshoot, the larger.
    guess_margin = 1
    # Guessed to match no more than this, a search's matches are all scored in its bounded
    # statement and the page cut from them (None: always); beyond it, the statement scores
    # none and the page is read tier by tier (``ranked``).
    scored_matches: int | None = None
    # SQL true when the status of ``d`` is the parameter, for a read in name order.
    status_is = "d.status = %s"
    # Whether ``exact_probe`` only holds documents whose name holds every term of the query.
    exact_probe_holds_terms = False
    # What the matched set is computed as: PostgreSQL materializes it, once for every part.
    matched_as = ""
    # Whether the facet parts of a statement also yield the count of matches.
    facets_count_matches = False

    # --- writing ---------------------------------------------------------------------------

    def take_write_turn(self) -> None:
        """Wait, inside the caller's transaction, until no other index writer is in one."""

    def mirror(self, documents: Sequence[SearchDocument]) -> None:
        """Add these documents to whatever full-text tables mirror the document table."""

    def unmirror(self, dataset_ids: list[int]) -> None:
        """Remove these documents from those tables."""

    # --- matching --------------------------------------------------------------------------

    @abc.abstractmethod
    def term(self, term: str) -> tuple[str, list[Any]]:
        """SQL true when a document holds a token starting with ``term``."""

    @abc.abstractmethod
    def phrase(self, phrase: str, words: list[str]) -> tuple[str, list[Any]]:
        """SQL true when a document holds ``phrase`` (its ``words``) as a phrase."""

    @abc.abstractmethod
    def excluded_term(self, term: str) -> tuple[str, list[Any]]:
        """SQL true when a document holds no ``term`` token."""

    def term_without(self, term: str, excluded: list[str]) -> tuple[str, list[Any]] | None:
        """SQL true when a document holds a token starting with ``term`` and no ``excluded``
        token, as one test the index answers; None where the index cannot (each excluded
        term is then tested on its own)."""

    @abc.abstractmethod
    def has_any(self, alias: str, key: str, values: list[str]) -> tuple[str, list[Any]]:
        """SQL true when the document has one of these values for the key (any case)."""

    def flag(self, key: str, values: list[str]) -> tuple[str, list[Any]]:
        """``has_any`` on the document aliased ``d``, as each matched document's filter flag."""
        return self.has_any("d", key, values)

    def column_in(self, column: str, values: list[str]) -> tuple[str, list[Any]]:
        """SQL true when ``column`` is one of ``values`` (as stored)."""
        if not values:
            return "1=0", []
        return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)

    # --- the ranking tiers (``ranked``) ----------------------------------------------------

    @abc.abstractmethod
    def in_name(self, terms: list[str]) -> tuple[str, list[Any]]:
        """SQL true when the name of ``d`` holds a token, or a word inside a compound token,
        starting with each term."""

    @abc.abstractmethod
    def in_fields(self, terms: list[str]) -> tuple[str, list[Any]]:
        """SQL true when the field names, tags, terms or owners of ``d`` hold a token starting
        with each term."""

    @abc.abstractmethod
    def probe(self, tier: str, terms: list[str], lengths: tuple[int, int]) -> tuple[str, list[Any]]:
        """An index-friendly SQL condition holding (at least) every document of ``tier``
        (``name``: ``in_name`` of every term; ``name_fields``: and ``in_fields``; ``fields``:
        ``in_fields``; ``fields_partial``: and ``in_name`` of any term; ``partial``: ``in_name``
        of any term; ``rest``: any) whose
        ``length_key`` is within ``lengths``."""

    @abc.abstractmethod
    def exact_probe(self, raw: str) -> tuple[str, list[Any]]:
        """An index-friendly SQL condition holding every document whose lowercased name is
        ``raw`` or ends in ``.raw`` or ``/raw``."""

    @abc.abstractmethod
    def has_field(self, name: str) -> tuple[str, list[Any]]:
        """SQL true when ``d`` has a field named ``name`` (lowercased), as
        ``DatasetDocument.field_names`` holds it."""

    @abc.abstractmethod
    def field_probe(
        self, tier: str, name: str, terms: list[str], lengths: tuple[int, int]
    ) -> tuple[str, list[Any]]:
        """As ``probe``, for the tiers of documents with a field named ``name`` (lowercased,
        its words among ``terms``): ``field``; ``field_partial`` whose name holds any term,
        ``field_name`` every term (``in_name``)."""

    def estimate(self, where: Where, terms: list[str]) -> int | None:
        """A guess of how many documents ``where`` (which holds ``terms``, if any) matches,
        if the dialect has a cheap one."""
        del where, terms

    @abc.abstractmethod
    def fuzzy(self, terms: list[str]) -> Where | None:
        """Documents whose names hold a token close to each (misspelled) term; None when no
        name does."""

    @abc.abstractmethod
    def names_with_words(self, tokens: list[str], limit: int) -> list[tuple]:
        """Up to ``limit`` datasets not removed whose name holds each of ``tokens`` as a word
        (or a word inside a compound one), the last as a prefix, shortest names first, as
        (urn, name, platform, origin)."""

    def bytewise(self, column: str) -> str:
        """``column`` compared byte by byte, as its autocomplete index orders it."""
        return column

    # --- the statement ---------------------------------------------------------------------

    def tune(
        self, cursor: CursorWrapper, *, sequential: bool = False, ordered: bool = False
    ) -> None:
        """Settings for the search statement about to run in the cursor's transaction; with
        ``sequential``, for reading the table (or an order's index) until the statement has
        enough, with ``ordered``, by walking its order's index."""

    def dense(self, guess: int, bound: int) -> bool:
        """Whether the first ``bound`` of ``guess`` matches are found sooner by reading the
        table in order, testing each document, than through the index."""
        del guess, bound
        return False

    @abc.abstractmethod
    def facet_columns(self) -> list[str]:
        """The columns of the matched set the facet parts read."""

    @abc.abstractmethod
    def facet_parts(
        self, keys: list[str], every_flag: Callable[[str | None], str]
    ) -> tuple[list[str], list[Any]]:
        """The statement's facet parts over ``matched m`` (rows of kind, id, label, value) and
        their parameters. ``keys`` are the filtered keys; ``every_flag(skip)`` is SQL true when
        a matched document passes every filter but ``skip``'s."""

    def facet_rows(self, rows: list[tuple], keys: list[str], *, count: bool) -> list[tuple]:
        """The statement's rows with the facet parts' rows as ``('facet', None, pair, n)``
        (and the count, when ``count`` and ``facets_count_matches``)."""
        del keys, count
        return rows
