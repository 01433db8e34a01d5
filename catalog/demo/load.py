"""Loading the demo catalog: the generator's datasets go through the one writer of the
ingested side (``catalog.writer``), in batches, one transaction each; what people would have
edited (docs, deprecations, editable owners, tags and terms, field classifications) is written
beside it in the same transaction."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import reset_queries, transaction

from accounts.models import Group, User
from accounts.services import GroupProfile, UserProfile, groups_ensure, users_ensure
from catalog import entity_services
from catalog.demo.entities import JobLinks, containers_of
from catalog.demo.entities_load import (
    containers_write,
    dashboards_load,
    glossary_load,
    pipelines_load,
)
from catalog.demo.generator import DEFAULT_SEED, DemoDataset, generate_catalog
from catalog.demo.vocabulary import DOMAINS, GROUPS, LOGIN_USERS, OWNER_USERS, TAGS
from catalog.models import (
    ChangeEvent,
    Classification,
    Dataset,
    DatasetStatus,
    DatasetTag,
    DatasetTerm,
    Domain,
    GlossaryTerm,
    LineageEdge,
    Ownership,
    SchemaField,
    Source,
    Tag,
)
from catalog.writer.ingest import items_write
from catalog.writer.items import (
    UNSET,
    FieldSpec,
    IngestItem,
    ItemError,
    ItemOutcome,
    OwnerSpec,
    UpstreamSpec,
)
from catalog.writer.state import Row
from core.bulk_sql import insert_rows, update_rows
from core.memory import gc_paused
from core.table_stats import GrowthAnalyzer

INGESTION_ACTOR = "urn:li:corpuser:datahub-ingestion"
DEMO_PASSWORD = "mdt-demo"
_CHUNK = 500  # URNs per IN (...) list: under SQLite's variable limit
# What the load writes, analysed on the way and at the end (``core.table_stats``).
_WRITTEN = (
    Dataset,
    SchemaField,
    Ownership,
    DatasetTag,
    DatasetTerm,
    LineageEdge,
    ChangeEvent,
    Tag,
    GlossaryTerm,
    Domain,
    User,
    Group,
)


@dataclass
class LoadSummary:  # pylint: disable=too-many-instance-attributes
    created: int = 0
    skipped: int = 0
    fields: int = 0
    owners: int = 0
    tags: int = 0
    terms: int = 0
    edges: int = 0
    changes: int = 0
    containers: int = 0
    jobs: int = 0
    charts: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.created / self.seconds if self.seconds else 0.0

    def __str__(self) -> str:
        return (
            f"{self.created} datasets created, {self.skipped} skipped (already present), "
            f"{self.fields} fields, {self.owners} ownerships, {self.tags} tag links, "
            f"{self.terms} term links, {self.edges} lineage edges, {self.changes} change events, "
            f"{self.containers} containers, {self.jobs} pipeline tasks, {self.charts} charts "
            f"in {self.seconds:.1f}s ({self.rate:.0f} datasets/s)"
        )


@dataclass
class _Lookups:
    tags: dict[str, int]
    terms: dict[str, int]
    users: dict[str, int]
    groups: dict[str, int]


@transaction.atomic
def demo_reference_data_load() -> _Lookups:
    """Users, groups, domains, tags and glossary terms; creates only what is missing (an
    existing user's password is never reset)."""
    users = users_ensure(
        users=[
            UserProfile(
                username,
                display_name=display_name,
                email=f"{username}@example.com",
                role=role,
                is_admin=is_admin,
                password=DEMO_PASSWORD,
            )
            for username, role, is_admin, display_name in LOGIN_USERS
        ]
        + [
            UserProfile(
                username,
                display_name=display_name,
                title=title,
                email=f"{username}@example.com",
                first_name=display_name.split()[0],
                last_name=display_name.split()[-1].strip("()"),
            )
            for username, display_name, title in OWNER_USERS
        ]
    )
    groups = groups_ensure(
        groups=[
            GroupProfile(
                name,
                display_name=display_name,
                email=f"{name}@example.com",
                description=f"The {display_name} team.",
                members=tuple(members),
            )
            for name, (display_name, members) in GROUPS.items()
        ]
    )
    # Through the entity services, so each page has its history (a dozen of each: no bulk).
    for name, (display_name, text) in DOMAINS.items():
        entity_services.domain_upsert(
            name=name, actor=INGESTION_ACTOR, display_name=display_name, description=text
        )
    for name, (text, color) in TAGS.items():
        entity_services.tag_upsert(name=name, actor=INGESTION_ACTOR, description=text, color=color)
    glossary_load(actor=INGESTION_ACTOR)
    return _Lookups(
        tags=dict(Tag.objects.values_list("name", "id")),
        terms=dict(GlossaryTerm.objects.values_list("name", "id")),
        users={name: user.pk for name, user in users.items()},
        groups={name: group.pk for name, group in groups.items()},
    )


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _existing(urns: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(sorted(set(urns)), _CHUNK):
        found.update(Dataset.objects.filter(urn__in=chunk).values_list("urn", flat=True))
    return found


def _owner_urn(kind: str, name: str) -> str:
    return f"urn:li:corpuser:{name}" if kind == "user" else f"urn:li:corpGroup:{name}"


def _ingest_item(dataset: DemoDataset) -> IngestItem:
    """What a source would say about ``dataset``: its ingested side only."""
    ingested = Source.INGESTED
    containers = containers_of(dataset)
    return IngestItem(
        urn=dataset.urn,
        container=containers[-1].urn if containers else UNSET,
        description=dataset.description,
        qualified_name=dataset.qualified_name,
        custom_properties=dataset.custom_properties,
        domain=dataset.domain if dataset.domain else UNSET,
        schema=[
            FieldSpec(
                f.field_path,
                f.type,
                f.native_type,
                f.nullable,
                f.is_key,
                f.is_partition,
                f.description,
                f.tags,
                f.glossary_terms,
            )
            for f in dataset.fields
        ],
        owners=[
            OwnerSpec(_owner_urn(o.kind, o.name), o.type)
            for o in dataset.owners
            if o.source == ingested
        ],
        tags=[name for name, source in dataset.tags if source == ingested],
        glossary_terms=[name for name, source in dataset.terms if source == ingested],
        upstreams=[
            UpstreamSpec(e.upstream_urn, e.type, e.actor, e.column_mappings, e.created_at)
            for e in dataset.upstreams
        ],
    )


def _edits_write(batch: list[DemoDataset], written: dict[str, Dataset], lookups: _Lookups) -> None:
    """People's side of the demo datasets, as if edited in MDT: docs, deprecations, editable
    owners, tags and terms, field classifications. No rule of ingestion applies here (the
    edited side keeps its own services); these rows only need the writer's ids. Rows are
    plain objects written by ``core.bulk_sql`` (no model instances: ~30k a batch)."""
    editable, active, unmarked = Source.EDITABLE, DatasetStatus.ACTIVE, Classification.NONE
    touched: list[Dataset] = []
    owners: list[Row] = []
    tags: list[Row] = []
    terms: list[Row] = []
    classified: dict[int, dict[str, str]] = {}
    for item in batch:
        dataset = written[item.urn]
        if item.docs or item.status != active:
            dataset.docs, dataset.status = item.docs, item.status
            dataset.deprecation_note = item.deprecation_note
            touched.append(dataset)
        owners.extend(
            Row(
                dataset_id=dataset.pk,
                user_id=lookups.users[o.name] if o.kind == "user" else None,
                group_id=lookups.groups[o.name] if o.kind == "group" else None,
                type=o.type,
                source=editable,
            )
            for o in item.owners
            if o.source == editable
        )
        tags.extend(
            Row(dataset_id=dataset.pk, tag_id=lookups.tags[name], source=editable)
            for name, source in item.tags
            if source == editable
        )
        terms.extend(
            Row(dataset_id=dataset.pk, term_id=lookups.terms[name], source=editable)
            for name, source in item.terms
            if source == editable
        )
        marks = {f.field_path: f.classification for f in item.fields if f.classification}
        if any(mark != unmarked for mark in marks.values()):
            classified[dataset.pk] = marks
    update_rows(Dataset, touched, ["docs", "status", "deprecation_note"])
    insert_rows(Ownership, owners)
    insert_rows(DatasetTag, tags)
    insert_rows(DatasetTerm, terms)
    fields = []
    for chunk in _chunks(classified, _CHUNK):
        rows = SchemaField.objects.filter(dataset_id__in=chunk).values_list(
            "id", "dataset_id", "field_path"
        )
        for pk, dataset_id, path in rows:
            mark = classified[dataset_id].get(path, unmarked)
            if mark != unmarked:
                fields.append(Row(id=pk, classification=mark))
    update_rows(SchemaField, fields, ["classification"])


@dataclass
class _Entities:
    """What the load gathers for the entities around datasets: the containers it wrote and
    what each task's edges read and wrote (from every generated dataset, loaded before or
    not, so a second load lists the same)."""

    containers: set[str] = field(default_factory=set)
    links: JobLinks = field(default_factory=JobLinks)


def _batch_load(
    batch: list[DemoDataset], lookups: _Lookups, summary: LoadSummary, entities: _Entities
) -> None:
    for item in batch:
        entities.links.add(item)
    with transaction.atomic():
        existing = _existing(item.urn for item in batch)
        new = [item for item in batch if item.urn not in existing]
        summary.skipped += len(batch) - len(new)
        summary.containers += containers_write(
            (c for item in new for c in containers_of(item)),
            entities.containers,
            actor=INGESTION_ACTOR,
        )
        results = items_write(
            items=[_ingest_item(item) for item in new], actor=INGESTION_ACTOR, announce=False
        )
        written: dict[str, Dataset] = {}
        for result in results:
            if isinstance(result, ItemError):  # the generator makes valid items only
                raise RuntimeError(f"Demo dataset rejected: {result}")
            assert isinstance(result, ItemOutcome)
            written[result.dataset.urn] = result.dataset
            summary.changes += len(result.changed_aspects)
        _edits_write(new, written, lookups)
    summary.created += len(new)
    summary.fields += sum(len(item.fields) for item in new)
    summary.owners += sum(len(item.owners) for item in new)
    summary.tags += sum(len(item.tags) for item in new)
    summary.terms += sum(len(item.terms) for item in new)
    summary.edges += sum(len(item.upstreams) for item in new)


def demo_catalog_load(
    *,
    count: int,
    seed: int = DEFAULT_SEED,
    batch_size: int = 1000,
    on_batch: Callable[[int], None] | None = None,
) -> LoadSummary:
    """Write ``generate_catalog(count=, seed=)`` in batches of ``batch_size`` datasets, one
    transaction each; ``on_batch`` gets the number of datasets each batch handled."""
    started = time.monotonic()
    summary = LoadSummary()
    lookups = demo_reference_data_load()
    # The planner meets empty tables in the first batches and a catalog ten times larger a
    # few minutes later: analyse after the first batch and at each tenfold growth.
    stats = GrowthAnalyzer(
        models=_WRITTEN, reason="demo catalog load", first=1, base=Dataset.objects.count()
    )
    entities = _Entities()
    for batch in _chunks(generate_catalog(count=count, seed=seed), batch_size):
        created = summary.created
        with gc_paused():
            _batch_load(batch, lookups, summary, entities)
        # A command has no request to clear the query log: with DEBUG on (the local settings)
        # it keeps the last 9,000 statements, ~26 a batch with 500 URNs in some (measured:
        # 3.5 MB of SQL text per 20 batches), so ~60 MB more by the 350th batch.
        reset_queries()
        stats.add(summary.created - created)
        if on_batch is not None:
            on_batch(len(batch))
    with transaction.atomic():
        summary.jobs = pipelines_load(entities.links, actor=INGESTION_ACTOR, seed=seed)
        summary.charts = dashboards_load(actor=INGESTION_ACTOR)
    stats.finish()
    summary.seconds = time.monotonic() - started
    return summary
