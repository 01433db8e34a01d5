"""Two writers of the same document on the database backend (PostgreSQL): each process's
indexing thread sweeps what is pending, which may be a batch another process is indexing
too. The second writer must neither fail nor count the document's facets twice."""

import threading

import pytest
from django.db import connection, connections

from catalog.tests.factories import make_dataset
from search.backends.database import DatabaseBackend, writing
from search.documents import build_documents
from search.models import DatasetDocument, FacetCount

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's writers take turns"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("platforms_seeded"),
]


def _in_thread(work, name: str) -> tuple[threading.Thread, list]:
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:  # pylint: disable=broad-exception-caught
            outcome.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread, outcome


def _first_writer_held_open(monkeypatch, backend, dataset, indexed=()) -> tuple:
    """Start a writer of ``dataset``'s document that keeps its transaction open after writing,
    on an index that holds only the ``indexed`` datasets; returns (thread, outcome, document,
    release)."""
    DatasetDocument.objects.all().delete()
    FacetCount.objects.all().delete()
    backend.bulk_index(build_documents([d.id for d in indexed]))
    document = build_documents([dataset.id])[0]
    written, release = threading.Event(), threading.Event()
    write = writing.documents_write

    def held_open(**kwargs):
        write(**kwargs)
        if threading.current_thread().name == "first writer":
            written.set()
            assert release.wait(10)

    monkeypatch.setattr(writing, "documents_write", held_open)
    thread, outcome = _in_thread(lambda: backend.bulk_index([document]), "first writer")
    assert written.wait(10)
    return thread, outcome, document, release


def test_two_writers_of_a_new_document_take_turns(monkeypatch, wait_for_a_blocked_session):
    dataset = make_dataset("concurrent.orders", platform="postgres")
    backend = DatabaseBackend()
    first, first_outcome, document, release = _first_writer_held_open(monkeypatch, backend, dataset)
    second, second_outcome = _in_thread(lambda: backend.bulk_index([document]), "second writer")
    wait_for_a_blocked_session()
    release.set()
    first.join(10)
    second.join(10)
    # The second one finds the first one's document, of the same version: nothing to write.
    assert first_outcome == [1] and second_outcome == [0]
    assert DatasetDocument.objects.filter(dataset_id=dataset.id).count() == 1
    assert FacetCount.objects.get(pair="platform:postgres").count == 1


def test_a_rebuild_recounts_facets_after_a_writer_it_met(monkeypatch, wait_for_a_blocked_session):
    """The end of a rebuild recounts FacetCount from the documents. Run while a write is
    uncommitted, it would count without that write's document, wait for the write's lock on
    the shared count, then replace it with its own: it waits for its turn instead."""
    earlier = make_dataset("concurrent.clicks", platform="kafka")
    dataset = make_dataset("concurrent.refunds", platform="kafka")
    backend = DatabaseBackend()
    first, first_outcome, _, release = _first_writer_held_open(
        monkeypatch, backend, dataset, indexed=[earlier]
    )
    rebuild, rebuild_outcome = _in_thread(backend.finish_rebuild, "rebuild")
    wait_for_a_blocked_session()
    release.set()
    first.join(10)
    rebuild.join(10)
    assert first_outcome == [1] and rebuild_outcome == [None]
    assert FacetCount.objects.get(pair="platform:kafka").count == 2
