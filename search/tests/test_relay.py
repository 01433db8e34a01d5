# pylint: disable=redefined-outer-name,unused-argument
import uuid
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from catalog import services
from catalog.writer.ingest import ingest_batch
from catalog.writer.items import IngestItem
from catalog.models import Dataset
from catalog.services import FieldSpec
from catalog.tests.factories import INGESTION, make_dataset, make_urn
from search.backends import get_backend
from search.backends.base import SearchRequest, SearchUnavailable
from search.backends.database import DatabaseBackend
from search.models import IndexState
from search.query import parse_query
from search.relay import SEARCH_TABLES, _mark_delivered, pending_count, relay_pending
from search.services import search_drift, search_reindex
from search.tests.conftest import _use
from search.tests.proxy import Forwarder

EDITOR = "urn:li:corpuser:editor1"


def test_a_committed_write_is_indexed_right_away(
    search_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dataset = make_dataset("kick.orders", description="freshly written")
    assert search_backend.indexed_versions() == {dataset.id: dataset.version}
    with django_capture_on_commit_callbacks(execute=True):
        services.dataset_update(urn=dataset.urn, actor=EDITOR, docs="now mentions zanzibar")
    page = search_backend.search(SearchRequest(query=parse_query("zanzibar")))
    assert [hit.urn for hit in page.hits] == [dataset.urn]
    assert pending_count() == 0


def _write_1000(django_capture_on_commit_callbacks) -> None:
    """1,000 catalog writes: 200 datasets created, then each updated four times."""
    urns = [make_urn(f"outage.table_{i}") for i in range(200)]
    for round_ in range(5):
        for i, urn in enumerate(urns):
            with django_capture_on_commit_callbacks(execute=True):
                services.dataset_upsert(
                    urn=urn,
                    actor=INGESTION,
                    description=f"round {round_} of table {i}",
                    schema=[FieldSpec(field_path=f"col_{round_}", type="string")],
                )


def test_outage_loses_no_write_on_opensearch(
    settings, db, opensearch_url, django_capture_on_commit_callbacks
):
    target = urlparse(opensearch_url)
    proxy = Forwarder(target.hostname, target.port)
    proxy.start()
    backend = _use(
        settings,
        "search.backends.opensearch.OpenSearchBackend",
        url=proxy.url,
        index=f"mdt-outage-{uuid.uuid4().hex[:8]}",
        refresh=True,
        timeout=2,
    )
    proxy.stop()  # the search endpoint goes down
    _write_1000(django_capture_on_commit_callbacks)
    assert Dataset.objects.count() == 200
    assert all(d.version == 5 for d in Dataset.objects.all())
    assert pending_count() == 200
    assert relay_pending().error  # still down: the sweep reports it and keeps everything

    proxy.start()  # it comes back
    result = relay_pending()
    assert (result.indexed, result.error, pending_count()) == (200, "", 0)
    report = search_drift()
    assert report.clean, report
    assert backend.indexed_versions() == dict(Dataset.objects.values_list("id", "version"))
    page = backend.search(SearchRequest(query=parse_query("round 4 table")))
    assert page.count == 200
    proxy.stop()


def test_outage_loses_no_write_on_the_database_backend(
    database_backend, monkeypatch, django_capture_on_commit_callbacks
):
    def down(self, documents, *, force=False):
        raise SearchUnavailable("index down")

    monkeypatch.setattr(DatabaseBackend, "bulk_index", down)
    _write_1000(django_capture_on_commit_callbacks)
    assert pending_count() == 200
    monkeypatch.undo()
    assert relay_pending().indexed == 200
    assert search_drift().clean
    assert database_backend.indexed_versions() == dict(Dataset.objects.values_list("id", "version"))


def test_relay_is_idempotent_and_never_goes_backwards(search_backend):
    dataset = make_dataset("relay.twice")
    assert relay_pending().indexed == 1
    assert relay_pending().indexed == 0  # nothing pending: nothing sent
    IndexState.objects.all().delete()  # a lost delivery record: delivering again is harmless
    assert relay_pending().indexed == 1
    assert search_backend.indexed_versions() == {dataset.id: dataset.version}


def _search_tables() -> set[str]:
    return {model._meta.db_table for model in SEARCH_TABLES}


def test_a_relay_run_over_the_threshold_analyses_the_search_tables(
    database_backend, settings, analysed_tables
):
    settings.SEARCH_ANALYZE_AFTER = 4
    for i in range(5):
        make_dataset(f"analyse.t{i}")
    IndexState.objects.all().delete()  # all five pending again

    assert relay_pending(batch_size=2).indexed == 5
    assert _search_tables() <= analysed_tables()


def test_a_relay_run_under_the_threshold_leaves_the_statistics_alone(
    database_backend, settings, analysed_tables
):
    settings.SEARCH_ANALYZE_AFTER = 6
    for i in range(5):
        make_dataset(f"analyse.t{i}")
    IndexState.objects.all().delete()

    assert relay_pending(batch_size=2).indexed == 5
    assert not _search_tables() & analysed_tables()


def test_reindex_analyses_the_search_tables(database_backend, analysed_tables):
    make_dataset("analyse.rebuilt")

    assert search_reindex() == 1
    assert _search_tables() <= analysed_tables()


def test_reindex_rebuilds_everything_and_drops_what_the_catalog_lost(search_backend):
    datasets = [make_dataset(f"rebuild.t{i}") for i in range(5)]
    search_reindex()
    assert search_backend.count() == 5
    Dataset.objects.filter(id=datasets[0].id).delete()  # gone without a trace
    search_reindex()
    assert set(search_backend.indexed_versions()) == {d.id for d in datasets[1:]}


def test_drift_finds_missing_stale_and_extra_and_repairs_them(search_backend):
    b, c = (make_dataset(f"drift.t{i}") for i in range(2))
    relay_pending()
    # missing: a write the relay believes delivered (say, the index was restored from a backup)
    a = make_dataset("drift.lost")
    IndexState.objects.create(dataset=a, version=a.version)
    services.dataset_upsert(urn=b.urn, actor=INGESTION, description="changed")  # stale
    IndexState.objects.filter(dataset_id=b.id).update(version=99)  # relay thinks it's done
    Dataset.objects.filter(id=c.id).delete()  # extra
    report = search_drift()
    assert (report.missing, report.stale, report.extra) == ([a.id], [b.id], [c.id])
    search_drift(repair=True)
    assert search_drift().clean
    assert search_backend.indexed_versions() == dict(Dataset.objects.values_list("id", "version"))


def test_management_commands(search_backend, capsys):
    make_dataset("cmd.one")
    call_command("search_relay")
    assert "Delivered 1 datasets" in capsys.readouterr().out
    call_command("search_reindex")
    assert "Indexed 1 datasets" in capsys.readouterr().out
    call_command("search_drift")
    assert "No drift" in capsys.readouterr().out


def test_search_relay_command_fails_loudly_when_the_backend_is_down(database_backend, monkeypatch):
    make_dataset("cmd.down")

    def down(self, documents, *, force=False):
        raise SearchUnavailable("index down")

    monkeypatch.setattr(DatabaseBackend, "bulk_index", down)
    with pytest.raises(Exception, match="1 datasets still pending"):
        call_command("search_relay")
    assert get_backend().count() == 0


def test_a_write_during_a_rebuild_reaches_the_new_index(
    search_backend, django_capture_on_commit_callbacks
):
    datasets = [make_dataset(f"rebuild.live{i}") for i in range(4)]
    written = []

    def write_midway(done: int) -> None:
        if not written:  # after the first batch, someone edits a dataset already copied
            with django_capture_on_commit_callbacks(execute=True):
                services.dataset_update(urn=datasets[0].urn, actor=EDITOR, docs="quokka")
            written.append(done)

    search_reindex(batch_size=2, progress=write_midway)
    page = search_backend.search(SearchRequest(query=parse_query("quokka")))
    assert [hit.urn for hit in page.hits] == [datasets[0].urn]
    assert search_drift().clean


def test_mark_delivered_only_moves_versions_forward(db):
    a, b = make_dataset("mark.a"), make_dataset("mark.b")
    IndexState.objects.create(dataset=a, version=5)
    _mark_delivered({a.id: 3, b.id: 2})  # a: an older delivery arriving late; b: new
    _mark_delivered({b.id: 4})
    assert dict(IndexState.objects.values_list("dataset_id", "version")) == {a.id: 5, b.id: 4}


def _bulk_items(count: int, description: str) -> list:
    return [
        IngestItem(
            urn=make_urn(f"bulk.t{i}"),
            description=description,
            schema=[FieldSpec(field_path=f"wombat_{j}", type="string") for j in range(3)],
        )
        for i in range(count)
    ]


def test_a_bulk_batch_is_indexed_after_commit_and_swept_after_an_outage(
    database_backend, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ingest_batch(_bulk_items(30, "first"), actor=INGESTION)
    assert pending_count() == 0
    page = database_backend.search(SearchRequest(query=parse_query("wombat")))
    assert page.count == 30

    def down(self, documents, *, force=False):
        raise SearchUnavailable("index down")

    monkeypatch.setattr(DatabaseBackend, "bulk_index", down)
    with django_capture_on_commit_callbacks(execute=True):
        result = ingest_batch(_bulk_items(30, "second numbat"), actor=INGESTION)
    assert result.updated == 30  # the writes are kept
    assert pending_count() == 30
    monkeypatch.undo()
    assert relay_pending().indexed == 30
    assert search_drift().clean
    page = database_backend.search(SearchRequest(query=parse_query("numbat")))
    assert page.count == 30
