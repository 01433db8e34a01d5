"""Avro schemas (``.avsc``), Kafka-style: one dataset per schema file, named after the file (the
topic), with nested records flattened into dotted field paths (``address.city``).

fastavro parses and validates each schema (named types resolved across the file), so a broken
schema is that unit's error, not a guess.
"""

from pathlib import Path
from typing import Any, Iterable

from catalog.writer.items import IngestItem
from catalog.models import FieldType
from catalog.services import FieldSpec
from catalog.urns import DatasetUrn
from ingestion.recipes import RecipeError
from ingestion.sources.base import Crawler

_PRIMITIVES = {
    "string": FieldType.STRING,
    "boolean": FieldType.BOOLEAN,
    "int": FieldType.NUMBER,
    "long": FieldType.NUMBER,
    "float": FieldType.NUMBER,
    "double": FieldType.NUMBER,
    "bytes": FieldType.BYTES,
    "null": FieldType.NULL,
}
_LOGICAL = {
    "date": FieldType.DATE,
    "decimal": FieldType.NUMBER,
    "uuid": FieldType.STRING,
    "time-millis": FieldType.TIME,
    "time-micros": FieldType.TIME,
    "timestamp-millis": FieldType.TIME,
    "timestamp-micros": FieldType.TIME,
    "local-timestamp-millis": FieldType.TIME,
    "local-timestamp-micros": FieldType.TIME,
}


# One return per Avro kind reads better than a dispatch table of lambdas.
# pylint: disable-next=too-many-return-statements
def _describe(schema: Any) -> tuple[str, str, bool, Any]:
    """(MDT type, native type, nullable, the record to descend into or None)."""
    if isinstance(schema, list):  # a union
        branches = [s for s in schema if s != "null"]
        nullable = len(branches) < len(schema)
        if len(branches) == 1:
            field_type, native, _, record = _describe(branches[0])
            return field_type, native, nullable, record
        return FieldType.UNION, "union", nullable, None
    if isinstance(schema, str):
        return _PRIMITIVES.get(schema, FieldType.STRUCT), schema, False, None
    kind = schema.get("type")
    logical = schema.get("logicalType")
    if logical in _LOGICAL:
        return _LOGICAL[logical], f"{kind}({logical})", False, None
    if kind == "record":
        return FieldType.STRUCT, schema.get("name", "record"), False, schema
    if kind == "array":
        return FieldType.ARRAY, "array", False, None
    if kind == "map":
        return FieldType.MAP, "map", False, None
    if kind == "enum":
        return FieldType.ENUM, f"enum({schema.get('name', '')})", False, None
    if kind == "fixed":
        return FieldType.FIXED, f"fixed({schema.get('size', '')})", False, None
    return _describe(kind)


def avro_fields(record: dict[str, Any], prefix: str = "") -> list[FieldSpec]:
    specs = []
    for field in record.get("fields", []):
        path = f"{prefix}{field['name']}"
        field_type, native, nullable, nested = _describe(field["type"])
        specs.append(
            FieldSpec(
                field_path=path,
                type=field_type,
                native_type=native[:500],
                nullable=nullable,
                description=field.get("doc", ""),
            )
        )
        if nested is not None:
            specs += avro_fields(nested, prefix=f"{path}.")
    return specs


class AvroSchemaCrawler(Crawler):
    """config: ``path`` (an .avsc file or a folder of them), ``platform`` (``kafka``)."""

    def __init__(self, config: dict[str, Any], *, origin: str = "PROD") -> None:
        super().__init__(config, origin=origin)
        self.platform = str(config.get("platform") or "kafka")
        self.root = Path(str(self.require("path"))).resolve()

    def units(self) -> list[str]:
        if self.root.is_file():
            return [str(self.root)]
        if not self.root.is_dir():
            raise RecipeError(f"No file or folder at {self.root}.", fields={"path": ["not found"]})
        return sorted(str(p) for p in self.root.rglob("*.avsc"))

    def read(self, unit: str) -> Iterable[IngestItem]:
        # pylint: disable-next=import-outside-toplevel
        from fastavro.schema import expand_schema, load_schema

        path = Path(unit)
        # Names come back full (namespace.name) and references to named types are expanded; a
        # recursive reference stays a name, a struct field that is not descended into.
        schema = expand_schema(load_schema(str(path), _write_hint=False))
        if not isinstance(schema, dict) or schema.get("type") != "record":
            raise RecipeError(f"{path.name}: the top-level schema must be a record.")
        full_name = schema["name"]
        yield IngestItem(
            urn=str(DatasetUrn.build(platform=self.platform, name=path.stem, origin=self.origin)),
            description=schema.get("doc", ""),
            qualified_name=full_name,
            custom_properties={"avro_schema": full_name, "format": "avro"},
            schema=avro_fields(schema),
        )
