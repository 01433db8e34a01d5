"""The rules an ingested item must keep, checked in memory against what its segment loaded once
(platforms, domains, the datasets it names). The order of the checks is the order in which
``dataset_upsert`` always checked them, so an item fails with the same error it always did."""

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from catalog.entity_models import Container
from catalog.models import (
    DataPlatform,
    Dataset,
    Domain,
    FieldType,
    LineageType,
    OwnershipType,
    CUSTOM_OWNERSHIP_TYPE,
    ownership_type_valid,
)
from catalog.urns import DatasetUrn, parse_dataset_urn, parse_owner_urn
from catalog.writer.items import (
    ACTOR_MAX,
    DESCRIPTION_MAX,
    DISPLAY_NAME_MAX,
    FIELD_DESCRIPTION_MAX,
    FIELD_PATH_MAX,
    NATIVE_TYPE_MAX,
    ORDINAL_MAX,
    PROPERTY_KEY_MAX,
    PROPERTY_VALUE_MAX,
    QUALIFIED_NAME_MAX,
    TERM_MAX,
    TRANSFORMATION_MAX,
    UNSET,
    FieldSpec,
    IngestItem,
    UpstreamSpec,
)
from core.errors import ApplicationError, ConflictError

CONTAINER_PREFIX = "urn:li:container:"
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
    # The schema write removes or retypes a field (what ``breaks`` checks for readers).
    fields_dropped_or_retyped: bool = False


@dataclass
class Context:
    """What a batch loads once (lookups), and the current state of one segment's datasets."""

    actor: str
    platforms: dict[str, DataPlatform]
    domains: dict[str, Domain]
    domain_names: dict[int | None, str]
    fail_if_exists: bool = False
    datasets: dict[str, Dataset] = field(default_factory=dict)
    containers: dict[str, int] = field(default_factory=dict)  # URN → id, as the batch finds them
    container_urns: dict[int, str] = field(default_factory=dict)

    def container_id(self, urn: str) -> int:
        """The container's id; one the batch names first is created with its id as name, as
        DataHub creates an entity when it is first named."""
        if urn not in self.containers:
            container, _ = Container.objects.get_or_create(
                urn=urn, defaults={"name": urn.removeprefix(CONTAINER_PREFIX)}
            )
            self.containers[urn] = container.pk
            self.container_urns[container.pk] = urn
        return self.containers[urn]

    def container_urn(self, pk: int | None) -> str | None:
        if pk is None:
            return None
        if pk not in self.container_urns:
            self.container_urns[pk] = Container.objects.values_list("urn", flat=True).get(pk=pk)
        return self.container_urns[pk]


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


def ownership_type_check(value: str, name: str = "type") -> str:
    """One of DataHub's ownership types or a custom type's URN (``urn:li:ownershipType:…``)."""
    if value in _OWNERSHIP_TYPES or ownership_type_valid(value):
        return value
    raise ApplicationError(
        f"{name} {value!r} is not one of {', '.join(OwnershipType.values)}, nor a custom "
        f"ownership type's URN ({CUSTOM_OWNERSHIP_TYPE}<id>).",
        fields={name: [f"{value!r} is not a valid choice"]},
    )


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
        if not spec.field_path or len(spec.field_path) > FIELD_PATH_MAX:
            raise ApplicationError(
                "Every field needs a field_path of 1 to 1000 characters.",
                fields={"schema": ["invalid field_path"]},
            )
        if spec.type not in _FIELD_TYPES:
            choice_check(spec.type, FieldType.values, "type")
    field_tags = [tag for spec in specs for tag in spec.tags]
    if field_tags:
        tag_names_check(field_tags)


# --- values the database cannot store ------------------------------------------------------
# Checked here, in the writer, because every source's items pass through it (the API, recipes,
# the DataHub file and GMS adapters, OpenLineage, POST /datasets/): PostgreSQL refuses NUL in
# text and jsonb, lone surrogates cannot be encoded (SQLite stores them, then the dataset's page
# cannot be written as JSON), and an ordinal over 2^31 - 1 overflows its integer column. Any of
# them used to fail the whole batch with a 500; here it fails its item, naming the value as the
# API's parser names its own faults (``schema[3].description``). One pass over an item's
# strings; a field's are joined and checked once, since a bulk batch holds 20k fields.

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_MAPPING_KEYS = frozenset({"upstreams", "downstreams", "transformation"})


def _invalid(name: str, message: str) -> ApplicationError:
    return ApplicationError(f"{name}: {message}.", fields={name: [message]})


def text_fault(value: str) -> str:
    """Why ``value`` cannot be stored, or ``""``."""
    if "\x00" in value:
        return "must not contain NUL characters (\\u0000)"
    if not value.isascii() and _UNSTORABLE.search(value):
        return "must not contain unpaired surrogates (\\ud800-\\udfff)"
    return ""


def _text_check(value: Any, name: str, max_length: int = 0, *, what: str = "") -> None:
    """``value``, a string (others are the parser's business), is storable and not too long;
    ``what`` prefixes the message (``keys `` for a map's keys)."""
    if not isinstance(value, str):
        return
    fault = text_fault(value)
    if fault:
        raise _invalid(name, what + fault)
    if max_length and len(value) > max_length:
        raise _invalid(name, f"{what}must be at most {max_length} characters")


def _texts_check(values: Iterable[Any], name: str, max_length: int = 0) -> None:
    for value in values:
        _text_check(value, name, max_length)


def _fields_check(specs: Sequence[FieldSpec]) -> None:
    for index, spec in enumerate(specs):
        text = spec.field_path + spec.type + spec.native_type + spec.description
        ordinal = spec.ordinal
        # pylint: disable=too-many-boolean-expressions
        if (
            "\x00" in text
            or not (text.isascii() or _UNSTORABLE.search(text) is None)
            or len(spec.native_type) > NATIVE_TYPE_MAX
            or len(spec.description) > FIELD_DESCRIPTION_MAX
            or spec.tags
            or spec.glossary_terms
            or (ordinal is not None and not 0 <= ordinal <= ORDINAL_MAX)
        ):
            name = f"schema[{index}]"
            if ordinal is not None and ordinal < 0:
                raise _invalid(f"{name}.ordinal", "must be at least 0")
            if ordinal is not None and ordinal > ORDINAL_MAX:
                raise _invalid(f"{name}.ordinal", f"must be at most {ORDINAL_MAX}")
            _text_check(spec.field_path, f"{name}.field_path")
            _text_check(spec.type, f"{name}.type")
            _text_check(spec.native_type, f"{name}.native_type", NATIVE_TYPE_MAX)
            _text_check(spec.description, f"{name}.description", FIELD_DESCRIPTION_MAX)
            _texts_check(spec.tags, f"{name}.tags")
            _texts_check(spec.glossary_terms, f"{name}.glossary_terms", TERM_MAX)


def _properties_check(properties: dict[str, Any]) -> None:
    for key, value in properties.items():
        _text_check(key, "custom_properties", PROPERTY_KEY_MAX, what="keys ")
        _text_check(value, f"custom_properties.{key}", PROPERTY_VALUE_MAX)


def _mappings_check(mappings: Any, name: str) -> None:
    """Column mappings as documented: ``{upstreams: [field paths], downstreams: [field paths],
    transformation?: string}`` and nothing else (lists may be empty: DataHub's fine-grained
    lineage allows it)."""
    if not isinstance(mappings, (list, tuple)):
        raise _invalid(name, "must be a list")
    for index, mapping in enumerate(mappings):
        at = f"{name}[{index}]"
        if not isinstance(mapping, dict):
            raise _invalid(at, "must be an object")
        unknown = sorted(str(key) for key in set(mapping) - _MAPPING_KEYS)
        if unknown:
            raise _invalid(at, f"unknown keys: {', '.join(unknown)}")
        missing = [key for key in ("downstreams", "upstreams") if key not in mapping]
        if missing:
            raise _invalid(at, f"missing keys: {', '.join(missing)}")
        for key in ("upstreams", "downstreams"):
            paths = mapping[key]
            if not isinstance(paths, (list, tuple)) or not all(isinstance(p, str) for p in paths):
                raise _invalid(f"{at}.{key}", "must be a list of field paths")
            _texts_check(paths, f"{at}.{key}", FIELD_PATH_MAX)
        if "transformation" in mapping:
            if not isinstance(mapping["transformation"], str):
                raise _invalid(f"{at}.transformation", "must be a string")
            _text_check(mapping["transformation"], f"{at}.transformation", TRANSFORMATION_MAX)


def item_values_check(item: IngestItem) -> None:
    """Every value of ``item`` can be stored (raises ApplicationError naming the first that
    cannot)."""
    _text_check(item.urn, "urn")
    _text_check(item.description, "description", DESCRIPTION_MAX)
    _text_check(item.qualified_name, "qualified_name", QUALIFIED_NAME_MAX)
    _text_check(item.display_name, "display_name", DISPLAY_NAME_MAX)
    _text_check(item.browse_path, "browse_path")
    _text_check(item.domain, "domain")
    _text_check(item.container, "container")
    if item.container and not (
        item.container.startswith(CONTAINER_PREFIX) and len(item.container) > len(CONTAINER_PREFIX)
    ):
        raise _invalid("container", f"must be a container URN ({CONTAINER_PREFIX}<id>)")
    if item.custom_properties:
        _properties_check(item.custom_properties)
    if item.schema:
        _fields_check(item.schema)
    for index, owner in enumerate(item.owners or ()):
        _text_check(owner.owner, f"owners[{index}].owner")
        _text_check(owner.type, f"owners[{index}].type")
    _texts_check(item.tags or (), "tags")
    _texts_check(item.glossary_terms or (), "glossary_terms", TERM_MAX)
    for index, upstream in enumerate(item.upstreams or ()):
        name = f"upstreams[{index}]"
        _text_check(upstream.urn, f"{name}.urn")
        _text_check(upstream.type, f"{name}.type")
        _text_check(upstream.actor, f"{name}.actor", ACTOR_MAX)
        _mappings_check(upstream.column_mappings, f"{name}.column_mappings")


def plan_validate(*, plan: Plan, ctx: Context) -> None:
    """Check ``plan``'s item (raises ApplicationError) and note its owners and upstreams."""
    item, urn = plan.item, plan.urn
    item_values_check(item)
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
            ownership_type_check(spec.type)
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
