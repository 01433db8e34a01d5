"""The oracle of ``item_parse``: catalog/ingestion/serializers.py as it was at ae756ed (hand-written
checks beside DRF serializers that only fed Swagger), frozen. test_ingest_parse holds the
description-driven parser to it over random documents. Do not edit."""

# pylint: skip-file
# mypy: ignore-errors


from typing import Any, Callable

from rest_framework import serializers

from catalog.writer.items import IngestItem, ItemError
from catalog.models import FieldType, LineageType, OwnershipType
from catalog.services import UNSET, FieldSpec, OwnerSpec, UpstreamSpec


class IngestFieldSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    field_path = serializers.CharField(max_length=1000, help_text="DataHub v1 or v2 path.")
    type = serializers.ChoiceField(choices=FieldType.choices)
    native_type = serializers.CharField(required=False, allow_blank=True)
    nullable = serializers.BooleanField(required=False, default=True)
    is_key = serializers.BooleanField(required=False, default=False)
    is_partition = serializers.BooleanField(required=False, default=False)
    description = serializers.CharField(required=False, allow_blank=True)
    tags = serializers.ListField(child=serializers.CharField(), required=False)
    glossary_terms = serializers.ListField(child=serializers.CharField(), required=False)
    ordinal = serializers.IntegerField(required=False, min_value=0)


class IngestOwnerSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    owner = serializers.CharField(help_text="urn:li:corpuser:<name> or urn:li:corpGroup:<name>")
    type = serializers.ChoiceField(choices=OwnershipType.choices, required=False)


class IngestUpstreamSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    urn = serializers.CharField()
    type = serializers.ChoiceField(choices=LineageType.choices, required=False)
    actor = serializers.CharField(required=False, allow_blank=True)
    column_mappings = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        help_text='[{"upstreams": [paths], "downstreams": [paths], "transformation": str}]',
    )


class IngestDatasetSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """An aspect left out is not touched; an empty list clears the ingested side of it."""

    urn = serializers.CharField()
    description = serializers.CharField(required=False, allow_blank=True)
    qualified_name = serializers.CharField(required=False, allow_blank=True)
    custom_properties = serializers.DictField(child=serializers.CharField(), required=False)
    browse_path = serializers.CharField(required=False, allow_blank=True)
    domain = serializers.CharField(required=False, allow_null=True)
    schema = IngestFieldSerializer(many=True, required=False)
    owners = IngestOwnerSerializer(many=True, required=False)
    tags = serializers.ListField(child=serializers.CharField(), required=False)
    glossary_terms = serializers.ListField(child=serializers.CharField(), required=False)
    upstreams = IngestUpstreamSerializer(many=True, required=False)
    removed = serializers.BooleanField(required=False, help_text="Soft-delete (or restore).")


class IngestRequestSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    datasets = IngestDatasetSerializer(many=True)


class IngestErrorSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    index = serializers.IntegerField(help_text="Position of the item in `datasets`.")
    urn = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField()


class IngestResultSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    failed = serializers.IntegerField()
    errors = IngestErrorSerializer(many=True)


# --- fast per-item parsing ----------------------------------------------------------------------


class ItemInvalid(Exception):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def _str(value: Any, name: str, *, allow_none: bool = False, max_length: int = 0) -> Any:
    if value is None and allow_none:
        return None
    if not isinstance(value, str):
        raise ItemInvalid(name, "must be a string")
    if max_length and len(value) > max_length:
        raise ItemInvalid(name, f"must be at most {max_length} characters")
    return value


def _bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise ItemInvalid(name, "must be true or false")
    return value


def _list(value: Any, name: str) -> list:
    if not isinstance(value, list):
        raise ItemInvalid(name, "must be a list")
    return value


def _strings(value: Any, name: str, *, max_length: int = 0) -> tuple[str, ...]:
    items = _list(value, name)
    if not all(isinstance(v, str) for v in items):
        raise ItemInvalid(name, "must be a list of strings")
    if max_length and any(len(v) > max_length for v in items):
        raise ItemInvalid(name, f"entries must be at most {max_length} characters")
    return tuple(items)


def _object(value: Any, name: str, allowed: set[str], required: set[str]) -> dict:
    if not isinstance(value, dict):
        raise ItemInvalid(name, "must be an object")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ItemInvalid(name, f"unknown keys: {', '.join(unknown)}")
    missing = sorted(required - set(value))
    if missing:
        raise ItemInvalid(name, f"missing keys: {', '.join(missing)}")
    return value


_FIELD_KEYS = set(IngestFieldSerializer().fields)
_ITEM_KEYS = set(IngestDatasetSerializer().fields)


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
            and len(native) <= 500
            and nullable.__class__ is bool
            and key.__class__ is bool
            and partition.__class__ is bool
            and description.__class__ is str
            and tags.__class__ is list
            and (not tags or all(tag.__class__ is str for tag in tags))
            and terms.__class__ is list
            and (not terms or all(t.__class__ is str and len(t) <= 200 for t in terms))
            and (ordinal is None or (ordinal.__class__ is int and ordinal >= 0))
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
    data = _object(value, name, _FIELD_KEYS, {"field_path", "type"})
    ordinal = data.get("ordinal")
    if ordinal is not None and (not isinstance(ordinal, int) or isinstance(ordinal, bool)):
        raise ItemInvalid(f"{name}.ordinal", "must be an integer")
    if ordinal is not None and ordinal < 0:
        raise ItemInvalid(f"{name}.ordinal", "must be at least 0")
    return FieldSpec(
        field_path=_str(data["field_path"], f"{name}.field_path"),
        type=_str(data["type"], f"{name}.type"),
        native_type=_str(data.get("native_type", ""), f"{name}.native_type", max_length=500),
        nullable=_bool(data.get("nullable", True), f"{name}.nullable"),
        is_key=_bool(data.get("is_key", False), f"{name}.is_key"),
        is_partition=_bool(data.get("is_partition", False), f"{name}.is_partition"),
        description=_str(data.get("description", ""), f"{name}.description"),
        tags=_strings(data.get("tags", []), f"{name}.tags"),
        glossary_terms=_strings(
            data.get("glossary_terms", []), f"{name}.glossary_terms", max_length=200
        ),
        ordinal=ordinal,
    )


def _owner(value: Any, name: str) -> OwnerSpec:
    data = _object(value, name, {"owner", "type"}, {"owner"})
    return OwnerSpec(
        owner=_str(data["owner"], f"{name}.owner"),
        type=_str(data.get("type", OwnershipType.TECHNICAL_OWNER), f"{name}.type"),
    )


def _upstream(value: Any, name: str) -> UpstreamSpec:
    data = _object(value, name, {"urn", "type", "actor", "column_mappings"}, {"urn"})
    mappings = _list(data.get("column_mappings", []), f"{name}.column_mappings")
    if not all(isinstance(m, dict) for m in mappings):
        raise ItemInvalid(f"{name}.column_mappings", "must be a list of objects")
    return UpstreamSpec(
        urn=_str(data["urn"], f"{name}.urn"),
        type=_str(data.get("type", LineageType.TRANSFORMED), f"{name}.type"),
        actor=_str(data.get("actor", ""), f"{name}.actor", max_length=300),
        column_mappings=tuple(mappings),
    )


def _each(value: Any, name: str, parse: Callable[[Any, str], Any]) -> list:
    return [parse(entry, f"{name}[{i}]") for i, entry in enumerate(_list(value, name))]


def _properties(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ItemInvalid("custom_properties", "must be an object")
    if not all(isinstance(v, (str, int, float, bool)) for v in value.values()):
        raise ItemInvalid("custom_properties", "values must be strings")
    return value


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "description": lambda v: _str(v, "description", allow_none=True),
    "qualified_name": lambda v: _str(v, "qualified_name", allow_none=True, max_length=500),
    "custom_properties": _properties,
    "browse_path": lambda v: _str(v, "browse_path", allow_none=True),
    "domain": lambda v: _str(v, "domain", allow_none=True),
    "schema": lambda v: _each(v, "schema", _field),
    "owners": lambda v: _each(v, "owners", _owner),
    "tags": lambda v: _strings(v, "tags"),
    "glossary_terms": lambda v: _strings(v, "glossary_terms", max_length=200),
    "upstreams": lambda v: _each(v, "upstreams", _upstream),
    "removed": lambda v: _bool(v, "removed"),
}


def item_parse(index: int, value: Any) -> IngestItem | ItemError:
    """One dataset document → an IngestItem, or the error that rejects it."""
    urn = value.get("urn") if isinstance(value, dict) else None
    shown = urn if isinstance(urn, str) else ""
    try:
        data = _object(value, "item", _ITEM_KEYS, {"urn"})
        aspects = {
            key: (parse(data[key]) if key in data else UNSET) for key, parse in _PARSERS.items()
        }
        return IngestItem(urn=_str(data["urn"], "urn"), **aspects)
    except ItemInvalid as exc:
        return ItemError(
            index=index,
            urn=shown,
            code="invalid",
            message=f"{exc.name}: {exc.message}.",
            fields={exc.name: [exc.message]},
        )
