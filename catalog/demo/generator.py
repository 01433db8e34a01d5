"""The demo catalog's generator: pure, deterministic and lazy (see ``catalog.demo``)."""

from __future__ import annotations

import random
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from catalog.demo.entities_vocabulary import WELL_KNOWN_JOBS, job_urn
from catalog.demo.texts import dataset_description, dataset_properties, leaf
from catalog.demo.vocabulary import (
    AUDIT_HEADER,
    AVRO_TYPE_NAME,
    DEMO_OWNERSHIP_TYPES,
    CAMEL_SUFFIXES,
    Column,
    DATASET_TAG_WEIGHTS,
    FEEDS,
    FLOWS,
    GENERIC_COLUMNS,
    KIND_TYPE,
    NATIVE,
    ORIGIN_WEIGHTS,
    OWNER_COUNT_WEIGHTS,
    OWNER_USERS,
    PII,
    PLATFORM_WEIGHTS,
    SUBJECTS,
    SUBJECTS_BY_KEY,
    Subject,
    TABLE_SUFFIXES,
    USER_ACTORS,
    WELL_KNOWN,
    WellKnown,
)
from catalog.models import (
    Classification,
    DatasetStatus,
    FieldType,
    LineageType,
    Source,
)
from catalog.urns import DatasetUrn

DEFAULT_SEED = 42
_WELL_KNOWN_SEED = 20240101
_WINDOW = 48  # recent datasets per platform that a new dataset may take as upstream
_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
MAX_FIELDS = 40


# --- the generated values ---------------------------------------------------------------------


@dataclass(frozen=True)
class DemoField:
    field_path: str
    native_type: str
    type: str
    nullable: bool = True
    is_key: bool = False
    is_partition: bool = False
    description: str = ""
    tags: tuple[str, ...] = ()
    glossary_terms: tuple[str, ...] = ()
    classification: str = Classification.NONE


@dataclass(frozen=True)
class DemoOwner:
    kind: str  # "user" | "group"
    name: str
    type: str
    source: str = Source.INGESTED


@dataclass(frozen=True)
class DemoEdge:
    upstream_urn: str
    type: str
    actor: str
    created_at: datetime
    column_mappings: tuple[dict[str, Any], ...] = ()


@dataclass
class DemoDataset:  # pylint: disable=too-many-instance-attributes
    """One dataset with every aspect, referencing others by URN and owners by name."""

    urn: str
    platform: str
    name: str
    origin: str
    subject: str
    qualified_name: str = ""
    description: str = ""
    docs: str = ""
    custom_properties: dict[str, str] = field(default_factory=dict)
    domain: str | None = None
    status: str = DatasetStatus.ACTIVE
    deprecation_note: str = ""
    fields: list[DemoField] = field(default_factory=list)
    owners: list[DemoOwner] = field(default_factory=list)
    tags: list[tuple[str, str]] = field(default_factory=list)  # (tag, source)
    terms: list[tuple[str, str]] = field(default_factory=list)  # (term, source)
    upstreams: list[DemoEdge] = field(default_factory=list)


# --- generation ----------------------------------------------------------------------------------


def _pick_weighted(rng: random.Random, pairs: Iterable[tuple[str, int]]) -> str:
    items = list(pairs)
    return rng.choices([name for name, _ in items], weights=[w for _, w in items])[0]


def _snake(camel: str) -> str:
    out = "".join("_" + ch.lower() if ch.isupper() else ch for ch in camel)
    return out.lstrip("_")


def _pick_columns(rng: random.Random, subject: Subject, count: int) -> list[Column]:
    own = list(subject.columns)
    if count <= len(own):
        # keep the key column, then a sample of the rest in their natural order
        keep = sorted(rng.sample(range(1, len(own)), count - 1))
        return [own[0], *[own[i] for i in keep]]
    names = {column.name for column in own}
    generic = [column for column in GENERIC_COLUMNS if column.name not in names]
    extra = rng.sample(generic, min(count - len(own), len(generic)))
    return own + extra


def _field_from_column(
    rng: random.Random, column: Column, path: str, native: str, *, described: bool
) -> DemoField:
    tags: tuple[str, ...] = ()
    terms: tuple[str, ...] = column.terms
    if column.classification:
        pii_tags, pii_terms = PII[Classification(column.classification)]
        tags, terms = pii_tags, tuple(dict.fromkeys((*terms, *pii_terms)))
    return DemoField(
        field_path=path,
        native_type=native,
        type=KIND_TYPE[column.kind],
        nullable=column.kind != "id" and rng.random() < 0.8,
        is_key=column.kind == "id" and path.endswith(("_id", "Id", "id")) and rng.random() < 0.9,
        description=column.description if described else "",
        tags=tags,
        glossary_terms=terms,
        classification=column.classification,
    )


def _relational_fields(
    rng: random.Random, platform: str, columns: list[Column], describe: float, *, partition: bool
) -> list[DemoField]:
    family = "avro" if platform == "hdfs" else platform
    fields = []
    for index, column in enumerate(columns):
        native = NATIVE[family][column.kind]
        if platform == "hive" and column.kind == "struct" and column.classification:
            native = "struct<street:string,city:string,postcode:string,country:string>"
        built = _field_from_column(
            rng, column, column.name, native, described=rng.random() < describe
        )
        if index > 0 and built.is_key:
            built = replace(built, is_key=False)
        fields.append(built)
    if partition:
        name = rng.choice(("datepartition", "ds", "dt"))
        fields.append(
            DemoField(
                field_path=name,
                native_type="string",
                type=FieldType.STRING,
                nullable=False,
                is_partition=True,
                description="Partition date, yyyy-MM-dd." if rng.random() < describe else "",
            )
        )
    return fields


def _kafka_fields(
    rng: random.Random, record: str, columns: list[Column], describe: float, *, v2: bool
) -> list[DemoField]:
    """Avro records: an ``auditHeader`` record then the subject's fields, as DataHub v2 paths
    (``[version=2.0].[type=Rec].[type=AuditHeader].auditHeader.[type=long].time``) or dotted."""
    root = f"[version=2.0].[type={record}]"
    fields = []
    header = f"{root}.[type=AuditHeader].auditHeader" if v2 else "auditHeader"
    fields.append(
        DemoField(
            field_path=header,
            native_type="AuditHeader",
            type=FieldType.STRUCT,
            nullable=False,
            description="Standard header of every tracking event." if rng.random() < 0.8 else "",
        )
    )
    for column in AUDIT_HEADER:
        avro = "fixed" if column.kind == "bytes" else AVRO_TYPE_NAME[column.kind]
        path = f"{header}.[type={avro}].{column.name}" if v2 else f"auditHeader.{column.name}"
        native = avro
        built = _field_from_column(rng, column, path, native, described=rng.random() < describe)
        if column.kind == "bytes":
            built = replace(built, type=FieldType.FIXED)
        fields.append(built)
    for column in columns[: max(1, len(columns) - len(AUDIT_HEADER) - 1)]:
        if column.kind == "struct":
            struct_path = (
                f"{root}.[type={column.name.title()}].{column.name}" if v2 else column.name
            )
            fields.append(
                _field_from_column(
                    rng, column, struct_path, "record", described=rng.random() < describe
                )
            )
            for child in ("city", "country"):
                child_path = (
                    f"{struct_path}.[type=string].{child}" if v2 else f"{column.name}.{child}"
                )
                fields.append(
                    DemoField(child_path, "string", FieldType.STRING, description=f"{child}.")
                )
            continue
        avro = AVRO_TYPE_NAME[column.kind]
        if v2 and column.kind == "array":
            path = f"{root}.[type=array].[type=string].{column.name}"
        elif v2 and column.kind == "map":
            path = f"{root}.[type=map].[type=string].{column.name}"
        else:
            path = f"{root}.[type={avro}].{column.name}" if v2 else column.name
        native = NATIVE["avro"][column.kind]
        fields.append(
            _field_from_column(rng, column, path, native, described=rng.random() < describe)
        )
    return fields


def _fields(
    rng: random.Random, platform: str, subject: Subject, count: int, describe: float | None
) -> list[DemoField]:
    """``describe`` is the share of fields with a description; ``None`` picks one, averaging
    about 60%."""
    if describe is None:
        describe = rng.choice((0.0, 0.3, 0.6, 0.6, 0.8, 1.0))
    if platform == "kafka":
        record = subject.camel
        columns = _pick_columns(rng, subject, max(count, len(AUDIT_HEADER) + 2))
        # struct children can push a record past the limit: DataHub shows at most what we cap
        return _kafka_fields(rng, record, columns, describe, v2=rng.random() < 0.5)[:MAX_FIELDS]
    partition = platform == "hive" or (platform == "hdfs" and rng.random() < 0.6)
    columns = _pick_columns(rng, subject, max(3 - partition, count - partition))
    return _relational_fields(rng, platform, columns, describe, partition=partition)


def _docs(dataset: DemoDataset, subject: Subject) -> str:
    keys = [f.field_path for f in dataset.fields if f.is_key] or [dataset.fields[0].field_path]
    pii = sorted({f.classification for f in dataset.fields if f.classification})
    rows = "\n".join(
        f"| `{leaf(f.field_path)}` | {f.native_type} | {f.description or '—'} |"
        for f in dataset.fields[:6]
    )
    upstream = (
        "\n".join(f"- `{edge.upstream_urn}` ({edge.type.lower()})" for edge in dataset.upstreams)
        or "- none: this is a source dataset"
    )
    return (
        f"# {dataset.name}\n\n"
        f"{dataset.description or 'Owned by the ' + subject.groups[0] + ' team.'}\n\n"
        "## How to use it\n\n"
        f"- Join on {', '.join(f'`{leaf(k)}`' for k in keys)}.\n"
        f"- Filter by origin **{dataset.origin}**; other fabrics hold test data.\n"
        f"- Personal data: {', '.join(pii) if pii else 'none'}.\n\n"
        "## Key columns\n\n"
        "| column | type | meaning |\n|---|---|---|\n"
        f"{rows}\n\n"
        "## Upstreams\n\n"
        f"{upstream}\n\n"
        "## Freshness\n\n"
        "Loaded by the nightly pipeline; expect data for *yesterday* by 06:00 UTC.\n"
    )


class _Namer:
    """Unique dataset names. Remembers how often each base name was used (bounded by the word
    lists), and appends ``_<n>`` to repeats; word lists hold no trailing digits, so a suffixed
    name can never equal a base name."""

    def __init__(self) -> None:
        self.used: Counter[tuple[str, str, str]] = Counter()

    def reserve(self, platform: str, name: str, origin: str) -> None:
        self.used[(platform, name, origin)] += 1

    def make(self, rng: random.Random, platform: str, subject: Subject, origin: str) -> str:
        database = rng.choice(subject.databases)
        table = rng.choice(subject.tables) + rng.choice(TABLE_SUFFIXES)
        if platform == "hive":
            base = f"{database}.{table}"
        elif platform == "mysql":
            base = f"{database}.{table}"
        elif platform == "postgres":
            schema = rng.choice(("public", "public", "reporting", "staging"))
            base = f"{rng.choice(('analytics', 'app', 'warehouse'))}.{schema}.{table}"
        elif platform == "hdfs":
            if rng.random() < 0.6:
                base = f"/data/{database}/{subject.camel}{rng.choice(CAMEL_SUFFIXES)}"
            else:
                base = f"/jobs/{rng.choice(('metrics', database, 'exports'))}/{table}"
        elif rng.random() < 0.5:
            base = f"{subject.camel}{rng.choice(CAMEL_SUFFIXES)}_v{rng.randrange(1, 6)}"
        else:
            topic = rng.choice(subject.tables)
            topic = topic if topic.startswith(database) else f"{database}_{topic}"
            base = f"{topic}_v{rng.randrange(1, 4)}"
        key = (platform, base, origin)
        self.used[key] += 1
        count = self.used[key]
        if count == 1:
            return base
        return f"{base}_{count}"


@dataclass(frozen=True)
class _Recent:
    urn: str
    origin: str
    subject: str
    paths: dict[str, str]  # leaf name -> field path, a few columns for column-level lineage


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.namer = _Namer()
        self.recent: dict[str, deque[_Recent]] = {p: deque(maxlen=_WINDOW) for p in FEEDS}

    def remember(self, dataset: DemoDataset) -> None:
        paths = {leaf(f.field_path): f.field_path for f in dataset.fields[:12]}
        self.recent[dataset.platform].append(
            _Recent(dataset.urn, dataset.origin, dataset.subject, paths)
        )

    def _actor(self) -> str:
        rng = self.rng
        if rng.random() < 0.2:
            return rng.choice(USER_ACTORS)
        orchestrator, flow, jobs = rng.choice(FLOWS)
        return f"urn:li:dataJob:(urn:li:dataFlow:({orchestrator},{flow},prod),{rng.choice(jobs)})"

    def _edge(
        self, upstream: _Recent, lineage_type: str, fields: list[DemoField], mapped: bool
    ) -> DemoEdge:
        mappings: tuple[dict[str, Any], ...] = ()
        if mapped:
            mappings = tuple(
                {
                    "upstreams": [upstream.paths[leaf(f.field_path)]],
                    "downstreams": [f.field_path],
                    "transformation": "IDENTITY",
                }
                for f in fields
                if leaf(f.field_path) in upstream.paths
            )[:6]
        created = _EPOCH + timedelta(minutes=self.rng.randrange(0, 60 * 24 * 540))
        return DemoEdge(upstream.urn, lineage_type, self._actor(), created, mappings)

    def _upstreams(self, platform: str, origin: str) -> list[_Recent]:
        rng = self.rng
        sources, _, chance = FEEDS[platform]
        if rng.random() >= chance:
            return []
        pool = [r for src in sources for r in self.recent[src] if r.origin == origin]
        if not pool:
            return []
        wanted = rng.choices((1, 2, 3), weights=(70, 22, 8))[0]
        picked = rng.sample(pool, min(wanted, len(pool)))
        return picked

    def owners(self, subject: Subject) -> list[DemoOwner]:
        rng = self.rng
        count = rng.choices(range(5), weights=OWNER_COUNT_WEIGHTS)[0]
        chosen: list[DemoOwner] = []
        seen = set()
        types = list(DEMO_OWNERSHIP_TYPES)
        for _ in range(count * 4):  # a few draws may repeat an owner
            if len(chosen) == count:
                break
            if rng.random() < 0.3:
                owner = ("group", rng.choice(subject.groups))
            elif rng.random() < 0.03:
                owner = ("user", "editor")
            else:
                owner = ("user", rng.choice(OWNER_USERS)[0])
            if owner in seen:
                continue
            seen.add(owner)
            owner_type = rng.choice(types[:4]) if rng.random() < 0.8 else rng.choice(types)
            source = Source.EDITABLE if rng.random() < 0.08 else Source.INGESTED
            chosen.append(DemoOwner(owner[0], owner[1], owner_type, source))
        return chosen

    def labels(
        self, subject: Subject, fields: list[DemoField]
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        rng = self.rng
        tags = set(
            rng.sample(list(DATASET_TAG_WEIGHTS), rng.choices((0, 1, 2, 3), (35, 35, 20, 10))[0])
        )
        if any(f.classification and "PII" in f.tags for f in fields) and rng.random() < 0.7:
            tags.add("PII")
        terms = set()
        if subject.terms and rng.random() < 0.55:
            terms.update(rng.sample(subject.terms, rng.randrange(1, len(subject.terms) + 1)))
        if rng.random() < 0.15:
            terms.add(rng.choice(("Classification.Public", "Classification.Confidential")))

        def sourced(names: set[str]) -> list[tuple[str, str]]:
            return [
                (name, Source.EDITABLE if rng.random() < 0.1 else Source.INGESTED)
                for name in sorted(names)
            ]

        return sourced(tags), sourced(terms)

    def build(
        self,
        *,
        platform: str,
        name: str,
        origin: str,
        subject: Subject,
        upstreams: list[tuple[_Recent, str]],
        field_count: int,
        describe: float | None = None,
    ) -> DemoDataset:
        rng = self.rng
        urn = DatasetUrn(platform=platform, name=name, origin=origin)
        qualified_name, props = dataset_properties(rng, platform, name)
        dataset = DemoDataset(
            urn=str(urn),
            platform=platform,
            name=name,
            origin=origin,
            subject=subject.key,
            qualified_name=qualified_name,
            custom_properties=props,
            domain=subject.domain if rng.random() < 0.85 else None,
        )
        dataset.fields = _fields(rng, platform, subject, field_count, describe)
        mapped = rng.random() < 0.5
        dataset.upstreams = [
            self._edge(recent, lineage_type, dataset.fields, mapped)
            for recent, lineage_type in upstreams
        ]
        if rng.random() < 0.82:
            dataset.description = dataset_description(rng, platform, subject, name)
        if rng.random() < 0.2:
            dataset.docs = _docs(dataset, subject)
        if rng.random() < 0.07:
            dataset.status = DatasetStatus.DEPRECATED
            dataset.deprecation_note = rng.choice(
                (
                    "No longer refreshed; use the _clean variant.",
                    "Source system retired in 2024.",
                    f"Superseded by a {rng.choice(('hive', 'postgres'))} table; ask #data-help.",
                )
            )
        dataset.owners = self.owners(subject)
        dataset.tags, dataset.terms = self.labels(subject, dataset.fields)
        return dataset

    def random_dataset(self) -> DemoDataset:
        rng = self.rng
        platform = _pick_weighted(rng, PLATFORM_WEIGHTS)
        origin = _pick_weighted(rng, ORIGIN_WEIGHTS)
        picked = self._upstreams(platform, origin)
        if picked and rng.random() < 0.85:
            subject = SUBJECTS_BY_KEY[picked[0].subject]
        else:
            subject = rng.choice(SUBJECTS)
        _, lineage_type, _ = FEEDS[platform]
        upstreams = [
            (recent, LineageType.VIEW if rng.random() < 0.08 else lineage_type) for recent in picked
        ]
        name = self.namer.make(rng, platform, subject, origin)
        field_count = int(rng.triangular(3, 40, 10))
        return self.build(
            platform=platform,
            name=name,
            origin=origin,
            subject=subject,
            upstreams=upstreams,
            field_count=field_count,
        )


def _well_known_dataset(generator: _Generator, spec: WellKnown) -> DemoDataset:
    subject = SUBJECTS_BY_KEY[spec.subject]
    by_urn = {r.urn: r for recent in generator.recent.values() for r in recent}
    upstreams = [(by_urn[urn], lineage_type) for urn, lineage_type in spec.upstreams]
    dataset = generator.build(
        platform=spec.platform,
        name=spec.name,
        origin=spec.origin,
        subject=subject,
        upstreams=upstreams,
        field_count=len(subject.columns) + 4,
        # curated: every field documented, unless the spec leaves gaps on purpose
        describe=1.0 if spec.description else 0.3,
    )
    dataset.description = spec.description
    dataset.domain = subject.domain if spec.description else None
    dataset.docs = _docs(dataset, subject) if spec.docs else ""
    dataset.status = DatasetStatus.DEPRECATED if spec.deprecation_note else DatasetStatus.ACTIVE
    dataset.deprecation_note = spec.deprecation_note
    dataset.owners = [
        DemoOwner(*owner.split(":", 1), owner_type, source)
        for owner, owner_type, source in spec.owners
    ]
    dataset.tags = [(name, Source.INGESTED) for name in spec.tags]
    dataset.terms = [(name, Source.INGESTED) for name in spec.terms]
    if dataset.urn in WELL_KNOWN_JOBS:  # its lineage comes from a known task (no draw here)
        job = job_urn(*WELL_KNOWN_JOBS[dataset.urn])
        dataset.upstreams = [replace(edge, actor=job) for edge in dataset.upstreams]
    return dataset


def generate_catalog(*, count: int, seed: int = DEFAULT_SEED) -> Iterator[DemoDataset]:
    """Yield ``count`` datasets: the well-known ones first, then random ones from ``seed``.
    Pure and lazy; upstream URNs always name a dataset yielded earlier."""
    fixed = _Generator(_WELL_KNOWN_SEED)
    generator = _Generator(seed)
    for spec in WELL_KNOWN[:count]:
        dataset = _well_known_dataset(fixed, spec)
        fixed.remember(dataset)
        generator.remember(dataset)
        generator.namer.reserve(spec.platform, spec.name, spec.origin)
        yield dataset
    for _ in range(max(0, count - len(WELL_KNOWN))):
        dataset = generator.random_dataset()
        generator.remember(dataset)
        yield dataset
