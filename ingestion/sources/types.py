"""Native types → MDT's normalized FieldType (DataHub's), shared by the SQL sources and dbt."""

import re

from catalog.models import FieldType

_SQL_PATTERNS = [  # first match wins: arrays before their element type, interval before int
    (r"\[\]$|^array", FieldType.ARRAY),
    (r"^(bool|boolean|bit\(1\))\b", FieldType.BOOLEAN),
    (r"^(timestamp|datetime|time|interval)", FieldType.TIME),
    (r"^date", FieldType.DATE),
    (r"^(bytea|blob|tinyblob|mediumblob|longblob|binary|varbinary|bytes)", FieldType.BYTES),
    (r"^(json|jsonb|hstore|map)", FieldType.MAP),
    (r"^(struct|record|row)\b", FieldType.STRUCT),
    (r"^enum", FieldType.ENUM),
    (r"int|serial|numeric|decimal|number|float|double|real|money|^bit", FieldType.NUMBER),
    (r"char|text|string|uuid|xml|inet|cidr|macaddr|^set|clob|^name", FieldType.STRING),
]


def sql_type_normalize(native: str) -> str:
    """``character varying(20)`` → string, ``timestamp without time zone`` → time… A type no
    pattern knows is "null", DataHub's "unknown"."""
    text = native.strip().lower()
    for pattern, field_type in _SQL_PATTERNS:
        if re.search(pattern, text):
            return field_type
    return FieldType.NULL
