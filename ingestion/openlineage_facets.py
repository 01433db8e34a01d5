"""The small readers of OpenLineage facets that the dataset and the job mappings share: a
facet that is not the shape the spec gives is a 400 naming its path, never a 500."""

from typing import Any, Mapping

from catalog.models import OwnershipType
from catalog.services import OwnerSpec
from catalog.urns import parse_owner_urn
from core.errors import ApplicationError


def facet_of(facets: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any] | None:
    value = facets.get(key)
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ApplicationError(
            f"{where}.{key} must be an object.", fields={f"{where}.{key}": ["must be an object"]}
        )
    return value


def list_of(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ApplicationError(f"{where} must be a list.", fields={where: ["must be a list"]})
    return value


def text_of(value: Any, where: str, *, required: bool = False) -> str:
    if value is None or value == "":
        if required:
            raise ApplicationError(f"{where} is required.", fields={where: ["required"]})
        return ""
    if not isinstance(value, str):
        raise ApplicationError(f"{where} must be a string.", fields={where: ["must be a string"]})
    return value


_OWNER_PREFIXES = {
    "user": "urn:li:corpuser:",
    "team": "urn:li:corpGroup:",
    "group": "urn:li:corpGroup:",
}
_OWNER_TYPES = {"MAINTAINER": OwnershipType.TECHNICAL_OWNER, "OWNER": OwnershipType.TECHNICAL_OWNER}


def owner_specs(facet: Mapping[str, Any], where: str) -> tuple[list[OwnerSpec], list[str]]:
    """The ownership facet's owners (``user:jdoe``, ``team:data-eng``, a corpuser/corpGroup URN
    or a bare user name) and the messages for those that cannot be owners in MDT."""
    specs, problems = [], []
    for index, item in enumerate(list_of(facet.get("owners"), f"{where}.owners")):
        here = f"{where}.owners[{index}]"
        if not isinstance(item, Mapping):
            raise ApplicationError(f"{here} must be an object.", fields={here: ["not an object"]})
        name = text_of(item.get("name"), f"{here}.name", required=True)
        kind_prefix, sep, rest = name.partition(":")
        if sep and kind_prefix in _OWNER_PREFIXES:
            name = _OWNER_PREFIXES[kind_prefix] + rest
        elif sep and kind_prefix != "urn":
            problems.append(f"{here}: owner {name!r} is neither a user nor a team")
            continue
        kind = text_of(item.get("type"), f"{here}.type").upper()
        owner_type = _OWNER_TYPES.get(kind, kind if kind in OwnershipType.values else "")
        try:
            parse_owner_urn(name)
        except ApplicationError as exc:
            problems.append(f"{here}: {exc.message}")
            continue
        specs.append(OwnerSpec(owner=name, type=owner_type or OwnershipType.TECHNICAL_OWNER))
    return specs, problems
