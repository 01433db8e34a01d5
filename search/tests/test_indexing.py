"""Where a bulk batch is indexed (search.indexing): the background thread of a local server.
Production's dispatcher (an asynchronous Lambda invocation) is tested through Zappa's handler in
tests/serverless/test_async_indexing.py.

These tests commit for real (transaction=True): the indexing thread has its own database
connection and sees only what is committed, as in a running server."""

# pylint: disable=redefined-outer-name,unused-argument
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.db import connection

from catalog.writer.ingest import ingest_batch
from catalog.writer.items import IngestItem
from catalog.models import Dataset
from catalog.services import FieldSpec
from catalog.tests.factories import INGESTION, make_dataset, make_urn
from search.backends.base import SearchRequest, SearchUnavailable
from search.indexing import background_indexer, bulk_mode
from search.query import parse_query
from search.relay import pending_count

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("platforms_seeded"),
]


def _items(prefix: str, count: int, word: str = "zebrafish") -> list[IngestItem]:
    return [
        IngestItem(
            urn=make_urn(f"{prefix}.table_{i}"),
            description=f"{word} table {i}",
            schema=[
                FieldSpec(field_path="id", type="number"),
                FieldSpec(field_path="name", type="string"),
            ],
        )
        for i in range(count)
    ]


@pytest.fixture
def indexer(settings):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "SQLite's in-memory test database locks whole tables between connections; "
            "test_a_local_process_drains_its_queue_before_it_exits covers SQLite, on a file"
        )
    settings.SEARCH_BULK_INDEXING = "background"
    indexer = background_indexer()
    retry_seconds = indexer.retry_seconds
    indexer.retry_seconds = 0.2
    yield indexer
    indexer.stop(timeout=30)
    indexer.retry_seconds = retry_seconds


def _wait_until(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_a_bulk_batch_is_indexed_by_the_background_thread(search_backend, indexer, monkeypatch):
    handed_over: list[int] = []
    submit = indexer.submit

    def recorded(dataset_ids):
        handed_over.extend(dataset_ids)
        submit(dataset_ids)

    monkeypatch.setattr(indexer, "submit", recorded)
    result = ingest_batch(_items("bg", 40), actor=INGESTION)
    assert result.created == 40
    assert indexer.flush(timeout=30)
    assert sorted(handed_over) == sorted(Dataset.objects.values_list("id", flat=True))
    assert pending_count() == 0
    assert search_backend.indexed_versions() == dict(Dataset.objects.values_list("id", "version"))
    page = search_backend.search(SearchRequest(query=parse_query("zebrafish"), limit=50))
    assert page.count == 40


def test_batches_queued_while_the_thread_works_are_all_delivered(database_backend, indexer):
    for batch in range(5):
        ingest_batch(_items(f"queued{batch}", 30, word=f"batch{batch}"), actor=INGESTION)
    ingest_batch(_items("queued0", 30, word="rewritten"), actor=INGESTION)  # newer versions
    assert indexer.flush(timeout=30)
    assert pending_count() == 0
    assert database_backend.indexed_versions() == dict(Dataset.objects.values_list("id", "version"))
    hits = database_backend.search(SearchRequest(query=parse_query("rewritten"), limit=50))
    assert hits.count == 30


def test_a_single_write_is_still_indexed_in_its_request(database_backend, indexer, monkeypatch):
    handed_over = []
    monkeypatch.setattr(indexer, "submit", handed_over.append)
    dataset = make_dataset("inline.orders", description="written by a person")
    # No flush: an edit made in the UI must be searchable when its response arrives.
    assert database_backend.indexed_versions() == {dataset.id: dataset.version}
    assert not handed_over


def test_the_thread_retries_until_search_is_back(database_backend, indexer, monkeypatch):
    def down(*args, **kwargs):
        raise SearchUnavailable("search is down")

    monkeypatch.setattr(type(database_backend), "bulk_index", down)
    result = ingest_batch(_items("outage", 25), actor=INGESTION)
    assert result.created == 25  # the write succeeds while search is down
    assert indexer.flush(timeout=30)
    assert pending_count() == 25
    assert indexer.sweep_due

    monkeypatch.undo()  # search comes back: the next sweep delivers everything
    assert _wait_until(lambda: pending_count() == 0)
    assert _wait_until(lambda: not indexer.sweep_due)
    assert database_backend.indexed_versions() == dict(Dataset.objects.values_list("id", "version"))


DISPATCHED: list[tuple] = []


def record_dispatch(task, dataset_ids) -> bool:
    """A SEARCH_INDEX_DISPATCHER that keeps what it is handed and sends nothing anywhere."""
    DISPATCHED.append((task, dataset_ids))
    return True


def test_dispatch_mode_hands_the_task_to_the_configured_dispatcher(settings, database_backend):
    settings.SEARCH_BULK_INDEXING = "dispatch"
    settings.SEARCH_INDEX_DISPATCHER = f"{__name__}.record_dispatch"
    DISPATCHED.clear()
    ingest_batch(_items("sent", 3), actor=INGESTION)
    assert len(DISPATCHED) == 1
    task, ids = DISPATCHED[0]
    assert ids == sorted(Dataset.objects.values_list("id", flat=True))
    assert pending_count() == 3  # nothing indexed in the request
    assert task(ids) == 3  # what the other invocation runs
    assert pending_count() == 0


def test_dispatch_mode_without_a_dispatcher_indexes_in_the_request(settings, database_backend):
    settings.SEARCH_BULK_INDEXING = "dispatch"
    settings.SEARCH_INDEX_DISPATCHER = ""
    ingest_batch(_items("local", 3), actor=INGESTION)
    assert pending_count() == 0


def test_an_unknown_mode_is_refused(settings):
    settings.SEARCH_BULK_INDEXING = "later"
    with pytest.raises(ValueError, match="SEARCH_BULK_INDEXING must be one of"):
        bulk_mode()


SCRIPT = textwrap.dedent("""
    from catalog.writer.ingest import ingest_batch
    from catalog.writer.items import IngestItem
    from catalog.services import FieldSpec
    from search.indexing import bulk_mode

    assert bulk_mode() == "background"
    items = [
        IngestItem(
            urn=f"urn:li:dataset:(urn:li:dataPlatform:hive,exit.table_{i},PROD)",
            description=f"quokka table {i}",
            schema=[FieldSpec(field_path="id", type="number")],
        )
        for i in range(300)
    ]
    print(ingest_batch(items, actor="urn:li:corpuser:ingestion").created)
    """)
CHECK = textwrap.dedent("""
    from search.backends import get_backend
    from search.backends.base import SearchRequest
    from search.query import parse_query
    from search.relay import pending_count

    page = get_backend().search(SearchRequest(query=parse_query("quokka")))
    print(pending_count(), page.count)
    """)


@pytest.mark.django_db(transaction=False)
def test_a_local_process_drains_its_queue_before_it_exits(tmp_path):
    """A local server or an ``ingest`` run on a SQLite file: the process that ingested ends
    right after its last batch, and its indexing thread still delivers everything first."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'local.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "metadata_discovery.settings.local",
        "SEARCH_BULK_INDEXING": "background",
    }

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    manage("migrate", "--verbosity", "0")
    assert manage("shell", "--no-imports", "-c", SCRIPT).endswith("300")
    assert manage("shell", "--no-imports", "-c", CHECK).endswith("0 300")
