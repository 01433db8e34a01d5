"""dbt ``manifest.json`` (what ``dbt compile``/``dbt run`` write to target/): models, seeds,
snapshots and sources become datasets on the ``dbt`` platform, named ``database.schema.alias``
as DataHub's dbt source names them; descriptions, columns, tags and ``meta.owner`` come along,
and ``depends_on.nodes`` becomes lineage. Plain JSON: no dbt install needed, runs on Lambda."""

import json
from pathlib import Path
from typing import Any, Iterable

from catalog.writer.items import IngestItem
from catalog.models import LineageType
from catalog.services import FieldSpec, OwnerSpec, UpstreamSpec
from catalog.urns import DatasetUrn
from ingestion.recipes import RecipeError
from ingestion.sources.base import Crawler
from ingestion.sources.types import sql_type_normalize

RESOURCE_TYPES = {"model", "seed", "snapshot", "source"}


class DbtCrawler(Crawler):
    """config: ``manifest_path``, ``platform`` (``dbt``), ``node_types`` (all four)."""

    platform = "dbt"

    def __init__(self, config: dict[str, Any], *, origin: str = "PROD") -> None:
        super().__init__(config, origin=origin)
        self.platform = str(config.get("platform") or "dbt")
        self._nodes: dict[str, dict[str, Any]] | None = None

    @property
    def nodes(self) -> dict[str, dict[str, Any]]:
        if self._nodes is None:
            path = Path(str(self.require("manifest_path")))
            try:
                manifest = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise RecipeError(f"Cannot read dbt manifest {path}: {exc}") from exc
            wanted = set(self.config.get("node_types") or RESOURCE_TYPES)
            self._nodes = {
                unique_id: node
                for section in ("nodes", "sources")
                for unique_id, node in (manifest.get(section) or {}).items()
                if node.get("resource_type") in wanted
            }
        return self._nodes

    def units(self) -> list[str]:
        return sorted(self.nodes)

    def urn(self, node: dict[str, Any]) -> str:
        relation = node.get("alias") or node.get("identifier") or node["name"]
        name = ".".join(str(p) for p in (node.get("database"), node.get("schema"), relation) if p)
        return str(DatasetUrn.build(platform=self.platform, name=name.lower(), origin=self.origin))

    def read(self, unit: str) -> Iterable[IngestItem]:
        node = self.nodes[unit]
        columns = sorted((node.get("columns") or {}).values(), key=lambda c: (c.get("index") or 0))
        fields = [
            FieldSpec(
                field_path=column["name"],
                type=sql_type_normalize(column.get("data_type") or ""),
                native_type=(column.get("data_type") or "")[:500],
                description=column.get("description") or "",
                tags=tuple(column.get("tags") or ()),
                ordinal=index,
            )
            for index, column in enumerate(columns)
        ]
        upstreams = [
            UpstreamSpec(urn=self.urn(self.nodes[dep]), type=LineageType.TRANSFORMED, actor=unit)
            for dep in sorted(set((node.get("depends_on") or {}).get("nodes") or ()))
            if dep in self.nodes and dep != unit
        ]
        owner = (node.get("meta") or {}).get("owner") or (node.get("config") or {}).get(
            "meta", {}
        ).get("owner")
        properties = {
            "dbt_unique_id": unit,
            "resource_type": node.get("resource_type", ""),
            "materialization": (node.get("config") or {}).get("materialized", ""),
            "package": node.get("package_name", ""),
            "path": node.get("original_file_path", ""),
        }
        yield IngestItem(
            urn=self.urn(node),
            description=node.get("description") or "",
            qualified_name=node.get("relation_name") or "",
            custom_properties={key: value for key, value in properties.items() if value},
            schema=fields,
            tags=sorted(set(node.get("tags") or ())),
            owners=[OwnerSpec(owner=str(owner))] if owner else [],
            upstreams=upstreams,
        )
