"""Container URNs as DataHub makes them, so a container MDT writes (a crawler's, the demo's)
and the one DataHub's source writes for the same database are one row.

DataHub's SQL sources name a container ``urn:li:container:`` + the MD5 of its key's JSON, sorted
keys and no spaces (``datahub_guid`` over ``ContainerKey.guid_dict()``): ``{"database": …,
"instance": …, "platform": …}`` for a database, plus ``"schema"`` for a schema. ``env`` is not
in the key, but with no platform instance their SQL sources put the env in ``instance``
(``backcompat_env_as_instance``), so MDT, which has no platform instances, puts the origin there.
"""

import hashlib
import json

CONTAINER_PREFIX = "urn:li:container:"


def datahub_guid(key: dict[str, str]) -> str:
    """DataHub's ``datahub_guid``: MD5 of the key as compact JSON with sorted keys."""
    text = json.dumps(key, separators=(",", ":"), sort_keys=True)
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def database_key(*, platform: str, database: str, origin: str) -> dict[str, str]:
    return {"platform": platform, "instance": origin, "database": database}


def schema_key(*, platform: str, database: str, schema: str, origin: str) -> dict[str, str]:
    return {**database_key(platform=platform, database=database, origin=origin), "schema": schema}


def container_urn(key: dict[str, str]) -> str:
    return CONTAINER_PREFIX + datahub_guid(key)
