"""The demo catalog: generator determinism, what the loader writes, and the command's guards."""

import logging
import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Max, Min, Prefetch

from accounts.models import Group, Role, User
from catalog.demo import (
    DEFAULT_SEED,
    DEMO_PASSWORD,
    MAX_FIELDS,
    WELL_KNOWN,
    WELL_KNOWN_URNS,
    demo_catalog_load,
    generate_catalog,
)
from catalog.completeness import dataset_health
from catalog.models import (
    ChangeEvent,
    Classification,
    Dataset,
    DatasetStatus,
    DatasetTag,
    DatasetTerm,
    LineageEdge,
    Ownership,
    SchemaField,
)
from catalog.services import browse_path_default
from catalog.urns import parse_dataset_urn

PAGEVIEW_HDFS = "urn:li:dataset:(urn:li:dataPlatform:hdfs,/data/tracking/PageViewEvent,PROD)"
PAGEVIEW_HIVE = "urn:li:dataset:(urn:li:dataPlatform:hive,tracking.pageviewevent,PROD)"
LINEAGE_TOPIC = "urn:li:dataset:(urn:li:dataPlatform:kafka,metadata_lineageevent_v1,PROD)"


def _load(**options: object) -> str:
    out = StringIO()
    call_command("load_demo_catalog", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


# --- the pure generator ------------------------------------------------------------------------


def test_generate_catalog_is_deterministic_for_a_seed() -> None:
    first = [(d.urn, [f.field_path for f in d.fields]) for d in generate_catalog(count=300)]
    again = [(d.urn, [f.field_path for f in d.fields]) for d in generate_catalog(count=300)]
    other = [d.urn for d in generate_catalog(count=300, seed=7)]

    assert first == again
    assert [urn for urn, _ in first] != other
    # the well-known datasets do not depend on the seed
    assert other[: len(WELL_KNOWN)] == WELL_KNOWN_URNS


def test_generate_catalog_makes_unique_valid_urns_and_field_paths() -> None:
    datasets = list(generate_catalog(count=3000, seed=3))

    urns = [d.urn for d in datasets]
    assert len(set(urns)) == len(urns) == 3000
    for dataset in datasets:
        assert str(parse_dataset_urn(dataset.urn)) == dataset.urn
        paths = [f.field_path for f in dataset.fields]
        assert len(set(paths)) == len(paths)
        assert 3 <= len(paths) <= MAX_FIELDS
    assert any(d.name.endswith("_2") for d in datasets)  # repeats get a suffix
    assert {d.platform for d in datasets} == {"hive", "hdfs", "mysql", "postgres", "kafka"}
    assert {d.origin for d in datasets} >= {"PROD", "EI", "DEV", "CORP"}


def test_generate_catalog_lineage_only_points_to_earlier_datasets() -> None:
    seen: set[str] = set()
    for dataset in generate_catalog(count=1500, seed=11):
        upstreams = [edge.upstream_urn for edge in dataset.upstreams]
        assert len(set(upstreams)) == len(upstreams)
        assert set(upstreams) <= seen  # which also rules out self edges and cycles
        seen.add(dataset.urn)


def test_generate_catalog_uses_datahub_v2_and_dotted_kafka_paths() -> None:
    kafka_paths = [
        f.field_path for d in generate_catalog(count=400) if d.platform == "kafka" for f in d.fields
    ]

    assert (
        "[version=2.0].[type=PageViewEvent].[type=AuditHeader].auditHeader.[type=long].time"
        in kafka_paths
    )
    assert "auditHeader.time" in kafka_paths


# --- the loader ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_demo_catalog_creates_the_requested_datasets_with_aspects() -> None:
    output = _load(datasets=120, seed=5)

    generated = list(generate_catalog(count=120, seed=5))
    assert "120 datasets created" in output
    assert set(Dataset.objects.values_list("urn", flat=True)) == {d.urn for d in generated}
    assert SchemaField.objects.count() == sum(len(d.fields) for d in generated)
    assert Ownership.objects.count() == sum(len(d.owners) for d in generated)
    assert LineageEdge.objects.count() == sum(len(d.upstreams) for d in generated)
    per_dataset = Dataset.objects.annotate(n=Count("fields")).aggregate(low=Min("n"), high=Max("n"))
    assert 3 <= per_dataset["low"] and per_dataset["high"] <= MAX_FIELDS
    assert set(Dataset.objects.values_list("version", flat=True)) == {1}
    assert Dataset.objects.filter(status=DatasetStatus.DEPRECATED).exclude(deprecation_note="")
    assert Dataset.objects.filter(description="").exists()
    assert Dataset.objects.exclude(docs="").exists()
    # Written through the writer: history as any ingestion has it, at version 1.
    assert set(ChangeEvent.objects.values_list("version", flat=True)) == {1}
    created = ChangeEvent.objects.filter(aspect="properties").values_list("before", flat=True)
    assert list(created) == [None] * 120
    hive = Dataset.objects.get(urn=PAGEVIEW_HIVE)
    assert {"properties", "schema", "owners"} <= set(hive.changes.values_list("aspect", flat=True))
    assert hive.changes.get(aspect="properties").after["description"] == hive.description
    assert (
        hive.browse_path
        == browse_path_default(parse_dataset_urn(PAGEVIEW_HIVE))
        == "/hive/tracking"
    )


@pytest.mark.django_db
def test_load_demo_catalog_resolves_lineage_across_small_batches() -> None:
    summary = demo_catalog_load(count=150, seed=9, batch_size=17)

    expected = sum(len(d.upstreams) for d in generate_catalog(count=150, seed=9))
    assert summary.created == 150 and summary.edges == expected
    assert LineageEdge.objects.count() == expected > 50


@pytest.mark.django_db
def test_well_known_datasets_have_schema_owners_and_lineage() -> None:
    _load(datasets=60)

    assert set(WELL_KNOWN_URNS) <= set(Dataset.objects.values_list("urn", flat=True))
    hdfs = Dataset.objects.get(urn=PAGEVIEW_HDFS)
    assert hdfs.fields.count() >= 10
    assert hdfs.ownerships.count() >= 2
    assert hdfs.docs.startswith("# /data/tracking/PageViewEvent")
    assert list(hdfs.downstream_edges.values_list("downstream__urn", flat=True)).count(
        PAGEVIEW_HIVE
    )
    topic = Dataset.objects.get(urn=LINEAGE_TOPIC)
    assert topic.platform.name == "kafka"
    assert topic.upstream_edges.exists() and topic.downstream_edges.exists()
    email = SchemaField.objects.get(
        dataset__urn="urn:li:dataset:(urn:li:dataPlatform:mysql,shop.customers,PROD)",
        field_path="email",
    )
    assert email.classification == Classification.EMAIL
    assert "PII" in email.tags and "PersonalInformation.Email" in email.glossary_terms


@pytest.mark.django_db
def test_lineage_has_multi_hop_chains_and_no_self_edges() -> None:
    _load(datasets=200, seed=1)

    edges = LineageEdge.objects.all()
    assert not edges.filter(upstream=F("downstream")).exists()
    pairs = list(edges.values_list("upstream_id", "downstream_id"))
    assert len(pairs) == len(set(pairs))
    two_hops = edges.filter(upstream__upstream_edges__isnull=False).distinct()
    three_hops = two_hops.filter(upstream__upstream_edges__upstream__upstream_edges__isnull=False)
    assert two_hops.count() > 10
    assert three_hops.exists()
    assert edges.exclude(column_mappings=[]).exists()
    fan_out = Dataset.objects.annotate(n=Count("downstream_edges")).filter(n__gte=2)
    fan_in = Dataset.objects.annotate(n=Count("upstream_edges")).filter(n__gte=2)
    assert fan_out.exists() and fan_in.exists()


@pytest.mark.django_db
def test_demo_health_scores_vary() -> None:
    _load(datasets=150, seed=2)

    datasets = Dataset.objects.prefetch_related(
        "fields",
        Prefetch("ownerships"),
        "tag_links",
        "term_links",
        "upstream_edges",
        "downstream_edges",
    )
    scores = {d.urn: dataset_health(d) for d in datasets}
    assert scores[PAGEVIEW_HIVE].score >= 90
    assert sum(1 for h in scores.values() if h.score >= 80) >= 10
    assert sum(1 for h in scores.values() if h.reasons) >= 75
    assert any("No owners" in reason for h in scores.values() for reason in h.reasons)


@pytest.mark.django_db
def test_demo_users_can_log_in_with_their_roles() -> None:
    _load(datasets=30)

    admin = authenticate(username="admin", password=DEMO_PASSWORD)
    editor = authenticate(username="editor", password=DEMO_PASSWORD)
    reader = authenticate(username="reader", password=DEMO_PASSWORD)
    assert admin is not None and admin.role == Role.ADMIN
    assert admin.is_staff and admin.is_superuser
    assert editor is not None and editor.role == Role.EDITOR
    assert reader is not None and reader.role == Role.READER
    assert authenticate(username="reader", password="wrong") is None
    assert editor.ownerships.exists() and not reader.ownerships.exists()
    assert list(editor.teams.values_list("name", flat=True)) == ["analytics"]
    owners = User.objects.exclude(username__in=["admin", "editor", "reader"])
    assert owners.count() == 20
    assert not any(user.has_usable_password() for user in owners)
    assert Group.objects.count() == 6
    assert all(group.members.exists() for group in Group.objects.all())


def test_load_demo_catalog_analyses_the_tables_it_wrote(analysed_tables) -> None:
    _load(datasets=40)

    written = [Dataset, SchemaField, Ownership, DatasetTag, DatasetTerm, LineageEdge, ChangeEvent]
    assert {model._meta.db_table for model in written} <= analysed_tables()


@pytest.mark.django_db
def test_demo_catalog_load_analyses_after_its_first_batch_and_each_tenfold_growth(
    caplog,
) -> None:
    """The planner must not meet the freshly filled tables blind while the load goes on."""
    with caplog.at_level(logging.INFO, logger="core.table_stats"):
        demo_catalog_load(count=120, batch_size=10)

    reasons = [
        re.search(r"after (.*) in [0-9.]+s$", record.getMessage()).group(1)  # type: ignore
        for record in caplog.records
    ]
    assert reasons == [
        "demo catalog load (10 so far)",
        "demo catalog load (100 so far)",
        "demo catalog load (120 in all)",
    ]


@pytest.mark.django_db
def test_load_demo_catalog_twice_skips_existing_datasets() -> None:
    _load(datasets=80)
    counts = (Dataset.objects.count(), SchemaField.objects.count(), LineageEdge.objects.count())

    output = _load(datasets=80)

    assert "0 datasets created, 80 skipped" in output
    after = (Dataset.objects.count(), SchemaField.objects.count(), LineageEdge.objects.count())
    assert after == counts
    assert User.objects.filter(username="admin").count() == 1


@pytest.mark.django_db
def test_load_demo_catalog_if_empty_skips_when_datasets_exist() -> None:
    _load(datasets=20)

    output = _load(datasets=100, if_empty=True)

    assert "nothing was loaded" in output
    assert Dataset.objects.count() == 20


@pytest.mark.django_db
def test_load_demo_catalog_if_empty_loads_into_an_empty_catalog() -> None:
    _load(datasets=20, if_empty=True)

    assert Dataset.objects.count() == 20


@pytest.mark.django_db
def test_load_demo_catalog_refuses_when_demo_data_is_not_allowed(settings) -> None:
    settings.MDT_ALLOW_DEMO_DATA = False

    with pytest.raises(CommandError, match="MDT_ALLOW_DEMO_DATA"):
        _load(datasets=20)

    assert not Dataset.objects.exists()
    assert not User.objects.filter(username="admin").exists()


def test_the_command_knows_the_demo_defaults_without_importing_the_demo() -> None:
    from catalog.management.commands import (  # pylint: disable=import-outside-toplevel
        load_demo_catalog,
    )

    assert (load_demo_catalog.DEFAULT_SEED, load_demo_catalog.DEMO_PASSWORD) == (
        DEFAULT_SEED,
        DEMO_PASSWORD,
    )
