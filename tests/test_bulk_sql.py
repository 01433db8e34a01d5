"""The bulk writer under the ingestion batch and the search index: rows streamed into COPY as
they are made arrive whole and in order, whatever the read size."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.utils import timezone

from catalog.models import ChangeEvent, Classification, FieldType, SchemaField, Tag
from catalog.tests.factories import make_dataset
from core import bulk_sql
from search.models import DatasetDocument


def _rows(count: int) -> list[tuple]:
    # Values COPY's text format must escape, and NULLs, in varied lengths.
    return [
        (f"name {i}", "x" * (i % 37), None if i % 5 == 0 else f"a\tb\\c\nd {i}")
        for i in range(count)
    ]


def test_copy_stream_hands_out_whole_lines_up_to_the_read_size():
    rows = _rows(200)
    whole = "".join(bulk_sql.copy_line(row) + "\n" for row in rows)
    stream = bulk_sql.CopyStream(rows)
    chunks = []
    while chunk := stream.read(100):
        chunks.append(chunk)
    assert "".join(chunks) == whole
    assert len(chunks) > 20
    assert all(chunk.endswith("\n") for chunk in chunks)
    assert stream.read(100) == ""


def test_copy_stream_reads_everything_at_once_without_a_size():
    rows = _rows(50)
    stream = bulk_sql.CopyStream(rows)
    assert stream.read() == "".join(bulk_sql.copy_line(row) + "\n" for row in rows)
    assert stream.read() == ""


def test_copy_stream_of_no_rows_is_empty():
    assert bulk_sql.CopyStream([]).read(10) == ""


@pytest.mark.django_db
def test_insert_rows_stores_every_row_across_many_reads(monkeypatch):
    # A tiny read size makes COPY ask for the rows a few at a time (PostgreSQL); elsewhere the
    # rows go through executemany. Both must store the same values.
    monkeypatch.setattr(bulk_sql, "_COPY_READ", 64)
    reads = []
    read = bulk_sql.CopyStream.read
    monkeypatch.setattr(
        bulk_sql.CopyStream, "read", lambda self, size=-1: reads.append(size) or read(self, size)
    )
    rows = [
        SimpleNamespace(name=name, description=text or "", color=short[:7])
        for name, short, text in _rows(300)
    ]
    bulk_sql.insert_rows(Tag, rows)
    stored = {
        name: (description, color)
        for name, description, color in Tag.objects.filter(name__startswith="name ").values_list(
            "name", "description", "color"
        )
    }
    assert stored == {row.name: (row.description, row.color) for row in rows}
    if connection.vendor == "postgresql":
        assert len(reads) > 100 and set(reads) == {64}


@pytest.mark.django_db
def test_insert_rows_keeps_a_primary_key_that_is_not_generated():
    # The search index's documents are keyed by their dataset's id, given by the caller.
    row = SimpleNamespace(**{f.attname: "" for f in DatasetDocument._meta.concrete_fields})
    row.dataset_id, row.version, row.modified_at = 424242, 3, timezone.now()
    row.field_paths, row.facets, row.facets_folded = ["a.b"], ["platform:hive"], []
    row.field_names = ["b"]
    bulk_sql.insert_rows(DatasetDocument, [row])
    stored = DatasetDocument.objects.get(dataset_id=424242)
    assert (stored.version, stored.field_paths, stored.facets) == (3, ["a.b"], ["platform:hive"])


@pytest.mark.django_db
def test_insert_rows_with_returning_gives_each_row_its_stored_id():
    rows = [
        SimpleNamespace(id=None, name=f"returned {i}", description="", color="") for i in range(5)
    ]
    bulk_sql.insert_rows(Tag, rows, returning=True)
    stored = dict(Tag.objects.filter(name__startswith="returned ").values_list("name", "id"))
    if connection.vendor == "postgresql":
        # Drawn from the sequence before the rows are streamed, in ascending order.
        assert {row.name: row.id for row in rows} == stored
        assert [row.id for row in rows] == sorted(row.id for row in rows)
    else:  # SQLite cannot return ids from a bulk insert: the caller looks them up
        assert len(stored) == 5


@pytest.mark.django_db
def test_insert_rows_round_trips_every_kind_of_value():
    # Booleans, integers, choices, datetimes, NULLs and JSON (nested, with quotes, backslashes,
    # tabs and non-ASCII) come back as they went in, through COPY on PostgreSQL.
    dataset = make_dataset("bulk.kinds", fields=0)
    now = timezone.now()
    fields = [
        SimpleNamespace(
            dataset_id=dataset.id,
            field_path=f"col_{i}",
            native_type="varchar(10)",
            type=FieldType.STRING if i % 2 else FieldType.NUMBER,
            nullable=bool(i % 2),
            is_key=i == 0,
            is_partition=False,
            ordinal=i,
            description="tab\there" if i == 2 else "",
            editable_description="",
            tags=['q"uote', "back\\slash", "été"] if i == 1 else [],
            editable_tags=[],
            glossary_terms=[],
            editable_glossary_terms=[],
            classification=Classification.NONE,
        )
        for i in range(4)
    ]
    bulk_sql.insert_rows(SchemaField, fields)
    stored = list(
        SchemaField.objects.filter(dataset=dataset)
        .order_by("ordinal")
        .values_list("field_path", "type", "nullable", "is_key", "ordinal", "description", "tags")
    )
    assert stored == [
        (f.field_path, f.type, f.nullable, f.is_key, f.ordinal, f.description, f.tags)
        for f in fields
    ]
    after = {"a": [1, 2.5, True, None], "b": {"c": "line\nbreak \\ é"}, "d": ""}
    event = SimpleNamespace(
        dataset_id=dataset.id,
        aspect="schema",
        actor="urn:li:corpuser:x",
        created_at=now,
        version=7,
        before=None,
        after=after,
    )
    bulk_sql.insert_rows(ChangeEvent, [event])
    row = ChangeEvent.objects.get(dataset=dataset, aspect="schema", version=7)
    assert (row.before, row.after, row.created_at) == (None, after, now)
