"""The bulk ingestion API's documents, described once (``ITEM``) and used twice: ``item_parse``
checks every item against the description, and the Swagger schema is made from it
(``IngestRequestSerializer``, generated), so what the API documents is what it checks.

A plain description rather than DRF serializers: nested serializers cost ~1 ms a dataset of 20
fields (seconds for a full batch), and a bad item must be reported alone (its index, URN and
the first field at fault) rather than fail the request. The 20k fields of a batch take a fast
path (``_field``) that accepts exactly what the description accepts (a test holds them equal)
and leaves everything else to the checked parse, which names the problem.

Choices (field, ownership and lineage types) are shown as enums from the same model choices the
writer's rules check them against; the writer reports them, with the rules that need the
catalog (platforms, domains, duplicate field paths).

What the database cannot store (NUL characters, unpaired surrogates, column mappings of another
shape) is also the writer's to report (``rules.item_values_check``): every source's items pass
through it, not only this API's, and the item fails there alone, named as here. The bounds
that Swagger can show (lengths, the ordinal's range) are in the description too, with the
writer's numbers, so the API checks what it documents.
"""

from dataclasses import dataclass, field
from typing import Any, Callable

from rest_framework import serializers

from catalog.models import FieldType, LineageType, OwnershipType
from catalog.writer.items import (
    ACTOR_MAX,
    DESCRIPTION_MAX,
    FIELD_DESCRIPTION_MAX,
    NATIVE_TYPE_MAX,
    ORDINAL_MAX,
    DISPLAY_NAME_MAX,
    QUALIFIED_NAME_MAX,
    TERM_MAX,
    UNSET,
    FieldSpec,
    IngestItem,
    ItemError,
    OwnerSpec,
    UpstreamSpec,
)
from catalog.entity_models import URN_MAX
from core.schema import JSONValueField
from ingestion.entity_batch import EntitiesRequestSerializer, EntityErrorSerializer

# --- the description ------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:  # pylint: disable=too-many-instance-attributes
    """One value of a document: its kind and the limits ``item_parse`` enforces.

    kind: ``string``, ``boolean``, ``integer``, ``list`` (of ``item``), ``object`` (with a
    ``shape``, or any object when it has none) or ``map`` (string keys, scalar values)."""

    kind: str
    required: bool = False
    nullable: bool = False
    max_length: int = 0
    minimum: int | None = None
    maximum: int | None = None
    item: "Value | None" = None
    shape: "Shape | None" = None
    enum: tuple[str, ...] = ()  # shown; checked by the writer's rules against the same choices
    default: Any = None
    help: str = ""


@dataclass(frozen=True)
class Shape:
    """An object with known keys, built into ``build`` from the keys a document gives."""

    title: str
    values: dict[str, Value]  # in the order Swagger shows them
    build: Callable[..., Any]
    help: str = ""
    # The order the values are checked in, when not the order above: an object with several
    # problems reports the first one, and that choice predates this description.
    check_order: tuple[str, ...] = ()
    keys: frozenset[str] = field(init=False)
    required: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        assert not self.check_order or set(self.check_order) == set(self.values)
        order = self.check_order or tuple(self.values)
        object.__setattr__(self, "check_order", order)
        object.__setattr__(self, "keys", frozenset(self.values))
        required = tuple(sorted(k for k, v in self.values.items() if v.required))
        object.__setattr__(self, "required", required)


_STRINGS = Value("list", item=Value("string"))

FIELD = Shape(
    "IngestField",
    {
        "field_path": Value(
            "string", required=True, help="DataHub v1 or v2 path; 1 to 1000 characters."
        ),
        "type": Value("string", required=True, enum=tuple(FieldType.values)),
        "native_type": Value("string", max_length=NATIVE_TYPE_MAX, default=""),
        "nullable": Value("boolean", default=True),
        "is_key": Value("boolean", default=False),
        "is_partition": Value("boolean", default=False),
        "description": Value("string", max_length=FIELD_DESCRIPTION_MAX, default=""),
        "tags": _STRINGS,
        "glossary_terms": Value("list", item=Value("string", max_length=TERM_MAX)),
        "ordinal": Value("integer", minimum=0, maximum=ORDINAL_MAX, nullable=True),
    },
    FieldSpec,
    check_order=(
        "ordinal",
        "field_path",
        "type",
        "native_type",
        "nullable",
        "is_key",
        "is_partition",
        "description",
        "tags",
        "glossary_terms",
    ),
)
OWNER = Shape(
    "IngestOwner",
    {
        "owner": Value(
            "string",
            required=True,
            help="urn:li:corpuser:<name> or urn:li:corpGroup:<name>",
        ),
        "type": Value(
            "string",
            default=OwnershipType.TECHNICAL_OWNER,
            help=f"One of {', '.join(OwnershipType.values)}, or a custom ownership type's URN "
            "(urn:li:ownershipType:<id>).",
        ),
    },
    OwnerSpec,
)
UPSTREAM = Shape(
    "IngestUpstream",
    {
        "urn": Value("string", required=True),
        "type": Value("string", enum=tuple(LineageType.values), default=LineageType.TRANSFORMED),
        "actor": Value("string", max_length=ACTOR_MAX, default=""),
        "column_mappings": Value(
            "list",
            item=Value("object"),
            help='[{"upstreams": [paths], "downstreams": [paths], "transformation": str}]',
        ),
    },
    UpstreamSpec,
    check_order=("column_mappings", "urn", "type", "actor"),
)
ITEM = Shape(
    "IngestDataset",
    {
        "urn": Value("string", required=True),
        "description": Value("string", nullable=True, max_length=DESCRIPTION_MAX),
        "qualified_name": Value("string", nullable=True, max_length=QUALIFIED_NAME_MAX),
        "display_name": Value(
            "string",
            nullable=True,
            max_length=DISPLAY_NAME_MAX,
            help="The name people read (DataHub's datasetProperties.name); the URN's if empty.",
        ),
        "custom_properties": Value("map"),
        "browse_path": Value("string", nullable=True),
        "domain": Value("string", nullable=True),
        "schema": Value("list", item=Value("object", shape=FIELD)),
        "owners": Value("list", item=Value("object", shape=OWNER)),
        "tags": _STRINGS,
        "glossary_terms": Value("list", item=Value("string", max_length=TERM_MAX)),
        "upstreams": Value("list", item=Value("object", shape=UPSTREAM)),
        "removed": Value("boolean", help="Soft-delete (or restore)."),
        "container": Value(
            "string",
            nullable=True,
            max_length=URN_MAX,
            help="The URN of the container it is in (urn:li:container:<id>: a database, a "
            "schema…), described in `containers` or known already; one not known yet is "
            "created with its id as name. null takes it out of its container.",
        ),
    },
    IngestItem,
    help="An aspect left out is not touched; an empty list clears the ingested side of it.",
    check_order=(
        "description",
        "qualified_name",
        "display_name",
        "custom_properties",
        "browse_path",
        "domain",
        "schema",
        "owners",
        "tags",
        "glossary_terms",
        "upstreams",
        "removed",
        "container",
        "urn",
    ),
)


# --- checking a document against the description ------------------------------------------


class ItemInvalid(Exception):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def _string(value: Any, spec: Value, name: str) -> str | None:
    if value is None and spec.nullable:
        return None
    if not isinstance(value, str):
        raise ItemInvalid(name, "must be a string")
    if spec.max_length and len(value) > spec.max_length:
        raise ItemInvalid(name, f"must be at most {spec.max_length} characters")
    return value


def _integer(value: Any, spec: Value, name: str) -> int | None:
    if value is None and spec.nullable:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ItemInvalid(name, "must be an integer")
    if spec.minimum is not None and value < spec.minimum:
        raise ItemInvalid(name, f"must be at least {spec.minimum}")
    if spec.maximum is not None and value > spec.maximum:
        raise ItemInvalid(name, f"must be at most {spec.maximum}")
    return value


def _list(value: Any, spec: Value, name: str) -> Any:
    """Lists of objects with a shape become lists of specs; other lists become tuples."""
    if not isinstance(value, list):
        raise ItemInvalid(name, "must be a list")
    item = spec.item
    assert item is not None
    if item.shape is not None:
        return [_shape_parse(item.shape, entry, f"{name}[{i}]") for i, entry in enumerate(value)]
    if item.kind == "object":
        if not all(isinstance(entry, dict) for entry in value):
            raise ItemInvalid(name, "must be a list of objects")
        return tuple(value)
    if not all(isinstance(entry, str) for entry in value):
        raise ItemInvalid(name, "must be a list of strings")
    if item.max_length and any(len(entry) > item.max_length for entry in value):
        raise ItemInvalid(name, f"entries must be at most {item.max_length} characters")
    return tuple(value)


def _map(value: Any, spec: Value, name: str) -> dict:
    del spec
    if not isinstance(value, dict):
        raise ItemInvalid(name, "must be an object")
    if not all(isinstance(v, (str, int, float, bool)) for v in value.values()):
        raise ItemInvalid(name, "values must be strings")
    return value


def _boolean(value: Any, spec: Value, name: str) -> bool:
    del spec
    if not isinstance(value, bool):
        raise ItemInvalid(name, "must be true or false")
    return value


_CHECKS: dict[str, Callable[[Any, Value, str], Any]] = {
    "string": _string,
    "boolean": _boolean,
    "integer": _integer,
    "list": _list,
    "map": _map,
}


def _shape_parse(shape: Shape, value: Any, name: str, *, prefix: str | None = None) -> Any:
    """``value`` checked against ``shape`` and built; its values are named ``<name>.<key>``
    (``prefix`` replaces ``<name>.``: an item's own keys are named bare)."""
    if shape is FIELD:
        return _field(value, name)
    return _shape_checked(shape, value, name, prefix=prefix)


def _shape_checked(shape: Shape, value: Any, name: str, *, prefix: str | None = None) -> Any:
    if not isinstance(value, dict):
        raise ItemInvalid(name, "must be an object")
    unknown = sorted(set(value) - shape.keys)
    if unknown:
        raise ItemInvalid(name, f"unknown keys: {', '.join(unknown)}")
    missing = [key for key in shape.required if key not in value]
    if missing:
        raise ItemInvalid(name, f"missing keys: {', '.join(missing)}")
    lead = f"{name}." if prefix is None else prefix
    data = {}
    for key in shape.check_order:
        if key in value:
            spec = shape.values[key]
            data[key] = _CHECKS[spec.kind](value[key], spec, lead + key)
    return shape.build(**data)


# The fast path's limits, from the description.
_FIELD_KEYS = FIELD.keys
_NATIVE_MAX = FIELD.values["native_type"].max_length
_DESCRIPTION_MAX = FIELD.values["description"].max_length
_ORDINAL_MAX = FIELD.values["ordinal"].maximum
assert _ORDINAL_MAX is not None
_TERM_MAX = FIELD.values["glossary_terms"].item.max_length  # type: ignore[union-attr]


def _field(value: Any, name: str) -> FieldSpec:
    """A schema field: the common well-formed case is checked in one expression (20k fields a
    batch); anything else goes through ``_field_checked``, which names the first problem."""
    if value.__class__ is dict and value.keys() <= _FIELD_KEYS:
        get = value.get
        path, kind, native = get("field_path"), get("type"), get("native_type", "")
        nullable, key, partition = (
            get("nullable", True),
            get("is_key", False),
            get("is_partition", False),
        )
        description, tags, terms = (
            get("description", ""),
            get("tags", []),
            get("glossary_terms", []),
        )
        ordinal = get("ordinal")
        # pylint: disable=too-many-boolean-expressions
        if (
            path.__class__ is str
            and kind.__class__ is str
            and native.__class__ is str
            and len(native) <= _NATIVE_MAX
            and nullable.__class__ is bool
            and key.__class__ is bool
            and partition.__class__ is bool
            and description.__class__ is str
            and len(description) <= _DESCRIPTION_MAX
            and tags.__class__ is list
            and (not tags or all(tag.__class__ is str for tag in tags))
            and terms.__class__ is list
            and (not terms or all(t.__class__ is str and len(t) <= _TERM_MAX for t in terms))
            and (ordinal is None or (ordinal.__class__ is int and 0 <= ordinal <= _ORDINAL_MAX))
        ):
            return FieldSpec(
                path,
                kind,
                native,
                nullable,
                key,
                partition,
                description,
                tuple(tags),
                tuple(terms),
                ordinal,
            )
    return _field_checked(value, name)


def _field_checked(value: Any, name: str) -> FieldSpec:
    return _shape_checked(FIELD, value, name)


def item_parse(index: int, value: Any) -> IngestItem | ItemError:
    """One dataset document → an IngestItem (aspects it leaves out are UNSET), or the error
    that rejects it, naming the first value at fault."""
    urn = value.get("urn") if isinstance(value, dict) else None
    shown = urn if isinstance(urn, str) else ""
    try:
        item = _shape_parse(ITEM, value, "item", prefix="")
        assert item.urn is not UNSET
        return item
    except ItemInvalid as exc:
        return ItemError(
            index=index,
            urn=shown,
            code="invalid",
            message=f"{exc.name}: {exc.message}.",
            fields={exc.name: [exc.message]},
        )


# --- the same description, for Swagger --------------------------------------------------------
# Serializer classes made from the description, only for drf_yasg to document (as definitions
# named after each shape); they never see a request.


def _field_of(spec: Value) -> serializers.Field:
    options: dict[str, Any] = {"required": spec.required}
    if spec.help:
        options["help_text"] = spec.help
    if spec.minimum is not None:
        options["min_value"] = spec.minimum
    if spec.maximum is not None:
        options["max_value"] = spec.maximum
    if spec.kind == "string" and spec.enum:
        return serializers.ChoiceField(choices=list(spec.enum), **options)
    if spec.kind == "string":
        if spec.max_length:
            options["max_length"] = spec.max_length
        return serializers.CharField(allow_null=spec.nullable, allow_blank=True, **options)
    if spec.kind == "list":
        assert spec.item is not None
        if spec.item.shape is not None:
            return shape_serializer(spec.item.shape)(many=True, **options)
        child = serializers.DictField() if spec.item.kind == "object" else _field_of(spec.item)
        return serializers.ListField(child=child, **options)
    simple: dict[str, Callable[..., serializers.Field]] = {
        "boolean": serializers.BooleanField,
        "integer": serializers.IntegerField,
        "map": lambda **kw: serializers.DictField(child=serializers.CharField(), **kw),
    }
    return simple[spec.kind](**options)


def shape_serializer(shape: Shape) -> type[serializers.Serializer]:
    fields = {key: _field_of(spec) for key, spec in shape.values.items()}
    attrs: dict[str, Any] = {**fields, "__doc__": shape.help or shape.title}
    return type(f"{shape.title}Serializer", (serializers.Serializer,), attrs)


IngestRequestSerializer = type(
    "IngestRequestSerializer",
    (EntitiesRequestSerializer,),
    {
        "datasets": shape_serializer(ITEM)(many=True, required=False),
        "__doc__": "A batch of datasets, and of the entities around them (written first).",
    },
)


# --- the response -----------------------------------------------------------------------------


class IngestErrorSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    index = serializers.IntegerField(help_text="Position of the item in `datasets`.")
    urn = serializers.CharField(
        allow_blank=True, help_text="The item's URN as sent: empty when it sent none."
    )
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=JSONValueField(),
        help_text="Field name → list of messages; a nested object's errors nest in the same form.",
    )


class SchemaBreakEntrySerializer(serializers.Serializer):  # pylint: disable=abstract-method
    urn = serializers.CharField()
    fields = serializers.ListField(
        child=serializers.CharField(), help_text="The removed or retyped fields that have readers."
    )
    readers = serializers.IntegerField(help_text="Distinct columns downstream that read them.")


class IngestResultSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    failed = serializers.IntegerField()
    errors = IngestErrorSerializer(many=True)
    schema_breaks = SchemaBreakEntrySerializer(
        many=True,
        help_text="Datasets whose schema change removed or retyped a field that a column "
        "downstream reads (direct readers, through the edges' column mappings); each is also "
        "recorded in its history as a `schema_break` event.",
    )
    entities_written = serializers.IntegerField(
        default=0, help_text="Entries of the entity lists written (tags, terms, pipelines…)"
    )
    entity_errors = EntityErrorSerializer(many=True, required=False)
