"""The rules an ingested item must keep, checked in memory against what its segment loaded once
(platforms, domains, the datasets it names). The order of the checks is the order in which
``dataset_upsert`` always checked them, so an item fails with the same error it always did."""

from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from catalog.models import (
    DataPlatform,
    Dataset,
    Domain,
    FieldType,
    LineageType,
    OwnershipType,
)
from catalog.urns import DatasetUrn, parse_dataset_urn, parse_owner_urn
from catalog.writer.items import UNSET, FieldSpec, IngestItem, UpstreamSpec
from core.errors import ApplicationError, ConflictError

# Choices as sets, checked per owner and upstream (a choices' ``values`` builds a list per call).
_FIELD_TYPES = frozenset(FieldType.values)
_OWNERSHIP_TYPES = frozenset(OwnershipType.values)
_LINEAGE_TYPES = frozenset(LineageType.values)


@dataclass
class Plan:  # pylint: disable=too-many-instance-attributes
    """One valid item and what it does to its dataset."""

    index: int
    item: IngestItem
    urn: DatasetUrn
    owners: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, name, type)
    upstreams: dict[str, UpstreamSpec] = field(default_factory=dict)  # urn → spec, last wins
    dataset: Dataset = field(default=None)  # type: ignore[assignment]  # set by assign()
    created: bool = False
    events: list[tuple[str, Any, Any]] = field(default_factory=list)


@dataclass
class Context:
    """What a batch loads once (lookups), and the current state of one segment's datasets."""

    actor: str
    platforms: dict[str, DataPlatform]
    domains: dict[str, Domain]
    domain_names: dict[int | None, str]
    fail_if_exists: bool = False
    datasets: dict[str, Dataset] = field(default_factory=dict)


def context_load(*, actor: str, fail_if_exists: bool = False) -> Context:
    domains = {d.name: d for d in Domain.objects.all()}
    return Context(
        actor=actor,
        platforms={p.name: p for p in DataPlatform.objects.all()},
        domains=domains,
        domain_names={d.pk: d.name for d in domains.values()},
        fail_if_exists=fail_if_exists,
    )


def browse_path_default(urn: DatasetUrn) -> str:
    """``/<platform>/<containers of the name>``: ``db.table`` → ``/hive/db``,
    ``/data/tracking/PageView`` → ``/hdfs/data/tracking``."""
    name = urn.name.strip("/")
    parts = name.split("/") if "/" in name else name.split(".")
    return "/" + "/".join([urn.platform, *[part for part in parts[:-1] if part]])


def browse_path_clean(path: str) -> str:
    if not path.startswith("/"):
        raise ApplicationError(
            f"Browse path {path!r} must start with '/'.",
            fields={"browse_path": ["must start with '/'"]},
        )
    parts = path.strip("/").split("/")
    if path != "/" and any(not part.strip() for part in parts):
        raise ApplicationError(
            f"Browse path {path!r} has an empty segment.",
            fields={"browse_path": ["empty segment"]},
        )
    if len(path) > 500:
        raise ApplicationError(
            "Browse path is longer than 500 characters.", fields={"browse_path": ["too long"]}
        )
    return "/" + "/".join(parts) if path != "/" else "/"


def choice_check(value: str, choices: Iterable[str], name: str) -> str:
    allowed = list(choices)
    if value not in allowed:
        raise ApplicationError(
            f"{name} {value!r} is not one of {', '.join(allowed)}.",
            fields={name: [f"{value!r} is not a valid choice"]},
        )
    return value


def _platform_check(name: str, ctx: Context) -> None:
    if name not in ctx.platforms:
        known = ", ".join(sorted(ctx.platforms))
        raise ApplicationError(
            f"Unknown platform {name!r}. Known platforms: {known}.",
            fields={"urn": [f"unknown platform {name!r}"]},
            code="unknown_platform",
        )


def tag_names_check(names: Iterable[str]) -> None:
    for name in sorted(set(names)):
        if not name or len(name) > 100:
            raise ApplicationError(f"Invalid tag {name!r}.", fields={"tags": ["invalid tag name"]})


def _schema_check(specs: Sequence[FieldSpec]) -> None:
    seen: set[str] = set()
    repeated: set[str] = set()
    for spec in specs:
        (repeated if spec.field_path in seen else seen).add(spec.field_path)
    duplicates = sorted(repeated)
    if duplicates:
        raise ApplicationError(
            f"Duplicate field paths: {', '.join(duplicates)}.",
            fields={"schema": [f"duplicate field path {path!r}" for path in duplicates]},
        )
    for spec in specs:
        if not spec.field_path or len(spec.field_path) > 1000:
            raise ApplicationError(
                "Every field needs a field_path of 1 to 1000 characters.",
                fields={"schema": ["invalid field_path"]},
            )
        if spec.type not in _FIELD_TYPES:
            choice_check(spec.type, FieldType.values, "type")
    field_tags = [tag for spec in specs for tag in spec.tags]
    if field_tags:
        tag_names_check(field_tags)


def plan_validate(*, plan: Plan, ctx: Context) -> None:
    """Check ``plan``'s item (raises ApplicationError) and note its owners and upstreams."""
    item, urn = plan.item, plan.urn
    _platform_check(urn.platform, ctx)
    current = ctx.datasets.get(str(urn))
    if ctx.fail_if_exists and current is not None:
        raise ConflictError(
            f"Dataset {urn} already exists; PATCH it instead.",
            fields={"urn": ["already exists"]},
        )
    if item.browse_path is not UNSET and item.browse_path:
        browse_path_clean(item.browse_path)
    if item.domain is not UNSET and item.domain not in (None, ""):
        if (current is None or not current.domain_id) and item.domain not in ctx.domains:
            raise ApplicationError(
                f"Unknown domain {item.domain!r}.",
                fields={"domain": [f"unknown domain {item.domain!r}"]},
            )
    if item.schema is not UNSET:
        _schema_check(item.schema)
    if item.owners is not UNSET:
        for spec in item.owners:
            kind, name = parse_owner_urn(spec.owner)
            if spec.type not in _OWNERSHIP_TYPES:
                choice_check(spec.type, OwnershipType.values, "type")
            plan.owners.append((kind, name, spec.type))
    if item.tags is not UNSET:
        tag_names_check(item.tags)
    if item.upstreams is not UNSET:
        for upstream_spec in item.upstreams:
            upstream = parse_dataset_urn(upstream_spec.urn)
            if str(upstream) == str(urn):
                raise ApplicationError(
                    "A dataset cannot be its own upstream.",
                    fields={"upstreams": ["self-reference"]},
                )
            if upstream_spec.type not in _LINEAGE_TYPES:
                choice_check(upstream_spec.type, LineageType.values, "type")
            _platform_check(upstream.platform, ctx)
            plan.upstreams[str(upstream)] = upstream_spec


def new_dataset(urn: DatasetUrn, ctx: Context) -> Dataset:
    """A dataset row for ``urn`` as the writer creates it: an item's, or a lineage stub (a
    dataset that lineage names before its own metadata arrives, as DataHub does)."""
    return Dataset(
        urn=str(urn),
        platform=ctx.platforms[urn.platform],
        name=urn.name,
        origin=urn.origin,
        browse_path=browse_path_default(urn),
        created_by=ctx.actor,
        modified_by=ctx.actor,
    )
