"""Search on MDT's own database: no cluster to run or pay for.

The backend is split by concern: ``writing`` (documents in, facet counts and dictionaries kept
with them), ``querying`` (hits out: the text clause, which path a search takes), ``ranked``
(a text search's score, bounded count and sampled facets, and its page read tier by tier),
``statement`` (the bounded statement over the matches), ``browse`` and ``facets`` (the
unsearched catalog), ``pages`` (rows as a page), ``suggestions`` (type-ahead from dictionaries).
What differs between PostgreSQL and SQLite is a ``dialect`` (``postgresql``, ``sqlite``),
picked here and nowhere else.
"""

from typing import Sequence

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection

from search.backends.base import SearchBackend, SearchPage, SearchRequest, Suggestion
from search.backends.database import querying, suggestions, writing
from search.backends.database.dialect import Dialect
from search.backends.database.postgresql import PostgreSQL
from search.backends.database.sqlite import SQLite
from search.documents import SearchDocument
from search.models import DatasetDocument

DIALECTS: dict[str, Dialect] = {dialect.vendor: dialect for dialect in (PostgreSQL(), SQLite())}

__all__ = ["DatabaseBackend", "DIALECTS"]


class DatabaseBackend(SearchBackend):
    name = "database"

    def __init__(self, **options: object) -> None:
        self.options = options

    @property
    def dialect(self) -> Dialect:
        """The dialect of the database the default connection uses."""
        try:
            return DIALECTS[connection.vendor]
        except KeyError:
            raise ImproperlyConfigured(
                f"The database search backend does not support {connection.vendor}."
            ) from None

    def setup(self) -> None:
        """Tables come from migrations; nothing to do."""

    def bulk_index(self, documents: Sequence[SearchDocument], *, force: bool = False) -> int:
        return writing.documents_index(dialect=self.dialect, documents=documents, force=force)

    def delete(self, dataset_ids: Sequence[int]) -> None:
        writing.documents_delete(dialect=self.dialect, dataset_ids=dataset_ids)

    def begin_rebuild(self) -> None:
        writing.rebuild_begin()

    def finish_rebuild(self) -> None:
        writing.rebuild_finish(dialect=self.dialect)

    def search(self, request: SearchRequest) -> SearchPage:
        return querying.search_page(dialect=self.dialect, request=request)

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        return suggestions.suggestions_for(dialect=self.dialect, prefix=prefix, limit=limit)

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
        return {"ok": True, "backend": self.name, "vendor": self.dialect.vendor}
