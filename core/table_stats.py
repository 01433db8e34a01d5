"""Planner statistics after bulk work.

A bulk load, a reindex or a large relay run changes tables faster than autovacuum notices
(and autovacuum may be off, or behind): until the next ``ANALYZE`` the planner plans for the
table as it was, empty if it is new, and picks a sequential scan of 17M schema fields where an
index would do. So whatever writes in bulk analyses what it wrote, once at the end and on the
way while a table is still growing by an order of magnitude (a fresh table's first batches are
when the planner is blindest).

``ANALYZE`` reads a sample (300 × the statistics target rows a table, 30k by default), so its
cost does not grow with the table: about a second for a catalog of a million datasets.

On PostgreSQL, outside a transaction, it is ``VACUUM (ANALYZE)``: a reindex or a relay replaces
documents (a delete and an insert each), and until the old row versions are vacuumed a search
reads them too: a broad search at 100k measured 3× slower after a rewrite of every document
(autovacuum would get there, but it may be off, as on the machine this was measured on, or
behind). Inside a transaction (a test, a migration) VACUUM cannot run and ANALYZE does.

SQLite gets ``ANALYZE <table>`` too, not ``PRAGMA optimize``: the pragma analyses only the
tables its own connection queried and judges worth it, which after a bulk load may be none of
them; the explicit statement does the same thing on both databases.
"""

import logging
import time
from typing import Iterable

from django.db import connection
from django.db.models import Model

logger = logging.getLogger(__name__)


def tables_analyze(*, models: Iterable[type[Model]], reason: str) -> list[str]:
    """``ANALYZE`` the tables of ``models`` (PostgreSQL and SQLite; elsewhere nothing) and log
    it; returns the table names analysed. Runs inside or outside a transaction."""
    tables = sorted({model._meta.db_table for model in models})
    if not tables or connection.vendor not in ("postgresql", "sqlite"):
        return []
    quote = connection.ops.quote_name
    started = time.monotonic()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            command = "ANALYZE " if connection.in_atomic_block else "VACUUM (ANALYZE) "
            cursor.execute(command + ", ".join(quote(table) for table in tables))
        else:
            for table in tables:
                cursor.execute(f"ANALYZE {quote(table)}")
    logger.info(
        "analysed %s after %s in %.1fs", ", ".join(tables), reason, time.monotonic() - started
    )
    return tables


class GrowthAnalyzer:
    """Analyses ``models`` while bulk work adds rows to them: once ``first`` rows are written,
    then each time the tables have grown ``factor`` times since the last analysis (``base``:
    the rows they held before), so a load from empty analyses at 1k, 10k, 100k, 1M rows;
    ``finish`` analyses what was written since the last analysis."""

    def __init__(
        self,
        *,
        models: Iterable[type[Model]],
        reason: str,
        first: int,
        base: int = 0,
        factor: int = 10,
    ) -> None:
        self.models = list(models)
        self.reason = reason
        self.first = max(first, 1)
        self.factor = factor
        self.written = 0
        self._size = base
        self._analysed_size = base
        self.analyses = 0

    def add(self, rows: int) -> None:
        self.written += rows
        self._size += rows
        if self.written >= self.first and self._size >= self.factor * self._analysed_size:
            self._analyse(f"{self.reason} ({self.written} so far)")

    def finish(self, *, always: bool = False) -> None:
        """Analyse what was written since the last analysis: if at least ``first`` rows were
        written in all, or ``always`` (a rebuild, whose tables changed whatever the count)."""
        if (always or self.written >= self.first) and self._size > self._analysed_size:
            self._analyse(f"{self.reason} ({self.written} in all)")

    def _analyse(self, reason: str) -> None:
        tables_analyze(models=self.models, reason=reason)
        self._analysed_size = self._size
        self.analyses += 1
