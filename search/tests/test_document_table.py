"""Migrations 0007 and 0008 on PostgreSQL: name lookups use the name index; the document table
holds the columns a search reads first, and rebuilding it (by the migration up to its size
limit, by ``search_table_rebuild`` beyond) keeps every row, index, constraint and generated
column."""

import importlib

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.tests.factories import make_dataset
from search.backends.base import SearchRequest
from search.models import DatasetDocument
from search import table
from search.query import parse_query

name_vector = importlib.import_module("search.migrations.0007_name_vector")
column_order = importlib.import_module("search.migrations.0008_document_column_order")
dictionary = importlib.import_module("search.migrations.0010_suggestion_dictionary")

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the column order matters on PostgreSQL only"
)


def columns() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
            "AND NOT attisdropped ORDER BY attnum",
            [table.TABLE],
        )
        return [name for (name,) in cursor.fetchall()]


def table_objects() -> tuple[list, list]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass ORDER BY conname",
            [table.TABLE],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname",
            [table.TABLE],
        )
        return constraints, cursor.fetchall()


def test_a_search_reads_the_leading_columns(db):  # pylint: disable=unused-argument
    order = columns()
    assert order[: len(table.HOT)] == table.HOT
    # What only hydration and the full-text index use comes after.
    assert order.index("search_vector") > order.index("facets_folded")
    assert order.index("body_text") > order.index("facets_folded")


def test_the_rebuild_keeps_rows_indexes_constraints_and_generated_columns(
    database_backend, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        make_dataset("sales.orders", platform="postgres", tags=["Gold"], owners=("aberger",))
        make_dataset("tracking.clicks", platform="kafka", description="Raw click events.")
    before = list(DatasetDocument.objects.order_by("dataset_id").values())
    objects = table_objects()
    request = SearchRequest(query=parse_query("clicks"))
    hits = [hit.urn for hit in database_backend.search(request).hits]

    # First into the order the table had before migration 0008 (the wide columns first, the
    # generated ones last), then back by the migration.
    with monkeypatch.context() as patch, connection.schema_editor() as editor:
        patch.setattr(table, "HOT", ["dataset_id", "urn", "body_text"])
        table.rebuild_document_table(editor)
    assert columns()[:3] == ["dataset_id", "urn", "body_text"]
    with connection.schema_editor() as editor:
        column_order.reorder(None, editor)

    assert list(DatasetDocument.objects.order_by("dataset_id").values()) == before
    assert table_objects() == objects
    assert columns()[: len(table.HOT)] == table.HOT
    assert [hit.urn for hit in database_backend.search(request).hits] == hits
    page = database_backend.search(SearchRequest(query=parse_query("orders tag:Gold")))
    assert page.count == 1 and {f.value for f in page.facets["owner"]} == {
        "urn:li:corpuser:aberger"
    }


def test_name_lookups_use_the_name_indexes(database_backend, django_capture_on_commit_callbacks):
    """Autocomplete reads names by their lowercased spelling and their last segment, and the
    misspelling retry by the name tokens: each spells the expression its migration (0010,
    0007) indexes, so it reads that index instead of every document."""
    with django_capture_on_commit_callbacks(execute=True):
        make_dataset("tracking.pageviewevent", platform="kafka")
    with CaptureQueriesContext(connection) as suggest:
        assert database_backend.suggest("pagev")[0].text == "tracking.pageviewevent"
    with CaptureQueriesContext(connection) as fuzzy:
        page = database_backend.search(SearchRequest(query=parse_query("pageveiwevent")))
    assert page.fuzzy and page.count == 1
    by_name = [q["sql"] for q in suggest.captured_queries if 'COLLATE "C"' in q["sql"]]
    expected = {
        by_name[0]: dictionary.NAME_INDEX,
        by_name[1]: dictionary.LEAF_INDEX,
        next(
            q["sql"]
            for q in fuzzy.captured_queries
            if "to_tsvector" in q["sql"] and not q["sql"].startswith("EXPLAIN")
        ): name_vector.INDEX,
    }
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for statement, index in expected.items():
            cursor.execute("EXPLAIN " + statement)
            plan = "\n".join(line for (line,) in cursor.fetchall())
            assert index in plan, plan


@pytest.mark.usefixtures("db")
def test_a_large_table_is_left_to_the_command(monkeypatch, capsys):
    """Above its size limit the migration leaves the table as it is (a rebuild could outlast the
    Lambda invocation that runs it) and says which command does it."""
    wide_first = ["dataset_id", "urn", "body_text"]
    with monkeypatch.context() as patch, connection.schema_editor() as editor:
        patch.setattr(table, "HOT", wide_first)
        table.rebuild_document_table(editor)
    monkeypatch.setattr(column_order, "REBUILD_LIMIT", -1)
    with connection.schema_editor() as editor:
        column_order.reorder(None, editor)
    assert columns()[:3] == wide_first
    assert "search_table_rebuild" in capsys.readouterr().out

    call_command("search_table_rebuild")
    assert columns()[: len(table.HOT)] == table.HOT
