"""The single writer against the oracle (``catalog/tests/oracle.py``: ``dataset_upsert`` item by
item as it was before the writer, frozen): over many random batches, through ``ingest_batch``
and through today's ``dataset_upsert`` (a batch of one), both must leave the same catalog (rows,
versions) and the same history (ChangeEvent aspect, before, after, actor, version), and report
the same result. The batches are generated from seeds (``random.Random``), so a failing seed
replays exactly; they run on whichever database the suite runs on (SQLite and PostgreSQL)."""

# pytest fixtures take other fixtures as same-named arguments.
# pylint: disable=redefined-outer-name

import gc
import json
import random
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import Group, User
from catalog import services
from catalog.writer.ingest import ingest_batch
from catalog.writer.items import IngestItem
from catalog.models import (
    ChangeEvent,
    Dataset,
    DatasetTag,
    DatasetTerm,
    LineageEdge,
    Ownership,
    SchemaField,
    Tag,
)
from catalog.services import UNSET, FieldSpec, OwnerSpec, UpstreamSpec
from catalog.signals import datasets_changed
from catalog.tests import oracle
from catalog.tests.factories import INGESTION, DomainFactory, make_urn
from catalog.writer import ingest as writer_ingest
from catalog.writer.items import BatchResult, ItemError
from core.errors import ApplicationError
from core.memory import gc_paused

NAMES = [f"db.t{i}" for i in range(10)]
PEOPLE = ["urn:li:corpuser:ann", "urn:li:corpuser:bob", "urn:li:corpGroup:data-eng", "carol"]


def _urn(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return rng.choice(["not-a-urn", make_urn("db.x", "nosuchplatform"), make_urn("x", "kafka")])
    return make_urn(rng.choice(NAMES))


def _fields(rng: random.Random) -> list[FieldSpec]:
    paths = rng.sample(["id", "name", "a.b", "[version=2.0].[type=R].r.x", "ts", "amount"], 4)
    if rng.random() < 0.05:
        paths.append(paths[0])  # a duplicate path: rejected
    return [
        FieldSpec(
            field_path=path,
            type=rng.choice(
                ["string", "number", "struct", "date"] + ["bogus"] * (rng.random() < 0.03)
            ),
            native_type=rng.choice(["varchar", "int", ""]),
            nullable=rng.random() < 0.5,
            is_key=path == "id",
            description=rng.choice(["", "the id", "a value"]),
            tags=tuple(rng.sample(["pii", "gold", "raw"], rng.randint(0, 2))),
            glossary_terms=tuple(rng.sample(["Class.Public", "Class.Secret"], rng.randint(0, 1))),
            ordinal=rng.choice([None, None, 7]),
        )
        for path in paths
    ]


def _item(rng: random.Random) -> IngestItem:
    def maybe(make, chance=0.6):
        return make() if rng.random() < chance else UNSET

    urn = _urn(rng)
    return IngestItem(
        urn=urn,
        description=maybe(lambda: rng.choice(["", "Orders", "All orders"])),
        qualified_name=maybe(lambda: rng.choice(["", "db.orders"]), 0.3),
        custom_properties=maybe(lambda: rng.choice([{}, {"k": 1}, {"k": "1", "owner": "x"}]), 0.3),
        browse_path=maybe(lambda: rng.choice(["", "/hive/db", "/hive/other", "bad"]), 0.3),
        domain=maybe(lambda: rng.choice([None, "sales", "finance", "nosuchdomain"]), 0.3),
        schema=maybe(lambda: _fields(rng)),
        owners=maybe(
            lambda: [
                OwnerSpec(
                    owner=rng.choice(PEOPLE), type=rng.choice(["TECHNICAL_OWNER", "PRODUCER"])
                )
                for _ in range(rng.randint(0, 3))
            ]
            + ([OwnerSpec(owner="urn:li:thing:x")] if rng.random() < 0.03 else [])
        ),
        tags=maybe(
            lambda: rng.sample(["pii", "gold", "raw", "x" * (101 if rng.random() < 0.05 else 1)], 2)
        ),
        glossary_terms=maybe(lambda: rng.sample(["Class.Public", "Class.Secret", "Tier.Gold"], 1)),
        upstreams=maybe(
            lambda: [
                UpstreamSpec(
                    urn=rng.choice(
                        [make_urn(rng.choice(NAMES)), make_urn("ext.src", "kafka"), urn]
                    ),
                    type=rng.choice(["TRANSFORMED", "COPY", "VIEW"]),
                    actor=rng.choice(["", "urn:li:dataJob:etl"]),
                    column_mappings=rng.choice(
                        [(), ({"upstreams": ("id",), "downstreams": ["id"], "transformation": ""},)]
                    ),
                )
                for _ in range(rng.randint(0, 2))
            ],
            0.4,
        ),
        removed=maybe(lambda: rng.random() < 0.5, 0.2),
    )


def _catalog_state() -> dict:
    """The catalog with ids replaced by URNs and names, timestamps left out."""
    datasets = {
        d.urn: (
            d.platform.name,
            d.name,
            d.origin,
            d.qualified_name,
            d.description,
            d.docs,
            d.custom_properties,
            d.browse_path,
            d.domain.name if d.domain else None,
            d.status,
            d.deprecation_note,
            d.created_by,
            d.modified_by,
            d.version,
        )
        for d in Dataset.objects.select_related("platform", "domain")
    }
    fields = [
        (f.dataset.urn, f.field_path, f.type, f.native_type, f.nullable, f.is_key, f.is_partition)
        + (f.ordinal, f.description, f.editable_description, f.tags, f.glossary_terms)
        for f in SchemaField.objects.select_related("dataset").order_by(
            "dataset__urn", "ordinal", "id"
        )
    ]
    owners = sorted(
        (o.dataset.urn, o.owner_urn, o.type, o.source)
        for o in Ownership.objects.select_related("dataset", "user", "group")
    )
    tags = sorted((t.dataset.urn, t.tag.name, t.source) for t in DatasetTag.objects.all())
    terms = sorted((t.dataset.urn, t.term.name, t.source) for t in DatasetTerm.objects.all())
    edges = sorted(
        (e.upstream.urn, e.downstream.urn, e.type, e.actor, json.dumps(e.column_mappings), e.source)
        for e in LineageEdge.objects.select_related("upstream", "downstream")
    )
    # schema_break events came after the oracle was frozen: they have tests of their own
    # (catalog/tests/test_schema_diff.py) and are left out of the comparison.
    history = [
        (c.dataset.urn, c.aspect, c.actor, c.version, c.before, c.after)
        for c in ChangeEvent.objects.select_related("dataset")
        .exclude(aspect="schema_break")
        .order_by("id")
    ]
    return {
        "datasets": datasets,
        "fields": fields,
        "owners": owners,
        "tags": tags,
        "terms": terms,
        "edges": edges,
        "history": history,
        "tag_names": sorted(Tag.objects.values_list("name", flat=True)),
        "users": sorted((u.username, u.role, u.has_usable_password()) for u in User.objects.all()),
        "groups": sorted(Group.objects.values_list("name", flat=True)),
    }


def _seed(rng: random.Random, upsert) -> None:
    """Earlier ingestion and human edits that the batch must respect."""
    for name in rng.sample(NAMES[:4], 4):
        upsert(
            urn=make_urn(name),
            actor=INGESTION,
            description="before",
            schema=[
                FieldSpec(field_path="id", type="number", tags=("raw",)),
                FieldSpec(field_path=rng.choice(["name", "ts"]), type="string"),
            ],
            tags=["raw"],
            owners=[OwnerSpec(owner="urn:li:corpuser:ann")],
            upstreams=[UpstreamSpec(urn=make_urn(rng.choice(NAMES[4:])), type="COPY")],
        )
    edited = make_urn(NAMES[0])
    upsert(urn=edited, actor=INGESTION, schema=[FieldSpec(field_path="id", type="number")])
    editor = "urn:li:corpuser:ed"
    services.dataset_update(urn=edited, actor=editor, docs="human docs", tags=["gold"])
    services.dataset_update(urn=edited, actor=editor, domain="sales")
    services.dataset_schema_edit(
        urn=edited, actor=editor, edits=[services.FieldEdit("id", description="mine")]
    )


def _run(seed: int, ingest, seed_with=services.dataset_upsert) -> tuple[dict, dict]:
    rng = random.Random(seed)
    point = transaction.savepoint()
    try:
        _seed(rng, seed_with)
        items = [_item(rng) for _ in range(rng.randint(1, 25))]
        result = ingest(items, actor=INGESTION)
        return {**result.as_dict(), "urns": result.urns}, _catalog_state()
    finally:
        transaction.savepoint_rollback(point)


@pytest.fixture
def domains(db):  # pylint: disable=unused-argument
    return [DomainFactory(name="sales"), DomainFactory(name="finance")]


def _one_by_one(items: list[IngestItem], *, actor: str) -> BatchResult:
    """Today's ``dataset_upsert`` item by item, as the old ``ingest_batch_one_by_one`` ran it."""
    result = BatchResult()
    with transaction.atomic():
        for index, item in enumerate(items):
            try:
                upsert = services.dataset_upsert(actor=actor, **item.__dict__)
            except ApplicationError as exc:
                result.errors.append(ItemError(index, item.urn, exc.code, exc.message, exc.fields))
                continue
            setattr(result, upsert.outcome, getattr(result, upsert.outcome) + 1)
            result.urns.append(upsert.dataset.urn)
    return result


@pytest.mark.parametrize("seed", range(60))
def test_writer_batch_matches_the_oracle(domains, seed):  # pylint: disable=unused-argument
    expected_result, expected_state = _run(
        seed, oracle.ingest_batch_one_by_one, oracle.dataset_upsert
    )
    result, state = _run(seed, ingest_batch)
    assert result == expected_result
    for key, value in expected_state.items():
        assert state[key] == value, key


@pytest.mark.parametrize("seed", range(60, 90))
def test_dataset_upsert_one_by_one_matches_the_oracle(
    domains, seed
):  # pylint: disable=unused-argument
    expected_result, expected_state = _run(
        seed, oracle.ingest_batch_one_by_one, oracle.dataset_upsert
    )
    result, state = _run(seed, _one_by_one)
    assert result == expected_result
    for key, value in expected_state.items():
        assert state[key] == value, key


def test_bulk_ingest_of_an_unchanged_batch_writes_nothing(
    domains,
):  # pylint: disable=unused-argument
    items = [
        IngestItem(
            urn=make_urn(f"db.t{i}"),
            description="d",
            schema=[FieldSpec(field_path=f"c{j}", type="string") for j in range(20)],
            owners=[OwnerSpec(owner="urn:li:corpuser:ann")],
            tags=["pii"],
            glossary_terms=["Class.Public"],
            upstreams=[UpstreamSpec(urn=make_urn("db.src"))],
            domain="sales",
        )
        for i in range(50)
    ]
    assert ingest_batch(items, actor=INGESTION).created == 50
    with CaptureQueriesContext(connection) as queries:
        result = ingest_batch(items, actor=INGESTION)
    assert result.unchanged == 50
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    # Only the idempotent "create the tags/terms if missing" inserts remain.
    assert all("ON CONFLICT" in sql or "OR IGNORE" in sql for sql in writes), writes
    assert len(queries) < 30


def test_bulk_ingest_query_count_does_not_grow_with_the_batch(
    domains,
):  # pylint: disable=unused-argument
    def batch(offset: int, size: int) -> list[IngestItem]:
        return [
            IngestItem(
                urn=make_urn(f"db.q{offset + i}"),
                schema=[FieldSpec(field_path="id", type="number")],
                owners=[OwnerSpec(owner="urn:li:corpuser:ann")],
                tags=["pii"],
            )
            for i in range(size)
        ]

    ingest_batch(batch(0, 1), actor=INGESTION)  # the owner and the tag exist from now on
    with CaptureQueriesContext(connection) as small:
        ingest_batch(batch(10, 5), actor=INGESTION)
    with CaptureQueriesContext(connection) as large:
        ingest_batch(batch(100, 400), actor=INGESTION)  # one chunk of rows (writer CHUNK = 500)
    # Inserts are split into batches (SQLite takes 999 parameters a statement), nothing more:
    # one by one, 400 items would take ~8,000 queries.
    assert len(small) < 20
    assert len(large) < 3 * len(small)


def test_bulk_ingest_sends_datasets_changed_once_after_commit(
    db, django_capture_on_commit_callbacks
):  # pylint: disable=unused-argument
    received = []

    def listener(sender, dataset_ids, **kwargs):  # pylint: disable=unused-argument
        received.append(sorted(dataset_ids))

    datasets_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            ingest_batch(
                [IngestItem(urn=make_urn(f"db.s{i}"), description="x") for i in range(3)]
                + [IngestItem(urn="bad")],
                actor=INGESTION,
            )
    finally:
        datasets_changed.disconnect(listener)
    ids = sorted(Dataset.objects.filter(name__startswith="db.s").values_list("id", flat=True))
    assert received == [ids]


def test_writer_retries_a_segment_that_meets_a_concurrent_insert(
    db, monkeypatch
):  # pylint: disable=unused-argument
    """The first attempt writes, then fails as a concurrent insert would: its savepoint is
    rolled back and the segment written again from a fresh read, through the same writer."""
    segment_write = writer_ingest.segment_write
    attempts = []

    def recorded(*args, **kwargs):
        attempts.append(1)
        result = segment_write(*args, **kwargs)
        if len(attempts) == 1:
            raise IntegrityError("duplicate key value violates unique constraint")
        return result

    monkeypatch.setattr(writer_ingest, "segment_write", recorded)
    result = ingest_batch(
        [IngestItem(urn=make_urn("db.a"), description="a"), IngestItem(urn="bad")],
        actor=INGESTION,
    )
    assert len(attempts) == 2
    assert (result.created, len(result.errors)) == (1, 1)
    assert Dataset.objects.get(urn=make_urn("db.a")).description == "a"
    assert ChangeEvent.objects.filter(dataset__urn=make_urn("db.a")).count() == 1


def test_bulk_ingest_stores_text_with_copy_escapes_unchanged(
    domains,
):  # pylint: disable=unused-argument
    # COPY's text format gives a meaning to backslashes, tabs, newlines and a lone \N.
    awkward = ["\\N", "a\tb\nc\r\nd", 'C:\\temp\\x "quoted" \\\\N', "", "ünï 💡"]
    items = [
        IngestItem(
            urn=make_urn(f"db.esc{i}"),
            description=text,
            custom_properties={"k\t": text},
            schema=(
                [FieldSpec(field_path=f"c{i}", type="string", description=text, tags=(text,))]
                if text
                else []
            ),
        )
        for i, text in enumerate(awkward)
    ]
    expected_result, expected_state = _run_items(items, oracle.ingest_batch_one_by_one)
    result, state = _run_items(items, ingest_batch)
    assert result == expected_result
    assert state == expected_state
    assert expected_state["datasets"][make_urn("db.esc0")][4] == "\\N"


def _run_items(items: list[IngestItem], ingest) -> tuple[dict, dict]:
    point = transaction.savepoint()
    try:
        result = ingest(items, actor=INGESTION)
        return {**result.as_dict(), "urns": result.urns}, _catalog_state()
    finally:
        transaction.savepoint_rollback(point)


def test_gc_paused_restores_the_collector_as_it_found_it():
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with gc_paused():
            with gc_paused():
                assert not gc.isenabled()
            assert not gc.isenabled()  # the outer pause still holds
            raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # someone else turned it off: it stays off
    finally:
        gc.enable()


def _dangling_reference_fails_at_once() -> bool:
    """Insert a tag link to no dataset, inside a savepoint rolled back at once: True when the
    foreign key refused it on the spot (immediate), False when it waited for the commit."""
    with connection.cursor() as cursor:
        cursor.execute("SAVEPOINT dangling")
        try:
            cursor.execute(
                "INSERT INTO catalog_datasettag (dataset_id, tag_id, source) VALUES (%s, %s, %s)",
                [10**12, Tag.objects.get(name="gold").id, "ingested"],
            )
        except IntegrityError:
            return True
        finally:
            cursor.execute("ROLLBACK TO SAVEPOINT dangling")
    return False


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SET CONSTRAINTS is PostgreSQL's")
def test_a_batch_checks_its_foreign_keys_per_statement_and_leaves_them_deferred(monkeypatch):
    """Inside a batch a dangling reference fails its own statement; after it, the enclosing
    transaction's foreign keys are deferred again, as Django declares them."""
    seen_inside = []
    segment_write = writer_ingest.segment_write

    def observed(*args, **kwargs):
        seen_inside.append(_dangling_reference_fails_at_once())
        return segment_write(*args, **kwargs)

    with transaction.atomic():
        ingest_batch([IngestItem(urn=make_urn("fk.orders"), tags=["gold"])], actor=INGESTION)
        assert not _dangling_reference_fails_at_once()
        monkeypatch.setattr(writer_ingest, "segment_write", observed)
        ingest_batch([IngestItem(urn=make_urn("fk.lines"))], actor=INGESTION)
        assert not _dangling_reference_fails_at_once()
    assert seen_inside == [True]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no concurrent writers")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("platforms_seeded")
def test_a_batch_that_meets_a_concurrent_insert_retries_and_updates_the_other_writers_dataset(
    wait_for_a_blocked_session,
):
    """Another transaction inserts a URN of the batch and commits while the batch's insert
    waits on it: the batch's segment fails on the unique URN, is rolled back to its savepoint
    and written again through the same writer, which now reads that dataset and updates it."""
    theirs, ours = make_urn("race.theirs"), make_urn("race.ours")
    inserted = threading.Event()
    errors: list[BaseException] = []

    def other_writer() -> None:
        try:
            with transaction.atomic():
                services.dataset_upsert(urn=theirs, actor="urn:li:corpuser:other", description="a")
                inserted.set()
                wait_for_a_blocked_session()  # the batch waits on our uncommitted URN
        except BaseException as exc:  # pylint: disable=broad-exception-caught
            errors.append(exc)
            inserted.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_writer)
    thread.start()
    assert inserted.wait(10)
    result = ingest_batch(
        [IngestItem(urn=ours, description="b"), IngestItem(urn=theirs, description="b")],
        actor=INGESTION,
    )
    thread.join(10)
    assert not errors
    assert (result.created, result.updated, result.errors) == (1, 1, [])
    dataset = Dataset.objects.get(urn=theirs)
    assert (dataset.description, dataset.version, dataset.created_by) == (
        "b",
        2,
        "urn:li:corpuser:other",
    )
    history = list(dataset.changes.order_by("id").values_list("version", "actor", "aspect"))
    assert history == [
        (1, "urn:li:corpuser:other", "properties"),
        (2, INGESTION, "properties"),
    ]
    assert Dataset.objects.get(urn=ours).version == 1
