"""Containers (a database, a schema) as the crawlers and the bulk API write them, with DataHub's
URNs (``catalog.container_keys``) so that MDT's crawl and DataHub's of the same database name the
same container row."""

from dataclasses import dataclass
from typing import Iterable, Sequence

from catalog.container_keys import (
    CONTAINER_PREFIX,
    container_urn,
    database_key,
    schema_key,
)
from catalog.entity_services import container_upsert
from catalog.models import DataPlatform
from catalog.writer.items import UNSET
from catalog.writer.rules import text_fault
from core.errors import ApplicationError

__all__ = ["CONTAINER_PREFIX", "ContainerSpec", "container_urn", "database_key", "schema_key"]


@dataclass(frozen=True)
class ContainerSpec:
    """One container as a source describes it; ``parent`` is the parent's URN. A value left
    ``UNSET`` is not touched (the bulk API's rule for what a document leaves out); a description
    of ``None`` neither (an edit, or DataHub's, may be there)."""

    urn: str
    name: str
    sub_type: str = UNSET
    platform: str | None = UNSET
    parent: str | None = UNSET
    description: str | None = UNSET
    qualified_name: str = UNSET
    custom_properties: dict[str, str] = UNSET


def database_container(
    *, platform: str, database: str, origin: str, name: str = "", qualified_name: str = ""
) -> ContainerSpec:
    key = database_key(platform=platform, database=database, origin=origin)
    return ContainerSpec(
        urn=container_urn(key),
        name=name or database,
        sub_type="Database",
        platform=platform,
        qualified_name=qualified_name or database,
        # What DataHub's ``gen_containers`` keeps: the key's fields with the env.
        custom_properties={"platform": platform, "env": origin, "database": database},
    )


def schema_container(
    *, platform: str, database: str, schema: str, origin: str, parent: ContainerSpec
) -> ContainerSpec:
    key = schema_key(platform=platform, database=database, schema=schema, origin=origin)
    return ContainerSpec(
        urn=container_urn(key),
        name=schema,
        sub_type="Schema",
        platform=platform,
        parent=parent.urn,
        qualified_name=f"{parent.name}.{schema}",
        custom_properties={**parent.custom_properties, "schema": schema},
    )


def containers_check(specs: Sequence[ContainerSpec]) -> Sequence[ContainerSpec]:
    """What the database cannot store, a URN that is not a container's and a platform MDT does
    not know refuse the containers (a 400 naming the entry): none is made up."""
    known = set(DataPlatform.objects.values_list("name", flat=True))
    for index, spec in enumerate(specs):
        where = f"containers[{index}]"
        for key in ("urn", "name", "sub_type", "platform", "parent", "description"):
            value = getattr(spec, key)
            if isinstance(value, str) and text_fault(value):
                raise ApplicationError(
                    f"{where}.{key} {text_fault(value)}.", fields={f"{where}.{key}": ["text"]}
                )
        for key in ("urn", "parent"):
            value = getattr(spec, key)
            if value and (not value.startswith(CONTAINER_PREFIX) or value == CONTAINER_PREFIX):
                raise ApplicationError(
                    f"{where}.{key} must be a container URN ({CONTAINER_PREFIX}<id>).",
                    fields={f"{where}.{key}": ["invalid"]},
                )
        if spec.platform and spec.platform not in known:
            raise ApplicationError(
                f"{where}.platform: unknown platform {spec.platform!r}.",
                fields={f"{where}.platform": [f"unknown platform {spec.platform!r}"]},
            )
    return specs


def containers_write(specs: Iterable[ContainerSpec], *, actor: str) -> int:
    """Upsert the containers, each parent before its children (a parent named but not in
    ``specs`` is created with its id as name); the caller's transaction holds them with the
    datasets they contain. Returns how many were written."""
    pending = {spec.urn: spec for spec in specs}
    written: set[str] = set()

    def write(spec: ContainerSpec) -> None:
        if spec.urn in written:
            return
        written.add(spec.urn)
        if spec.parent in pending:
            write(pending[spec.parent])
        container_upsert(
            urn=spec.urn,
            actor=actor,
            name=spec.name,
            sub_type=spec.sub_type,
            platform=spec.platform,
            parent=spec.parent,
            description=UNSET if spec.description is None else spec.description,
            qualified_name=spec.qualified_name,
            custom_properties=spec.custom_properties,
        )

    for spec in pending.values():
        write(spec)
    return len(written)
