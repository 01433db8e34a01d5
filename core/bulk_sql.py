"""Bulk writes without the ORM's per-row cost: what the ingestion batch and the search index
write tens of thousands of rows a request with.

On PostgreSQL rows go in through COPY, streamed as they are made, and updates through one
``UPDATE … FROM (VALUES …)``; elsewhere through ``executemany``.
"""

import io
import json
from datetime import datetime
from operator import attrgetter
from typing import Any, Callable, Iterable, Sequence

from django.db import connection
from django.db.models import Field, Model
from django.utils import timezone

_AUTO_IDS = ("AutoField", "BigAutoField", "SmallAutoField")


# jsonb keeps no formatting, so PostgreSQL gets JSON without the spaces after separators (less
# to make and to parse: a batch's change events hold ~5 MB of it) from one encoder made once
# (``json.dumps`` with options makes a new one per call). SQLite stores the text as it comes,
# so it gets ``json.dumps``'s, as Django's JSONField writes it.
_COMPACT_JSON = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode


def json_text(value: Any, memo: dict, encode: Callable[[Any], str]) -> Any:
    """``value`` as JSON text by ``encode`` (``json_encoder()``), remembered for the short lists
    of names that 20k field rows repeat (``[]``, ``["pii"]``)."""
    if value is None:
        return None
    if not value and value.__class__ in (list, tuple):
        return "[]"
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        key = tuple(value)
        text = memo.get(key)
        if text is None:
            text = memo[key] = encode(list(value))
        return text
    return encode(value)


def json_encoder() -> Callable[[Any], str]:
    """The JSON encoder for the connection's database (see ``_COMPACT_JSON``)."""
    return _COMPACT_JSON if connection.vendor == "postgresql" else json.dumps


def insert_rows(model: type[Model], rows: Sequence[Any], *, returning: bool = False) -> None:
    """INSERT ``rows`` (model instances or objects with the same attributes) without the ORM's
    compilation, which costs more than the database for the 20k fields of a batch. An
    auto-incremented id is left to the database; with ``returning``, on PostgreSQL, the ids are
    drawn from its sequence first and set on the rows (SQLite cannot return them from a bulk
    insert). Auto timestamps are set here."""
    if not rows:
        return
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and f.get_internal_type() in _AUTO_IDS)
    ]
    now = timezone.now()
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    attnames = [f.attname for f in fields]
    jsons = [i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"]
    stamps = [
        f.attname
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    memo: dict = {}
    encode = json_encoder()
    postgres = connection.vendor == "postgresql"
    pk = model._meta.pk
    if postgres and returning:
        attnames.insert(0, pk.attname)  # drawn from the sequence below
        jsons = [i + 1 for i in jsons]
    getter = (
        attrgetter(*attnames) if len(attnames) > 1 else lambda row: (getattr(row, attnames[0]),)
    )

    def prepared(row: Any) -> list:
        for name in stamps:
            if getattr(row, name, None) is None:
                setattr(row, name, now)
        value = list(getter(row))
        for i in jsons:
            value[i] = json_text(value[i], memo, encode)
        if not postgres:
            value = [
                connection.ops.adapt_datetimefield_value(v) if isinstance(v, datetime) else v
                for v in value
            ]
        return value

    with connection.wrap_database_errors, connection.cursor() as cursor:
        if postgres:
            if returning:
                # The ids are drawn from the id's sequence first, in one query, so the rows
                # can be streamed through COPY too (INSERT … RETURNING cannot be).
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) AS id "
                    "FROM generate_series(1, %s) ORDER BY id",
                    [model._meta.db_table, pk.column, len(rows)],
                )
                for row, (new_id,) in zip(rows, cursor.fetchall()):
                    setattr(row, pk.attname, new_id)
                columns = f"{connection.ops.quote_name(pk.column)}, {columns}"
            # Each row is made as COPY asks for it, while the server stores the rows before.
            copy_rows(cursor.cursor, table, columns, map(prepared, rows))
            return
        marks = ", ".join(["%s"] * len(fields))
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", [prepared(row) for row in rows]
        )


_COPY_SPECIAL = ("\\", "\t", "\n", "\r")


def copy_value(value: Any) -> str:
    """A value in COPY's text format: \\N is NULL, and backslash, tab, newline and carriage
    return are escaped (JSON text has backslashes; descriptions may have newlines)."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            for char, escaped in zip(_COPY_SPECIAL, ("\\\\", "\\t", "\\n", "\\r")):
                value = value.replace(char, escaped)
        return value
    return str(value)


def copy_line(row: Sequence[Any]) -> str:
    """One row of COPY text. Most rows need no escape: they are joined as they are (booleans
    as ``t``/``f``, numbers, datetimes and Django's choices as ``str`` gives them) and checked
    once as a whole (a tab inside a value shows as one tab too many, and the only backslashes
    allowed are those of the NULL markers)."""
    # pylint: disable=unidiomatic-typecheck  # exact classes: bool is an int, choices are str
    line = "\t".join(
        [
            (
                v
                if v.__class__ is str
                else "\\N" if v is None else ("t" if v else "f") if v.__class__ is bool else str(v)
            )
            for v in row
        ]
    )
    if (
        "\n" in line
        or "\r" in line
        or line.count("\t") != len(row) - 1
        or ("\\" in line and line.count("\\") != sum(v is None for v in row))
    ):
        line = "\t".join(map(copy_value, row))
    return line


class CopyStream(io.TextIOBase):
    """The text of COPY, made a few hundred rows at a time as psycopg2 reads it. The server
    is a process of its own: it parses and stores the rows already sent (indexes, foreign
    keys, TOAST) while this process makes the next ones, instead of waiting for the whole
    text first."""

    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        super().__init__()
        self._rows = iter(rows)
        self._ended = False

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        if self._ended:
            return ""
        lines = []
        length = 0
        limit = size if size and size > 0 else float("inf")
        for row in self._rows:
            line = copy_line(row)
            lines.append(line)
            length += len(line) + 1
            if length >= limit:
                break
        else:
            self._ended = True
        return "\n".join(lines) + "\n" if lines else ""


# Characters per read: large enough that the per-read overhead vanishes, small enough that the
# server has rows to work on long before the last one is made.
_COPY_READ = 256 * 1024


def copy_rows(cursor: Any, table: str, columns: str, rows: Iterable[Sequence[Any]]) -> None:
    """PostgreSQL's COPY (text format): several times faster than INSERT for the 20k fields of
    a batch, and faster to write than CSV, which doubles every quote of the JSON columns."""
    cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", CopyStream(rows), size=_COPY_READ)


def update_rows(model: type[Model], rows: Sequence[Any], attnames: Sequence[str]) -> None:
    """UPDATE ``rows`` by id, setting ``attnames``: one ``UPDATE … FROM (VALUES …)`` per 2000
    rows on PostgreSQL (Django's bulk_update builds a CASE per row and column), executemany
    elsewhere."""
    if not rows:
        return
    fields = [_column_field(model, name) for name in attnames]
    table = connection.ops.quote_name(model._meta.db_table)
    quote = connection.ops.quote_name
    columns = [quote(f.column) for f in fields]
    postgres = connection.vendor == "postgresql"
    encode = json_encoder()
    values = []
    for row in rows:
        value = [
            (
                encode(getattr(row, f.attname))
                if f.get_internal_type() == "JSONField"
                else getattr(row, f.attname)
            )
            for f in fields
        ]
        if not postgres:
            value = [
                connection.ops.adapt_datetimefield_value(v) if isinstance(v, datetime) else v
                for v in value
            ]
        values.append((row.id, *value))
    with connection.wrap_database_errors, connection.cursor() as cursor:
        if postgres:
            from psycopg2.extras import execute_values  # pylint: disable=import-outside-toplevel

            names = ", ".join(columns)
            assignments = ", ".join(
                f"{column} = v.{column}::{f.db_type(connection)}"
                for column, f in zip(columns, fields)
            )
            execute_values(
                cursor.cursor,
                f"UPDATE {table} AS t SET {assignments} FROM (VALUES %s) AS v(id, {names}) "
                "WHERE t.id = v.id",
                values,
                page_size=2000,
            )
        else:
            assignments = ", ".join(f"{column} = %s" for column in columns)
            cursor.executemany(
                f"UPDATE {table} SET {assignments} WHERE id = %s",
                [(*value[1:], value[0]) for value in values],
            )


def _column_field(model: type[Model], name: str) -> Field:
    """The concrete field ``name`` of ``model``: a relation's reverse side has no column."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    return field
