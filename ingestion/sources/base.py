"""The interface every crawler implements: a crawler reads one kind of source (the recipe's
``source.type``). Named so, not ``Source``, because ``catalog.models.Source`` says whether an
aspect was ingested or edited.

A crawler splits its work into *units* (a table, a file, a dbt node) with stable, sortable
keys. The runner reads unit after unit and records the last finished key as the run's cursor,
so a run cut short by its deadline continues after that key on the next invocation.
"""

from abc import ABC, abstractmethod
from typing import Any, Iterable

from catalog.writer.items import IngestItem
from ingestion.containers import ContainerSpec
from ingestion.recipes import RecipeError


class Crawler(ABC):
    platform: str = ""

    def __init__(self, config: dict[str, Any], *, origin: str = "PROD") -> None:
        self.config = config
        self.origin = origin
        self._containers: dict[str, ContainerSpec] = {}
        self._containers_taken: set[str] = set()

    def container_add(self, spec: ContainerSpec) -> ContainerSpec:
        """Register a container that the items read name (``IngestItem.container``)."""
        self._containers.setdefault(spec.urn, spec)
        return spec

    def containers_take(self) -> list[ContainerSpec]:
        """The containers registered since the last call: the runner writes them with (before)
        the batch of datasets that first names them."""
        fresh = [
            spec for urn, spec in self._containers.items() if urn not in self._containers_taken
        ]
        self._containers_taken.update(spec.urn for spec in fresh)
        return fresh

    def require(self, key: str) -> Any:
        value = self.config.get(key)
        if value in (None, ""):
            raise RecipeError(
                f"source.config.{key} is required for this source.", fields={key: ["required"]}
            )
        return value

    @abstractmethod
    def units(self) -> list[str]:
        """The keys of the work units, sorted."""

    @abstractmethod
    def read(self, unit: str) -> Iterable[IngestItem]:
        """The datasets of one unit."""

    def close(self) -> None:
        """Release connections; called once the run stops, however it stops."""
