"""What MDT stores about a dataset, in DataHub's aspect shapes (the plain encoding GMS answers).

DataHub's tools read an aspect before they change it: ``datahub get``, the graph client's
``get_aspect``, csv-enricher's PATCH mode (read, merge, write back). Each aspect here is the side
DataHub input writes, so that a read-merge-write never copies MDT's own edits into it:

* ``ownership``, ``globalTags``, ``glossaryTerms``, ``upstreamLineage``: the ingested side only
  (what sources said); owners, tags, terms and edges added in MDT stay MDT's.
* ``editableDatasetProperties`` and ``editableSchemaMetadata``: MDT's edited side (docs, a
  field's edited description, tags and terms), as DataHub's UI edits are.
* ``datasetProperties``, ``schemaMetadata``, ``status``, ``browsePathsV2``,
  ``institutionalMemory``, ``domains``, ``container``, ``datasetKey``: the dataset's own
  values.
"""

from typing import Any, Callable

from catalog.models import CUSTOM_OWNERSHIP_TYPE, Dataset, LineageEdge, Source
from ingestion.datahub.shapes import LINK_PREFIX, TYPE_CLASSES

SCHEMA_FIELD = "urn:li:schemaField:({dataset},{path})"


def _stamp(dataset: Dataset, *, created: bool = False) -> dict[str, Any]:
    when = dataset.created_at if created else dataset.modified_at
    actor = dataset.created_by if created else dataset.modified_by
    return {"time": int(when.timestamp() * 1000), "actor": actor or "urn:li:corpuser:unknown"}


def _tag_list(names: list[str]) -> dict[str, Any]:
    return {"tags": [{"tag": f"urn:li:tag:{name}"} for name in names]}


def _term_list(names: list[str], stamp: dict[str, Any]) -> dict[str, Any]:
    return {"terms": [{"urn": f"urn:li:glossaryTerm:{n}"} for n in names], "auditStamp": stamp}


def _labels(description: str, tags: list[str], terms: list[str], stamp: dict) -> dict[str, Any]:
    """A field's description, tags and terms as DataHub writes them, each only when set (one
    side of the field: the ingested in schemaMetadata, the edited in editableSchemaMetadata)."""
    labels: dict[str, Any] = {}
    if description:
        labels["description"] = description
    if tags:
        labels["globalTags"] = _tag_list(tags)
    if terms:
        labels["glossaryTerms"] = _term_list(terms, stamp)
    return labels


def _key(dataset: Dataset) -> dict[str, Any]:
    return {
        "platform": f"urn:li:dataPlatform:{dataset.platform.name}",
        "name": dataset.name,
        "origin": dataset.origin,
    }


def _properties(dataset: Dataset) -> dict[str, Any]:
    props = {
        str(k): str(v)
        for k, v in (dataset.custom_properties or {}).items()
        if not str(k).startswith(LINK_PREFIX)
    }
    aspect: dict[str, Any] = {"customProperties": props, "tags": []}
    if "externalUrl" in props:
        aspect["externalUrl"] = props.pop("externalUrl")
    if dataset.description:
        aspect["description"] = dataset.description
    if dataset.qualified_name:
        aspect["qualifiedName"] = dataset.qualified_name
    if dataset.display_name:
        aspect["name"] = dataset.display_name
    return aspect


def _schema(dataset: Dataset) -> dict[str, Any]:
    fields = []
    for f in dataset.fields.all():
        entry: dict[str, Any] = {
            "fieldPath": f.field_path,
            "nullable": f.nullable,
            "type": {"type": {TYPE_CLASSES.get(f.type, "com.linkedin.schema.NullType"): {}}},
            "nativeDataType": f.native_type,
            "recursive": False,
            "isPartOfKey": f.is_key,
        }
        if f.is_partition:
            entry["isPartitioningKey"] = True
        entry.update(_labels(f.description, f.tags, f.glossary_terms, _stamp(dataset)))
        fields.append(entry)
    return {
        "schemaName": dataset.name,
        "platform": f"urn:li:dataPlatform:{dataset.platform.name}",
        "version": 0,
        "created": _stamp(dataset, created=True),
        "lastModified": _stamp(dataset),
        "hash": "",
        "platformSchema": {"com.linkedin.schema.OtherSchema": {"rawSchema": ""}},
        "fields": fields,
        "primaryKeys": [f["fieldPath"] for f in fields if f["isPartOfKey"]],
    }


def _owner(urn: str, kind: str) -> dict[str, str]:
    if kind.startswith(CUSTOM_OWNERSHIP_TYPE):
        return {"owner": urn, "type": "CUSTOM", "typeUrn": kind}
    return {"owner": urn, "type": kind}


def _ownership(dataset: Dataset) -> dict[str, Any]:
    rows = [o for o in dataset.ownerships.all() if o.source == Source.INGESTED]
    return {
        "owners": [_owner(o.owner_urn, o.type) for o in rows],
        "lastModified": _stamp(dataset),
    }


def _tags(dataset: Dataset) -> dict[str, Any]:
    links = dataset.tag_links.all()
    return _tag_list([link.tag.name for link in links if link.source == Source.INGESTED])


def _terms(dataset: Dataset) -> dict[str, Any]:
    links = dataset.term_links.all()
    names = [link.term.name for link in links if link.source == Source.INGESTED]
    return _term_list(names, _stamp(dataset))


def _fine_grained(dataset: Dataset, edge: LineageEdge) -> list[dict[str, Any]]:
    return [
        {
            "upstreamType": "FIELD_SET",
            "downstreamType": "FIELD_SET" if len(m["downstreams"]) != 1 else "FIELD",
            "upstreams": [
                SCHEMA_FIELD.format(dataset=edge.upstream.urn, path=p) for p in m["upstreams"]
            ],
            "downstreams": [
                SCHEMA_FIELD.format(dataset=dataset.urn, path=p) for p in m["downstreams"]
            ],
            **({"transformOperation": m["transformation"]} if m.get("transformation") else {}),
            "confidenceScore": 1.0,
        }
        for m in edge.column_mappings or []
    ]


def _lineage(dataset: Dataset) -> dict[str, Any]:
    edges = [e for e in dataset.upstream_edges.all() if e.source == Source.INGESTED]
    return {
        "upstreams": [
            {
                "auditStamp": {
                    "time": int(e.created_at.timestamp() * 1000),
                    "actor": e.actor or "urn:li:corpuser:unknown",
                },
                "dataset": e.upstream.urn,
                "type": e.type,
            }
            for e in edges
        ],
        "fineGrainedLineages": [fine for e in edges for fine in _fine_grained(dataset, e)],
    }


def _status(dataset: Dataset) -> dict[str, Any]:
    return {"removed": dataset.status == "removed"}


def _browse(dataset: Dataset) -> dict[str, Any]:
    parts = [p for p in dataset.browse_path.split("/") if p]
    if parts and parts[0] == dataset.platform.name:
        parts = parts[1:]
    return {"path": [{"id": part} for part in parts]}


def _memory(dataset: Dataset) -> dict[str, Any]:
    stamp = _stamp(dataset)
    return {
        "elements": [
            {"url": str(url), "description": str(key)[len(LINK_PREFIX) :], "createStamp": stamp}
            for key, url in (dataset.custom_properties or {}).items()
            if str(key).startswith(LINK_PREFIX)
        ]
    }


def _editable_properties(dataset: Dataset) -> dict[str, Any]:
    aspect: dict[str, Any] = {"created": _stamp(dataset, created=True)}
    if dataset.docs:
        aspect["description"] = dataset.docs
    return aspect


def _editable_schema(dataset: Dataset) -> dict[str, Any]:
    infos = []
    for f in dataset.fields.all():
        if not (f.editable_description or f.editable_tags or f.editable_glossary_terms):
            continue
        labels = _labels(
            f.editable_description, f.editable_tags, f.editable_glossary_terms, _stamp(dataset)
        )
        infos.append({"fieldPath": f.field_path, **labels})
    return {
        "created": _stamp(dataset, created=True),
        "lastModified": _stamp(dataset),
        "editableSchemaFieldInfo": infos,
    }


def _domains(dataset: Dataset) -> dict[str, Any]:
    return {"domains": [f"urn:li:domain:{dataset.domain.name}"] if dataset.domain_id else []}


def _container(dataset: Dataset) -> dict[str, Any] | None:
    return {"container": dataset.container.urn} if dataset.container_id else None


READERS: dict[str, Callable[[Dataset], dict[str, Any] | None]] = {
    "datasetKey": _key,
    "datasetProperties": _properties,
    "schemaMetadata": _schema,
    "ownership": _ownership,
    "globalTags": _tags,
    "glossaryTerms": _terms,
    "upstreamLineage": _lineage,
    "status": _status,
    "browsePathsV2": _browse,
    "institutionalMemory": _memory,
    "editableDatasetProperties": _editable_properties,
    "editableSchemaMetadata": _editable_schema,
    "domains": _domains,
    "container": _container,
}
# The full names GMS's /aspects endpoint keys its answer by.
CLASS_NAMES = {
    "datasetKey": "com.linkedin.metadata.key.DatasetKey",
    "datasetProperties": "com.linkedin.dataset.DatasetProperties",
    "schemaMetadata": "com.linkedin.schema.SchemaMetadata",
    "ownership": "com.linkedin.common.Ownership",
    "globalTags": "com.linkedin.common.GlobalTags",
    "glossaryTerms": "com.linkedin.common.GlossaryTerms",
    "upstreamLineage": "com.linkedin.dataset.UpstreamLineage",
    "status": "com.linkedin.common.Status",
    "browsePathsV2": "com.linkedin.common.BrowsePathsV2",
    "institutionalMemory": "com.linkedin.common.InstitutionalMemory",
    "editableDatasetProperties": "com.linkedin.dataset.EditableDatasetProperties",
    "editableSchemaMetadata": "com.linkedin.schema.EditableSchemaMetadata",
    "domains": "com.linkedin.domain.Domains",
    "container": "com.linkedin.container.Container",
}


def aspect_read(dataset: Dataset, name: str) -> dict[str, Any] | None:
    """Aspect ``name`` of ``dataset`` in DataHub's plain shape; None for an aspect MDT does not
    store. ``dataset`` should come with its aspects prefetched (``selectors.dataset_get``)."""
    reader = READERS.get(name)
    return reader(dataset) if reader else None


def aspects_read(dataset: Dataset, names: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """The aspects ``names`` (all by default) the dataset has (no container: no aspect)."""
    found = {
        name: reader(dataset) for name, reader in READERS.items() if names is None or name in names
    }
    return {name: value for name, value in found.items() if value is not None}
