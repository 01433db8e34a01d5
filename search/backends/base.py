"""The contract every search backend fulfils; tests/search_contract runs one suite against all."""

import abc
from dataclasses import dataclass, field
from datetime import datetime
from typing import Sequence

from search.documents import SearchDocument
from search.query import ParsedQuery

SORTS = ("relevance", "name", "-modified_at")
# How many matches a search counts exactly, as OpenSearch's ``track_total_hits``: above it the
# count is a lower bound (``SearchPage.count_is_exact`` false) and the facets may be estimates.
TRACK_TOTAL_HITS = 10_000


class SearchUnavailable(Exception):
    """The backend cannot be reached; writes carry on and the relay catches up later."""


@dataclass
class SearchRequest:
    query: ParsedQuery
    filters: dict[str, list[str]] = field(default_factory=dict)
    include_removed: bool = False
    sort: str = "relevance"
    limit: int = 10
    offset: int = 0
    facet_size: int = 20
    track_total_hits: int = TRACK_TOTAL_HITS

    def all_filters(self) -> dict[str, list[str]]:
        """Request filters and ``key:value`` filters from the query text: values of one key
        are OR-ed, keys are AND-ed."""
        merged: dict[str, list[str]] = {key: list(values) for key, values in self.filters.items()}
        for key, values in self.query.filters.items():
            merged.setdefault(key, []).extend(values)
        return merged


@dataclass
class SearchHit:
    dataset_id: int
    urn: str
    score: float
    highlights: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class FacetValue:
    value: str
    count: int


@dataclass
class SearchPage:
    # Exact up to the request's ``track_total_hits``; above it a lower bound (at least that
    # many matched), with ``count_is_exact`` false.
    count: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]]
    fuzzy: bool = False
    count_is_exact: bool = True
    # False when the facet counts are estimates (counted on a sample of a broad match).
    facets_are_exact: bool = True


@dataclass
class Suggestion:
    type: str  # dataset | field | owner | tag
    text: str
    urn: str | None = None
    # A dataset's platform and origin: names repeat across them (shop.orders on mysql and
    # on postgres), so a suggestion shows where it lives, as DataHub's shows the platform.
    platform: str | None = None
    origin: str | None = None


@dataclass
class IndexedVersion:
    dataset_id: int
    version: int
    modified_at: datetime | None = None


class SearchBackend(abc.ABC):
    name = "abstract"

    @abc.abstractmethod
    def setup(self) -> None:
        """Create whatever the backend needs (index, mapping); safe to call again."""

    @abc.abstractmethod
    def bulk_index(self, documents: Sequence[SearchDocument], *, force: bool = False) -> int:
        """Index documents, never replacing a newer version with an older one (``force``
        rewrites equal versions too, for rebuilds). Returns how many were written. Raises
        SearchUnavailable when the backend cannot be reached."""

    def index(self, document: SearchDocument) -> int:
        return self.bulk_index([document])

    @abc.abstractmethod
    def delete(self, dataset_ids: Sequence[int]) -> None:
        """Remove documents by dataset id."""

    @abc.abstractmethod
    def search(self, request: SearchRequest) -> SearchPage:
        """Ranked hits, the total count and facet counts; each facet's counts apply every
        filter but its own, as catalog sidebars do."""

    @abc.abstractmethod
    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        """Type-ahead suggestions: dataset names, field names, owners, tags."""

    @abc.abstractmethod
    def count(self) -> int:
        """How many documents the index holds."""

    @abc.abstractmethod
    def indexed_versions(self) -> dict[int, int]:
        """dataset id → version, for every document in the index (drift checks)."""

    @abc.abstractmethod
    def health(self) -> dict[str, object]:
        """``{"ok": bool, ...}``: reachability and size, for /healthz and operators."""

    def begin_rebuild(self) -> None:
        """Start a full rebuild; documents indexed until finish_rebuild go to the new index."""

    def finish_rebuild(self) -> None:
        """Make the rebuilt index the live one (an alias swap on OpenSearch)."""

    def abort_rebuild(self) -> None:
        """Drop a rebuild that failed; the live index stays as it was."""


def interleave_suggestions(suggestions: list[Suggestion], limit: int) -> list[Suggestion]:
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
