"""JSON Patch over an aspect, as DataHub's patch builders emit it and as GMS applies it.

DataHub addresses array items by key rather than by position, so that two writers adding tags
never clash: ``/tags/urn:li:tag:PII`` is the tag whose ``tag`` is that URN, and
``/owners/urn:li:corpuser:bob/TECHNICAL_OWNER`` the owner with that URN *and* type. GMS turns each
keyed array into nested objects (one level per key), applies RFC 6902 to that, and turns the
objects back into arrays. The keys come with the patch (``{"arrayPrimaryKeys": {"tags":
["attribution␟source", "tag"]}, "patch": [...]}``, ``␟`` separating a nested field's path) or,
for a bare list of operations, are each aspect's own (``DEFAULT_KEYS``, as GMS's templates
have them). ``fineGrainedLineages`` has its own form:
``/fineGrainedLineages/<transform>/<downstream field>/<query or NONE>/<upstream field>``.

Path components are escaped as JSON Pointer escapes them (``~1`` for ``/``, ``~0`` for ``~``).
``add`` makes the objects a path goes through; removing what is not there changes nothing
(a patch is re-sent after a failed run: it must be idempotent).
"""

from dataclasses import dataclass
from typing import Any

from core.errors import ApplicationError

NESTED = "\u241f"  # DataHub's separator for a nested field in arrayPrimaryKeys


@dataclass(frozen=True)
class Keyed:
    """An array keyed by ``keys``; ``inner`` keys the arrays inside each of its items. No keys:
    an array of strings, each its own key (``/isRelatedTerms/urn:li:glossaryTerm:X``)."""

    keys: tuple[str, ...]
    inner: dict[str, Any]


_TAGS = {"tags": Keyed(("tag",), {})}
_TERMS = {"terms": Keyed(("urn",), {})}
_OWNERS = {"owners": Keyed(("owner", "type"), {})}
_EDGES = Keyed(("destinationUrn",), {})
_STRINGS = Keyed((), {})
DEFAULT_KEYS: dict[str, dict[str, Any]] = {
    "globalTags": _TAGS,
    "glossaryTerms": _TERMS,
    "ownership": _OWNERS,
    "upstreamLineage": {"upstreams": Keyed(("dataset",), {})},
    "institutionalMemory": {"elements": Keyed(("url",), {})},
    "editableSchemaMetadata": {
        "editableSchemaFieldInfo": Keyed(
            ("fieldPath",), {"globalTags": _TAGS, "glossaryTerms": _TERMS}
        )
    },
    "schemaMetadata": {
        "fields": Keyed(("fieldPath",), {"globalTags": _TAGS, "glossaryTerms": _TERMS})
    },
    "domains": {},
    "datasetProperties": {},
    "editableDatasetProperties": {},
    "status": {},
    # The entities around datasets (GMS's templates key their arrays the same way).
    "glossaryRelatedTerms": {
        name: _STRINGS for name in ("isRelatedTerms", "hasRelatedTerms", "values", "relatedTerms")
    },
    "dataJobInputOutput": {
        "inputDatasets": _STRINGS,
        "outputDatasets": _STRINGS,
        "inputDatajobs": _STRINGS,
        "inputDatasetEdges": _EDGES,
        "outputDatasetEdges": _EDGES,
        "inputDatajobEdges": _EDGES,
    },
    "chartInfo": {"inputs": _STRINGS, "inputEdges": _EDGES},
    "dashboardInfo": {
        "charts": _STRINGS,
        "datasets": _STRINGS,
        "chartEdges": _EDGES,
        "datasetEdges": _EDGES,
        "dashboards": _EDGES,
    },
    "subTypes": {"typeNames": _STRINGS},
}
_FINE = "fineGrainedLineages"


class PatchError(ApplicationError):
    code = "parse_error"


def _key_of(item: dict, key: str) -> str:
    value: Any = item
    for part in key.split(NESTED):
        value = value.get(part) if isinstance(value, dict) else None
    return "" if value is None else str(value)


def _to_keyed(obj: Any, spec: dict[str, Any]) -> Any:
    if not isinstance(obj, dict):
        return obj
    out = dict(obj)
    for name, sub in spec.items():
        if name not in out:
            continue
        if isinstance(sub, Keyed) and not sub.keys:
            out[name] = {str(item): item for item in out[name] or []}
        elif isinstance(sub, Keyed):
            tree: dict[str, Any] = {}
            for item in out[name] or []:
                node = tree
                keys = [_key_of(item, key) for key in sub.keys]
                for key in keys[:-1]:
                    node = node.setdefault(key, {})
                node[keys[-1]] = _to_keyed(item, sub.inner)
            out[name] = tree
        else:
            out[name] = _to_keyed(out[name], sub)
    return out


def _leaves(tree: Any, keys: tuple[str, ...], path: tuple[str, ...] = ()) -> list[dict]:
    """The items of a keyed array; an item made by a patch gets its key fields from its path
    (``/editableSchemaFieldInfo/user_id/globalTags/…`` makes the field ``user_id``'s info)."""
    if len(path) == len(keys):
        if not isinstance(tree, dict):
            return []
        item = dict(tree)
        for key, value in zip(keys, path):
            if NESTED not in key and value and key not in item:
                item[key] = value
        return [item]
    if not isinstance(tree, dict):
        return []
    return [leaf for k, child in tree.items() for leaf in _leaves(child, keys, (*path, k))]


def _from_keyed(obj: Any, spec: dict[str, Any]) -> Any:
    if not isinstance(obj, dict):
        return obj
    out = dict(obj)
    for name, sub in spec.items():
        if name not in out:
            continue
        if isinstance(sub, Keyed) and not sub.keys:
            items = out[name]
            out[name] = list(items.values()) if isinstance(items, dict) else items
        elif isinstance(sub, Keyed):
            out[name] = [_from_keyed(item, sub.inner) for item in _leaves(out[name], sub.keys)]
        else:
            out[name] = _from_keyed(out[name], sub)
    return out


def _fine_to_keyed(lineages: list[dict]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for fine in lineages or []:
        operation = fine.get("transformOperation") or "NONE"
        query = fine.get("query") or "NONE"
        for downstream in fine.get("downstreams") or []:
            node = tree.setdefault(operation, {}).setdefault(downstream, {}).setdefault(query, {})
            for upstream in fine.get("upstreams") or []:
                node[upstream] = {"confidenceScore": fine.get("confidenceScore", 1.0)}
    return tree


def _fine_from_keyed(tree: dict[str, Any]) -> list[dict]:
    lineages = []
    for operation, downstreams in (tree or {}).items():
        for downstream, queries in (downstreams or {}).items():
            for query, upstreams in (queries or {}).items():
                if not upstreams:
                    continue
                fine = {
                    "upstreamType": "FIELD_SET",
                    "downstreamType": "FIELD",
                    "upstreams": list(upstreams),
                    "downstreams": [downstream],
                    "confidenceScore": min(
                        (u.get("confidenceScore", 1.0) for u in upstreams.values()), default=1.0
                    ),
                }
                if operation != "NONE":
                    fine["transformOperation"] = operation
                if query != "NONE":
                    fine["query"] = query
                lineages.append(fine)
    return lineages


def _path(pointer: Any) -> list[str]:
    if not isinstance(pointer, str) or not pointer.startswith("/"):
        raise PatchError(f"A patch path must be a JSON Pointer starting with '/', not {pointer!r}.")
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")]


def _apply_one(document: dict, operation: dict) -> None:
    if not isinstance(operation, dict):
        raise PatchError(f"A patch operation must be an object, not {operation!r}.")
    op, parts = operation.get("op"), _path(operation.get("path"))
    node: Any = document
    for part in parts[:-1]:
        if not isinstance(node, dict):
            raise PatchError(f"Path {operation['path']!r} goes through a value, not an object.")
        if part not in node or not isinstance(node[part], dict):
            if op == "remove":
                return  # nothing there to remove
            node[part] = {}
        node = node[part]
    if not isinstance(node, dict):
        raise PatchError(f"Path {operation['path']!r} goes through a value, not an object.")
    if op in ("add", "replace"):
        if "value" not in operation:
            raise PatchError(f"The {op!r} at {operation['path']!r} has no value.")
        node[parts[-1]] = operation["value"]
    elif op == "remove":
        node.pop(parts[-1], None)
    else:
        raise PatchError(f"Unsupported patch operation {op!r} (add, replace and remove are).")


def _keys_given(given: Any, aspect: str) -> dict[str, Any]:
    if not isinstance(given, dict):
        raise PatchError("arrayPrimaryKeys must map array fields to their key fields.")
    spec = dict(DEFAULT_KEYS.get(aspect, {}))
    for field, keys in given.items():
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys) or not keys:
            raise PatchError(f"arrayPrimaryKeys.{field} must be a list of field names.")
        old = spec.get(field)
        spec[field] = Keyed(tuple(keys), old.inner if isinstance(old, Keyed) else {})
    return spec


def aspect_patch(aspect: str, current: dict[str, Any], patch: Any) -> dict[str, Any]:
    """``current`` (the aspect in DataHub's plain shape, ``{}`` when absent) with ``patch``
    applied: a list of operations, or ``{"patch": [...], "arrayPrimaryKeys": {...}}``."""
    if isinstance(patch, dict) and "patch" in patch:
        spec, operations = _keys_given(patch.get("arrayPrimaryKeys") or {}, aspect), patch["patch"]
    else:
        spec, operations = DEFAULT_KEYS.get(aspect, {}), patch
    if not isinstance(operations, list):
        raise PatchError(f"A {aspect!r} patch must be a list of JSON Patch operations.")
    document = _to_keyed(current, spec)
    fine = aspect == "upstreamLineage"
    if fine:
        document[_FINE] = _fine_to_keyed(document.get(_FINE) or [])
    for operation in operations:
        _apply_one(document, operation)
    if fine:
        document[_FINE] = _fine_from_keyed(document[_FINE])
    return _from_keyed(document, spec)
