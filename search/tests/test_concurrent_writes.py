"""Two writers of the same document on the database backend (PostgreSQL): each process's
indexing thread sweeps what is pending, which may be a batch another process is indexing
too. The second writer must neither fail nor count the document's facets twice."""

import threading

import pytest
from django.db import connection, connections

from catalog.tests.factories import make_dataset
from search.backends.database import DatabaseBackend
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


def test_two_writers_of_a_new_document_take_turns(monkeypatch, wait_for_a_blocked_session):
    dataset = make_dataset("concurrent.orders", platform="postgres")
    DatasetDocument.objects.all().delete()
    FacetCount.objects.all().delete()
    document = build_documents([dataset.id])[0]
    backend = DatabaseBackend()
    written, release = threading.Event(), threading.Event()
    write = DatabaseBackend._write  # pylint: disable=protected-access

    def held_open(self, docs):
        # The first writer keeps its transaction open after writing, until the second waits.
        write(self, docs)
        if threading.current_thread().name == "first writer":
            written.set()
            assert release.wait(10)

    monkeypatch.setattr(DatabaseBackend, "_write", held_open)
    first, first_outcome = _in_thread(lambda: backend.bulk_index([document]), "first writer")
    assert written.wait(10)
    second, second_outcome = _in_thread(lambda: backend.bulk_index([document]), "second writer")
    wait_for_a_blocked_session()
    release.set()
    first.join(10)
    second.join(10)
    # The second one finds the first one's document, of the same version: nothing to write.
    assert first_outcome == [1] and second_outcome == [0]
    assert DatasetDocument.objects.filter(dataset_id=dataset.id).count() == 1
    assert FacetCount.objects.get(pair="platform:postgres").count == 1
