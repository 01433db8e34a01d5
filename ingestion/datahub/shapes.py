"""Names shared by the mapping (DataHub → MDT) and the read-back (MDT → DataHub)."""

# institutionalMemory links live in custom properties under this prefix (never in docs).
LINK_PREFIX = "link:"
# DataHub's field type classes → MDT's field types, and back.
TYPES = {
    "BooleanType": "boolean",
    "FixedType": "fixed",
    "StringType": "string",
    "BytesType": "bytes",
    "NumberType": "number",
    "DateType": "date",
    "TimeType": "time",
    "EnumType": "enum",
    "NullType": "null",
    "MapType": "map",
    "ArrayType": "array",
    "UnionType": "union",
    "RecordType": "struct",
}
TYPE_CLASSES = {mdt: f"com.linkedin.schema.{name}" for name, mdt in TYPES.items()}
# The dataset aspects MDT maps (and so reads back, patches and deletes).
ASPECTS = frozenset(
    {
        "datasetKey",
        "datasetProperties",
        "schemaMetadata",
        "ownership",
        "upstreamLineage",
        "globalTags",
        "glossaryTerms",
        "status",
        "browsePathsV2",
        "browsePaths",
        "institutionalMemory",
        "editableDatasetProperties",
        "editableSchemaMetadata",
        "container",
        "domains",
    }
)
