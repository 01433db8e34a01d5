import pytest

from accounts.tests.factories import UserFactory
from catalog import services
from catalog.models import ChangeEvent, Dataset, DatasetStatus, LineageEdge, SchemaField, Source
from catalog.services import FieldEdit, FieldSpec, OwnerSpec, UpstreamSpec
from catalog.tests.factories import (
    INGESTION,
    DomainFactory,
    GlossaryTermFactory,
    make_dataset,
    make_urn,
)
from catalog.urns import InvalidUrn
from catalog.writer.ingest import ingest_batch
from catalog.writer.items import IngestItem
from core.errors import ApplicationError, ConflictError, NotFoundError

pytestmark = pytest.mark.django_db

EDITOR = "urn:li:corpuser:editor1"


def test_dataset_upsert_creates_then_updates_then_reports_unchanged():
    urn = make_urn("db.orders")
    first = services.dataset_upsert(urn=urn, actor=INGESTION, description="Orders")
    assert first.outcome == "created"
    assert first.dataset.browse_path == "/hive/db"
    second = services.dataset_upsert(urn=urn, actor=INGESTION, description="All orders")
    assert second.outcome == "updated"
    assert second.changed_aspects == ["properties"]
    third = services.dataset_upsert(urn=urn, actor=INGESTION, description="All orders")
    assert third.outcome == "unchanged"
    dataset = Dataset.objects.get(urn=urn)
    assert dataset.version == 2
    assert dataset.description == "All orders"


def test_dataset_upsert_rejects_unknown_platform():
    with pytest.raises(ApplicationError) as excinfo:
        services.dataset_upsert(
            urn="urn:li:dataset:(urn:li:dataPlatform:nosuchdb,a.b,PROD)", actor=INGESTION
        )
    assert excinfo.value.code == "unknown_platform"
    assert "nosuchdb" in excinfo.value.message
    assert not Dataset.objects.exists()


def test_dataset_upsert_rejects_malformed_urn():
    with pytest.raises(InvalidUrn):
        services.dataset_upsert(urn="urn:li:dataset:(oops)", actor=INGESTION)


def test_dataset_upsert_is_all_or_nothing():
    urn = make_urn("db.atomic")
    with pytest.raises(ApplicationError):
        services.dataset_upsert(
            urn=urn,
            actor=INGESTION,
            description="never stored",
            schema=[
                FieldSpec(field_path="ok", type="string"),
                FieldSpec(field_path="bad", type="blob"),
            ],
        )
    assert not Dataset.objects.filter(urn=urn).exists()
    assert not SchemaField.objects.exists()
    assert not ChangeEvent.objects.exists()


def test_dataset_upsert_rejects_duplicate_field_paths():
    with pytest.raises(ApplicationError, match="Duplicate field paths: a"):
        services.dataset_upsert(
            urn=make_urn("db.dup"),
            actor=INGESTION,
            schema=[
                FieldSpec(field_path="a", type="string"),
                FieldSpec(field_path="a", type="number"),
            ],
        )


def test_reingestion_never_overwrites_human_edits():
    urn = make_urn("db.users")
    GlossaryTermFactory(name="PersonalInformation.Email")
    services.dataset_upsert(
        urn=urn,
        actor=INGESTION,
        description="v1",
        schema=[FieldSpec(field_path="email", type="string", description="ingested")],
        owners=[OwnerSpec(owner="urn:li:corpuser:aberger")],
        tags=["Raw"],
    )
    services.dataset_update(urn=urn, actor=EDITOR, docs="# Users\nHuman docs", tags=["Gold"])
    UserFactory(username="jdoe")
    services.dataset_owners_set(
        urn=urn, actor=EDITOR, owners=[OwnerSpec(owner="jdoe", type="BUSINESS_OWNER")]
    )
    services.dataset_schema_edit(
        urn=urn,
        actor=EDITOR,
        edits=[
            FieldEdit(
                field_path="email",
                description="The user's login email",
                glossary_terms=["PersonalInformation.Email"],
                classification="EMAIL",
            )
        ],
    )

    services.dataset_upsert(
        urn=urn,
        actor=INGESTION,
        description="v2",
        schema=[FieldSpec(field_path="email", type="string", description="ingested v2")],
        owners=[OwnerSpec(owner="urn:li:corpuser:mkim")],
        tags=["Raw", "Tier1"],
    )

    dataset = Dataset.objects.get(urn=urn)
    assert dataset.description == "v2"
    assert dataset.docs == "# Users\nHuman docs"
    field = dataset.fields.get()
    assert (field.description, field.editable_description) == (
        "ingested v2",
        "The user's login email",
    )
    assert field.classification == "EMAIL"
    assert field.editable_glossary_terms == ["PersonalInformation.Email"]
    tags = set(dataset.tag_links.values_list("tag__name", "source"))
    assert tags == {("Raw", Source.INGESTED), ("Tier1", Source.INGESTED), ("Gold", Source.EDITABLE)}
    owners = {(o.user.username, o.source) for o in dataset.ownerships.select_related("user")}
    assert owners == {("mkim", Source.INGESTED), ("jdoe", Source.EDITABLE)}


def test_every_write_records_who_when_what_and_before_after():
    urn = make_urn("db.history")
    services.dataset_upsert(urn=urn, actor=INGESTION, description="d")
    services.dataset_update(urn=urn, actor=EDITOR, docs="new docs")
    event = ChangeEvent.objects.filter(dataset__urn=urn).first()
    assert (event.aspect, event.actor, event.before, event.after) == (
        "docs",
        EDITOR,
        "",
        "new docs",
    )
    assert event.version == 2
    assert event.created_at is not None


def test_nothing_is_recorded_when_nothing_changes():
    urn = make_urn("db.quiet")
    services.dataset_upsert(urn=urn, actor=INGESTION, description="d")
    count = ChangeEvent.objects.count()
    services.dataset_update(urn=urn, actor=EDITOR, docs="")
    assert ChangeEvent.objects.count() == count
    assert Dataset.objects.get(urn=urn).version == 1


def test_v2_field_paths_round_trip():
    path = "[version=2.0].[type=KafkaAuditHeader].[type=long].time"
    dataset = make_dataset(
        "MetadataChangeEvent_v4",
        platform="kafka",
        fields=0,
        schema=[
            FieldSpec(
                field_path="[version=2.0].[type=KafkaAuditHeader].auditHeader", type="struct"
            ),
            FieldSpec(field_path=path, type="number", native_type="long"),
        ],
    )
    assert list(dataset.fields.values_list("field_path", flat=True))[1] == path


def test_schema_reingest_drops_fields_the_source_no_longer_has():
    urn = make_urn("db.shrink")
    services.dataset_upsert(
        urn=urn, actor=INGESTION, schema=[FieldSpec("a", "string"), FieldSpec("b", "string")]
    )
    services.dataset_upsert(urn=urn, actor=INGESTION, schema=[FieldSpec("b", "number")])
    assert list(SchemaField.objects.filter(dataset__urn=urn).values_list("field_path", "type")) == [
        ("b", "number")
    ]


def test_upstreams_create_placeholder_datasets_and_edges():
    upstream = make_urn("/data/raw/events", platform="hdfs")
    dataset = make_dataset("db.events", upstreams=(upstream,))
    edge = LineageEdge.objects.get(downstream=dataset)
    assert edge.upstream.urn == upstream
    assert edge.actor == "urn:li:dataJob:etl"
    assert edge.upstream.browse_path == "/hdfs/data/raw"


def test_upstreams_refuse_self_reference():
    urn = make_urn("db.loop")
    with pytest.raises(ApplicationError, match="own upstream"):
        services.dataset_upsert(urn=urn, actor=INGESTION, upstreams=[UpstreamSpec(urn=urn)])


def test_dataset_update_validates_domain_status_and_terms():
    urn = make_dataset("db.edit").urn
    with pytest.raises(ApplicationError, match="Unknown domain"):
        services.dataset_update(urn=urn, actor=EDITOR, domain="nowhere")
    with pytest.raises(ApplicationError, match="Unknown glossary terms"):
        services.dataset_update(urn=urn, actor=EDITOR, glossary_terms=["No.Such"])
    DomainFactory(name="finance")
    services.dataset_update(
        urn=urn, actor=EDITOR, domain="finance", status="deprecated", deprecation_note="use v2"
    )
    dataset = Dataset.objects.get(urn=urn)
    assert (dataset.domain.name, dataset.status, dataset.deprecation_note) == (
        "finance",
        "deprecated",
        "use v2",
    )
    services.dataset_update(urn=urn, actor=EDITOR, status="active")
    assert Dataset.objects.get(urn=urn).deprecation_note == ""


def test_dataset_schema_edit_rejects_unknown_fields_without_writing():
    dataset = make_dataset("db.fields", fields=2)
    with pytest.raises(ApplicationError, match="Unknown field paths: nope"):
        services.dataset_schema_edit(
            urn=dataset.urn,
            actor=EDITOR,
            edits=[FieldEdit(field_path="col_0", description="x"), FieldEdit(field_path="nope")],
        )
    assert dataset.fields.get(field_path="col_0").editable_description == ""


def test_dataset_remove_is_a_soft_delete_that_reingestion_can_undo():
    dataset = make_dataset("db.gone")
    services.dataset_remove(urn=dataset.urn, actor=EDITOR)
    assert Dataset.objects.get(urn=dataset.urn).status == DatasetStatus.REMOVED
    services.dataset_upsert(urn=dataset.urn, actor=INGESTION, removed=False)
    assert Dataset.objects.get(urn=dataset.urn).status == DatasetStatus.ACTIVE


def test_edited_owners_must_exist_but_ingested_owners_are_created():
    dataset = make_dataset("db.owners", owners=("newcomer",))
    assert dataset.ownerships.get().user.username == "newcomer"
    with pytest.raises(ApplicationError, match="Unknown group 'ghosts'"):
        services.dataset_owners_set(
            urn=dataset.urn, actor=EDITOR, owners=[OwnerSpec(owner="urn:li:corpGroup:ghosts")]
        )


def test_services_on_a_missing_dataset_raise_not_found():
    with pytest.raises(NotFoundError):
        services.dataset_update(urn=make_urn("db.missing"), actor=EDITOR, docs="x")


def test_create_refuses_existing_dataset():
    dataset = make_dataset("db.exists")
    with pytest.raises(ConflictError):
        services.dataset_upsert(urn=dataset.urn, actor=INGESTION, fail_if_exists=True)


def test_browse_path_must_be_absolute_without_empty_segments():
    with pytest.raises(ApplicationError):
        services.dataset_upsert(urn=make_urn("db.bp"), actor=INGESTION, browse_path="hive/db")
    with pytest.raises(ApplicationError):
        services.dataset_upsert(urn=make_urn("db.bp"), actor=INGESTION, browse_path="/hive//db")
    result = services.dataset_upsert(
        urn=make_urn("db.bp"), actor=INGESTION, browse_path="/hive/warehouse/db/"
    )
    assert result.dataset.browse_path == "/hive/warehouse/db"


def test_ingest_batch_refuses_what_the_database_cannot_store_from_any_source():
    """Sources that build items themselves (recipes, the DataHub file and GMS adapters,
    OpenLineage) meet the same rules as the API: the item is refused alone, naming the value."""
    good = make_urn("a.good")
    mapping = {"upstreams": ("id",), "downstreams": ["id"], "transformation": ""}
    items = [
        IngestItem(urn=good, description="ok"),
        IngestItem(urn=make_urn("a.nul"), description="x\x00y"),
        IngestItem(urn=make_urn("a.ordinal"), schema=[FieldSpec("id", "string", ordinal=2**31)]),
        IngestItem(urn=make_urn("a.native"), schema=[FieldSpec("id", "string", "n" * 501)]),
        IngestItem(urn=make_urn("a.term"), glossary_terms=["T" * 201]),
        IngestItem(
            urn=make_urn("a.mapping"),
            upstreams=[UpstreamSpec(good, column_mappings=({**mapping, "x": 1},))],
        ),
        IngestItem(
            urn=make_urn("a.lineage"), upstreams=[UpstreamSpec(good, column_mappings=(mapping,))]
        ),
    ]
    result = ingest_batch(items, actor=INGESTION)
    assert (result.created, [e.index for e in result.errors]) == (2, [1, 2, 3, 4, 5])
    assert [list(e.fields) for e in result.errors] == [
        ["description"],
        ["schema[0].ordinal"],
        ["schema[0].native_type"],
        ["glossary_terms"],
        ["upstreams[0].column_mappings[0]"],
    ]
    assert set(Dataset.objects.values_list("name", flat=True)) == {"a.good", "a.lineage"}


def test_datasets_editable_fill_fills_only_where_empty_in_one_change_per_dataset():
    kept, filled = make_urn("db.kept"), make_urn("db.filled")
    for urn in (kept, filled):
        services.dataset_upsert(
            urn=urn, actor=INGESTION, schema=[FieldSpec("a", "string"), FieldSpec("b", "string")]
        )
    services.dataset_update(urn=kept, actor=INGESTION, docs="Written in MDT.")
    services.dataset_schema_edit(urn=kept, actor=INGESTION, edits=[FieldEdit("a", tags=["Mine"])])
    versions = dict(Dataset.objects.values_list("urn", "version"))
    fill = {"docs": "From DataHub.", "fields": [FieldEdit("a", description="d", tags=["Theirs"])]}
    applied = services.datasets_editable_fill(
        fills=[services.EditableFill(urn=u, **fill) for u in (kept, filled, make_urn("db.nope"))],
        actor=INGESTION,
    )
    assert applied == 3  # kept: a's description; filled: its docs and field a
    mine, theirs = Dataset.objects.get(urn=kept), Dataset.objects.get(urn=filled)
    assert mine.docs == "Written in MDT." and theirs.docs == "From DataHub."
    assert mine.fields.get(field_path="a").editable_tags == ["Mine"]
    assert mine.fields.get(field_path="a").editable_description == "d"
    assert theirs.fields.get(field_path="a").editable_tags == ["Theirs"]
    assert (mine.version, theirs.version) == (versions[kept] + 1, versions[filled] + 1)
    assert sorted(
        theirs.changes.filter(version=theirs.version).values_list("aspect", flat=True)
    ) == [
        "docs",
        "editable_schema",
    ]


def test_datasets_editable_fill_exact_applies_as_given_and_clears_what_it_leaves_out():
    urn = make_urn("db.exact")
    services.dataset_upsert(
        urn=urn, actor=INGESTION, schema=[FieldSpec("a", "string"), FieldSpec("b", "string")]
    )
    services.dataset_update(urn=urn, actor=INGESTION, docs="Old.")
    services.dataset_schema_edit(urn=urn, actor=INGESTION, edits=[FieldEdit("b", tags=["Old"])])
    services.datasets_editable_fill(
        fills=[
            services.EditableFill(
                urn=urn,
                docs="New.",
                fields=[FieldEdit("a", tags=["New"])],
                exact_docs=True,
                exact_fields=True,
            )
        ],
        actor=INGESTION,
    )
    dataset = Dataset.objects.get(urn=urn)
    assert dataset.docs == "New."
    assert dataset.fields.get(field_path="a").editable_tags == ["New"]
    assert dataset.fields.get(field_path="b").editable_tags == []
