"""DataHub's two JSON encodings of the same records, made one.

The ``datahub`` CLI's file sink and the GMS REST API write the *plain* form: an optional value is
the value itself (``"description": "…"``). DataHub's sample files, its older exports and anything
written by Avro's own JSON encoder write *Avro JSON*: every union value is wrapped in an object
naming its branch, ``{"string": "…"}``, ``{"array": […]}`` or, for records and enums, their full
name (``{"com.linkedin.pegasus2avro.common.GlobalTags": {…}}``), at any depth. DataHub's own
reader knows the schema and takes either; MDT does not carry DataHub's schema, so it unwraps by
these rules, which give the plain form for every aspect MDT maps (tested on files the real
``datahub`` classes write in both encodings):

* ``{"<primitive>": v}`` becomes ``v`` when ``v`` has that primitive's JSON type.
* ``{"com.linkedin.….Name": v}`` becomes ``v``, except where the branch's name is the data and
  both encodings keep it: a snapshot (``proposedSnapshot``), a schema's ``platformSchema``, a
  field type (``"type": {"com.linkedin.schema.StringType": {}}``) and the items of an array
  (a snapshot's aspects).
* A map (``customProperties``…) is never taken for a union: a property named ``string`` stays.
"""

from typing import Any

_PRIMITIVES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "bytes": str,
    "boolean": bool,
    "int": int,
    "long": int,
    "float": (int, float),
    "double": (int, float),
    "array": list,
    "map": dict,
}
_NAMED = "com.linkedin."
# Unions of several records whose branch name is the data (both encodings keep it), as DataHub
# 1.7's schema.avsc names them; ``type`` is one too when it holds a record (a field's type).
_NAMED_UNIONS = frozenset({"proposedSnapshot", "platformSchema", "foreignKey", "transformation"})
# Every map field of that schema: their keys are data, never a union's branch.
_MAPS = frozenset(
    {
        "args",
        "customHeaders",
        "customProperties",
        "embeddings",
        "extraArgs",
        "foreignKeysSpecs",
        "headers",
        "hyperParameters",
        "nativeParameters",
        "nativeResults",
        "ownerTypes",
        "parameters",
        "properties",
        "queryFragments",
        "result",
        "runtimeContext",
        "sourceDetail",
        "subfieldBoostScores",
        "typeQualifier",
        "weightsPerFieldValue",
    }
)


def _branch(value: dict, key: str | None) -> tuple[bool, Any]:
    """``(True, inner)`` when ``value`` is a one-entry union wrapper to unwrap."""
    if len(value) != 1:
        return False, None
    ((branch, inner),) = value.items()
    expected = _PRIMITIVES.get(branch)
    if key in _MAPS:  # a map with one entry is no union, unless its own optional wrapper
        unwrap = branch == "map" and isinstance(inner, dict)
    elif expected is not None:
        # bool is an int in Python: {"int": true} is no Avro value, so it is left alone.
        unwrap = isinstance(inner, expected) and not (expected is int and isinstance(inner, bool))
    else:
        # A named union is unwrapped unless its name is the data: a field's type is a record
        # whose name says the type.
        unwrap = (
            branch.startswith(_NAMED)
            and key not in _NAMED_UNIONS
            and not (key == "type" and isinstance(inner, dict))
        )
    return unwrap, inner if unwrap else None


def plain(value: Any, key: str | None = None) -> Any:
    """``value`` (a record or any part of one) in DataHub's plain encoding."""
    if isinstance(value, dict):
        unwrap, inner = _branch(value, key)
        if unwrap:
            return plain(inner, key)
        if key in _MAPS:
            return {name: plain(item, "") for name, item in value.items()}
        return {name: plain(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_item(item) for item in value]
    return value


def _item(value: Any) -> Any:
    """An array's item: a named union keeps its name (both encodings write it there)."""
    if isinstance(value, dict) and len(value) == 1:
        ((name, inner),) = value.items()
        if name.startswith(_NAMED):
            return {name: plain(inner, name)}
    return plain(value)
