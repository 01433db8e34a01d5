"""DataHub metadata (MCE snapshots and MCPs, as files or through the GMS REST subset) → MDT.

Each dataset's aspects become one ``IngestItem`` and go through ``ingest_batch``, so DataHub
input follows every rule of MDT ingestion (ingested side only, history, search). Choices:

* ``institutionalMemory`` links are kept as ingested custom properties ``link:<description>``
  (never in ``docs``, which people write); a later ``datasetProperties`` keeps them and a later
  ``institutionalMemory`` replaces them.
* DataHub's "editable" aspects (``editableDatasetProperties``, ``editableSchemaMetadata``) are
  edits made in DataHub's UI. They fill MDT's editable side only where it is still empty, so
  an edit made in MDT always wins.
* ``browsePathsV2`` (and the legacy ``browsePaths``) become the browse path under the platform.
* Other aspects (subTypes, container, dataPlatformInstance, domains, …) and other entity types
  (corpuser, dataJob, …) are skipped and counted, never fatal.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from catalog import services
from catalog.writer.ingest import ingest_batch
from catalog.writer.items import BatchResult, IngestItem
from catalog.models import Dataset, GlossaryTerm, OwnershipType
from catalog.services import UNSET, FieldSpec, OwnerSpec, UpstreamSpec
from core.errors import ApplicationError
from core.parsers import json_loads

LINK_PREFIX = "link:"
_TYPES = {
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
_OWNER_TYPES = {"DATAOWNER": "TECHNICAL_OWNER", "CUSTOM": "NONE"}
_SCHEMA_FIELD_RE = re.compile(
    r"^urn:li:schemaField:\((?P<dataset>urn:li:dataset:\(.*\)),(?P<path>.*)\)$"
)
ASPECTS = {
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
}


@dataclass
class DataHubResult:
    batch: BatchResult = field(default_factory=BatchResult)
    aspects: int = 0
    skipped_aspects: Counter = field(default_factory=Counter)
    skipped_entities: Counter = field(default_factory=Counter)
    editable_applied: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.batch.as_dict(),
            "aspects": self.aspects,
            "skipped_aspects": dict(self.skipped_aspects),
            "skipped_entities": dict(self.skipped_entities),
            "editable_applied": self.editable_applied,
        }


def _short(key: str) -> str:
    """``com.linkedin.pegasus2avro.common.Ownership`` → ``Ownership``."""
    return key.rsplit(".", 1)[-1]


def _aspect_name(record_name: str) -> str:
    """``DatasetProperties`` → ``datasetProperties`` (DataHub's aspect names)."""
    return record_name[:1].lower() + record_name[1:]


def _name(urn: str, prefix: str) -> str:
    return urn[len(prefix) :] if urn.startswith(prefix) else urn


def _tags(aspect: dict | None) -> tuple[str, ...]:
    return tuple(_name(t["tag"], "urn:li:tag:") for t in (aspect or {}).get("tags", []))


def _terms(aspect: dict | None) -> tuple[str, ...]:
    terms = (aspect or {}).get("terms", [])
    return tuple(_name(t["urn"], "urn:li:glossaryTerm:") for t in terms)


def _field_type(value: dict) -> str:
    union = (value or {}).get("type") or {}
    for key in union:
        return _TYPES.get(_short(key), "null")
    return "null"


class MalformedRecord(ApplicationError):
    """A record or aspect not in DataHub's shape: the request's 400."""

    code = "parse_error"


class _Dataset:
    """The aspects seen so far for one dataset URN."""

    def __init__(self, urn: str) -> None:
        self.item = IngestItem(urn=urn)
        self.links: list[tuple[str, str]] | None = None
        self.properties: dict[str, str] | None = None
        self.editable_docs: str | None = None
        self.editable_fields: list[dict] = []

    def apply(self, name: str, aspect: Any) -> bool:
        handler = getattr(self, f"_{name}", None) if name in ASPECTS else None
        if handler is None:
            return False
        # The handlers read DataHub's shapes as DataHub writes them. A document of another
        # shape (a list where an object goes, a number for a name) fails in them with one of
        # these; it is the sender's mistake, answered with a 400 naming the aspect, never a
        # 500 (the datahub-rest sink retries a 5xx, resending the same bad batch).
        try:
            if not isinstance(aspect, dict):
                raise TypeError(f"an object was expected, not {type(aspect).__name__}")
            handler(aspect)
        except (TypeError, AttributeError, KeyError, ValueError) as exc:
            raise MalformedRecord(
                f"The {name!r} aspect of {self.item.urn!r} does not have DataHub's shape "
                f"({type(exc).__name__}: {exc}).",
                fields={name: [str(exc)]},
            ) from exc
        return True

    def _datasetProperties(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        self.item.description = aspect.get("description") or ""
        self.item.qualified_name = (aspect.get("qualifiedName") or "")[:500]
        self.properties = {str(k): str(v) for k, v in aspect.get("customProperties", {}).items()}
        if aspect.get("externalUrl"):
            self.properties["externalUrl"] = aspect["externalUrl"]

    def _schemaMetadata(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        keys = set(aspect.get("primaryKeys") or [])
        self.item.schema = [
            FieldSpec(
                field_path=f["fieldPath"],
                type=_field_type(f.get("type")),
                native_type=(f.get("nativeDataType") or "")[:500],
                nullable=bool(f.get("nullable", False)),
                is_key=bool(f.get("isPartOfKey")) or f["fieldPath"] in keys,
                is_partition=bool(f.get("isPartitioningKey")),
                description=f.get("description") or "",
                tags=_tags(f.get("globalTags")),
                glossary_terms=_terms(f.get("glossaryTerms")),
            )
            for f in aspect.get("fields", [])
        ]

    def _ownership(self, aspect: dict) -> None:
        owners = []
        for owner in aspect.get("owners", []):
            kind = _OWNER_TYPES.get(owner.get("type", ""), owner.get("type", "NONE"))
            if kind not in OwnershipType.values:
                kind = OwnershipType.NONE
            owners.append(OwnerSpec(owner=owner["owner"], type=kind))
        self.item.owners = owners

    def _upstreamLineage(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        mappings: dict[str, list[dict]] = {}
        for fine in aspect.get("fineGrainedLineages") or []:
            downstreams = [
                m.group("path")
                for m in map(_SCHEMA_FIELD_RE.match, fine.get("downstreams") or [])
                if m
            ]
            by_dataset: dict[str, list[str]] = {}
            for up in fine.get("upstreams") or []:
                match = _SCHEMA_FIELD_RE.match(up)
                if match:
                    by_dataset.setdefault(match.group("dataset"), []).append(match.group("path"))
            for dataset_urn, paths in by_dataset.items():
                mapping = {
                    "upstreams": paths,
                    "downstreams": downstreams,
                    "transformation": fine.get("transformOperation") or "",
                }
                mappings.setdefault(dataset_urn, []).append(mapping)
        self.item.upstreams = [
            UpstreamSpec(
                urn=up["dataset"],
                type=(
                    up.get("type")
                    if up.get("type") in ("TRANSFORMED", "COPY", "VIEW")
                    else "TRANSFORMED"
                ),
                actor=((up.get("auditStamp") or {}).get("actor") or "")[:300],
                column_mappings=tuple(mappings.get(up["dataset"], ())),
            )
            for up in aspect.get("upstreams", [])
        ]

    def _globalTags(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        self.item.tags = list(_tags(aspect))

    def _glossaryTerms(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        self.item.glossary_terms = list(_terms(aspect))

    def _status(self, aspect: dict) -> None:
        self.item.removed = bool(aspect.get("removed"))

    def _browsePathsV2(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        platform = self.item.urn.split("urn:li:dataPlatform:", 1)[-1].split(",", 1)[0]
        parts = [str(p.get("id", "")).replace("/", "-").strip() for p in aspect.get("path", [])]
        self.item.browse_path = "/" + "/".join([platform, *[p for p in parts if p]])

    def _browsePaths(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        paths = aspect.get("paths") or []
        if paths and self.item.browse_path is UNSET:  # browsePathsV2 wins when both come
            parent = paths[0].rstrip("/").rsplit("/", 1)[0]
            self.item.browse_path = parent if parent.startswith("/") and parent != "" else UNSET

    def _institutionalMemory(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        self.links = [
            (e.get("description") or e["url"], e["url"]) for e in aspect.get("elements", [])
        ]

    def _editableDatasetProperties(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        self.editable_docs = aspect.get("description") or None

    def _editableSchemaMetadata(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        self.editable_fields = aspect.get("editableSchemaFieldInfo") or []

    def finish(self, current: dict[str, str] | None) -> IngestItem:
        """Custom properties merge the source's properties and links with what is stored, so
        that one aspect sent alone (as the REST sink does) does not drop the other's."""
        if self.properties is not None or self.links is not None:
            stored = current or {}
            properties = (
                self.properties
                if self.properties is not None
                else {k: v for k, v in stored.items() if not k.startswith(LINK_PREFIX)}
            )
            links = (
                {f"{LINK_PREFIX}{label}": url for label, url in self.links}
                if self.links is not None
                else {k: v for k, v in stored.items() if k.startswith(LINK_PREFIX)}
            )
            self.item.custom_properties = {**properties, **links}
        return self.item


def _mce_aspects(snapshot: dict) -> Iterable[tuple[str, dict]]:
    for entry in snapshot.get("aspects", []):
        for key, value in entry.items():
            yield _aspect_name(_short(key)), value


def _mcp_aspect(record: dict) -> dict | None:
    aspect = record.get("aspect")
    if aspect is None:
        return None
    if not isinstance(aspect, dict):
        raise MalformedRecord(
            f"The aspect of {record.get('entityUrn')!r} must be an object with a 'value' or "
            f"'json', not {type(aspect).__name__}.",
            fields={"aspect": ["not an object"]},
        )
    if "json" in aspect:
        return aspect["json"]
    if "value" in aspect:
        value = aspect["value"]
        if not isinstance(value, str):
            return value
        try:  # JSON text inside the JSON body: the request's parser never saw inside it
            return json_loads(value)
        except ValueError as exc:
            raise ApplicationError(
                f"The {record.get('aspectName')!r} aspect of {record.get('entityUrn')!r} is not "
                f"JSON: {exc}",
                code="parse_error",
            ) from exc
    return aspect


def records_ingest(records: Iterable[dict], *, actor: str) -> DataHubResult:
    """Map MCEs and MCPs (file records, or GMS request bodies reduced to them) and ingest."""
    result = DataHubResult()
    datasets: dict[str, _Dataset] = {}

    def collect(entity_type: str, urn: str, aspects: Iterable[tuple[str, dict]]) -> None:
        if entity_type != "dataset":
            result.skipped_entities[entity_type] += 1
            return
        target = datasets.get(urn) or _Dataset(urn)
        for name, aspect in aspects:
            if target.apply(name, aspect or {}):
                result.aspects += 1
                datasets[urn] = target  # a dataset only some skipped aspect named is not made
            else:
                result.skipped_aspects[name] += 1

    for record in records:
        snapshot = record.get("proposedSnapshot")
        if snapshot is not None and not isinstance(snapshot, dict):
            raise MalformedRecord(
                f"A proposedSnapshot must be an object, not {type(snapshot).__name__}.",
                fields={"proposedSnapshot": ["not an object"]},
            )
        if isinstance(snapshot, dict):
            for key, value in snapshot.items():
                if not isinstance(value, dict) or not isinstance(value.get("aspects", []), list):
                    raise MalformedRecord(
                        f"The {key!r} snapshot must be an object with a list of aspects.",
                        fields={"proposedSnapshot": [f"{key}: not a snapshot"]},
                    )
                kind = _short(key).removesuffix("Snapshot")
                collect(_aspect_name(kind), value.get("urn", ""), _mce_aspects(value))
            continue
        if "entityUrn" in record or "entityType" in record:
            if record.get("changeType", "UPSERT") not in ("UPSERT", "CREATE", "UPDATE"):
                result.skipped_aspects[f"{record.get('aspectName')}:{record['changeType']}"] += 1
                continue
            aspect = _mcp_aspect(record)
            collect(
                record.get("entityType", ""),
                record.get("entityUrn", ""),
                [(record.get("aspectName", ""), aspect)] if aspect is not None else [],
            )
            continue
        result.skipped_entities["unknown record"] += 1

    stored = dict(
        Dataset.objects.filter(urn__in=list(datasets)).values_list("urn", "custom_properties")
    )
    items = [entry.finish(stored.get(urn)) for urn, entry in datasets.items()]
    result.batch = ingest_batch(items, actor=actor)
    failed = {error.urn for error in result.batch.errors}
    for urn, entry in datasets.items():
        if urn not in failed:
            result.editable_applied += _editable_apply(urn, entry, actor)
    return result


def _editable_apply(urn: str, entry: _Dataset, actor: str) -> int:
    """DataHub UI edits fill MDT's editable side where it is empty; MDT edits always win."""
    if entry.editable_docs is None and not entry.editable_fields:
        return 0
    dataset = Dataset.objects.filter(urn=urn).first()
    if dataset is None:
        return 0
    applied = 0
    if entry.editable_docs and not dataset.docs:
        services.dataset_update(urn=urn, actor=actor, docs=entry.editable_docs)
        applied += 1
    fields = {f.field_path: f for f in dataset.fields.all()}
    known_terms = set(GlossaryTerm.objects.values_list("name", flat=True))
    edits = []
    for info in entry.editable_fields:
        current = fields.get(info.get("fieldPath"))
        if current is None:
            continue
        edit: dict[str, Any] = {}
        if info.get("description") and not current.editable_description:
            edit["description"] = info["description"]
        if _tags(info.get("globalTags")) and not current.editable_tags:
            edit["tags"] = list(_tags(info.get("globalTags")))
        terms = [t for t in _terms(info.get("glossaryTerms")) if t in known_terms]
        if terms and not current.editable_glossary_terms:
            edit["glossary_terms"] = terms
        if edit:
            edits.append(services.FieldEdit(current.field_path, **edit))
    if edits:
        try:
            services.dataset_schema_edit(urn=urn, edits=edits, actor=actor)
            applied += len(edits)
        except ApplicationError:
            pass  # an invalid DataHub UI edit is not worth failing the ingestion for
    return applied
