"""DataHub's dataset aspects → MDT's ``IngestItem``.

Each dataset's aspects become one ``IngestItem`` and go through ``ingest_batch``, so DataHub
input follows every rule of MDT ingestion (ingested side only, history, search). Choices:

* ``institutionalMemory`` links are kept as ingested custom properties ``link:<description>``
  (never in ``docs``, which people write); a later ``datasetProperties`` keeps them and a later
  ``institutionalMemory`` replaces them.
* DataHub's "editable" aspects (``editableDatasetProperties``, ``editableSchemaMetadata``) are
  edits made in DataHub's UI. They fill MDT's editable side only where it is still empty, so
  an edit made in MDT always wins; a PATCH of them is a deliberate change and applies as is.
* ``browsePathsV2`` (and the legacy ``browsePaths``) become the browse path under the platform.
* ``container`` is the dataset's container (``IngestItem.container``); ``domains`` its domain
  (the first; DataHub's domain id, often a GUID, is MDT's domain name).
* Other aspects (subTypes, dataPlatformInstance, …) are skipped and counted by type and aspect,
  never fatal; the entities around datasets are ``ingestion.datahub.around``'s.
* The values are checked for their JSON type (``_text``, ``_list``): a value of another type is
  the record's error, never a value handed to the database.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from catalog import services
from catalog.writer.items import BatchResult, IngestItem
from catalog.models import CUSTOM_OWNERSHIP_TYPE, OwnershipType, ownership_type_valid
from catalog.services import UNSET, FieldSpec, OwnerSpec, UpstreamSpec
from catalog.writer.rules import text_fault
from core.errors import ApplicationError
from ingestion.datahub.shapes import ASPECTS, LINK_PREFIX, TYPES

_SCHEMA_FIELD_RE = re.compile(
    r"^urn:li:schemaField:\((?P<dataset>urn:li:dataset:\(.*\)),(?P<path>.*)\)$"
)


@dataclass
class DataHubResult:  # pylint: disable=too-many-instance-attributes
    """What one file or GMS request did. ``skipped`` counts what MDT does not store, by entity
    type and aspect; ``record_errors`` are records refused whole (nothing of them is kept)."""

    batch: BatchResult = field(default_factory=BatchResult)
    records: int = 0
    aspects: int = 0
    patched: int = 0
    deleted: int = 0
    entities: int = 0  # tags, terms, people, groups, containers, pipelines… written
    skipped: Counter = field(default_factory=Counter)
    stored: Counter = field(default_factory=Counter)  # aspects stored, by entity type and aspect
    record_errors: list[dict[str, Any]] = field(default_factory=list)
    editable_applied: int = 0

    @property
    def failed(self) -> int:
        return len(self.record_errors) + len(self.batch.errors)

    def skipped_by_type(self) -> dict[str, dict[str, int]]:
        return by_type(self.skipped)

    def warnings(self) -> list[str]:
        return [
            f"{count} {entity_type} {aspect!r} aspect(s) not stored: MDT does not model them yet"
            for (entity_type, aspect), count in sorted(self.skipped.items())
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.batch.as_dict(),
            "records": self.records,
            "aspects": self.aspects,
            "patched": self.patched,
            "deleted": self.deleted,
            "entities": self.entities,
            "skipped": self.skipped_by_type(),
            "stored": by_type(self.stored),
            "warnings": self.warnings(),
            "record_errors": self.record_errors,
            "editable_applied": self.editable_applied,
        }


def by_type(counts: Counter) -> dict[str, dict[str, int]]:
    """``{(entity type, aspect): n}`` → ``{entity type: {aspect: n}}``."""
    found: dict[str, dict[str, int]] = {}
    for (entity_type, aspect), count in sorted(counts.items()):
        found.setdefault(entity_type, {})[aspect] = count
    return found


def _short(key: str) -> str:
    """``com.linkedin.pegasus2avro.common.Ownership`` → ``Ownership``."""
    return key.rsplit(".", 1)[-1]


def _aspect_name(record_name: str) -> str:
    """``DatasetProperties`` → ``datasetProperties`` (DataHub's aspect names)."""
    return record_name[:1].lower() + record_name[1:]


def _name(urn: str, prefix: str) -> str:
    return urn[len(prefix) :] if urn.startswith(prefix) else urn


def _text(value: Any, what: str) -> str:
    """A string of DataHub's record (None: empty). Anything else is the sender's mistake, one
    that used to reach the database as a dict (``{"string": …}`` from an encoding not read)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string, not {type(value).__name__}")
    return value


def _list(value: Any, what: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError(f"{what} must be a list, not {type(value).__name__}")
    return value


def _tags(aspect: dict | None) -> tuple[str, ...]:
    return tuple(
        _name(_text(t["tag"], "tag"), "urn:li:tag:")
        for t in _list((aspect or {}).get("tags"), "tags")
    )


def _terms(aspect: dict | None) -> tuple[str, ...]:
    return tuple(
        _name(_text(t["urn"], "term urn"), "urn:li:glossaryTerm:")
        for t in _list((aspect or {}).get("terms"), "terms")
    )


def _field_type(value: dict) -> str:
    union = (value or {}).get("type") or {}
    for key in union:
        return TYPES.get(_short(key), "null")
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
        self.browse_entries: list[str] | None = None
        # Set by a patch: the editable aspects are applied as they stand, not only where empty.
        self.exact = False
        self.exact_docs = False

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

    def _datasetKey(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        """The key alone makes the dataset exist, as it does in DataHub."""

    def _datasetProperties(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        self.item.description = _text(aspect.get("description"), "description")
        self.item.qualified_name = _text(aspect.get("qualifiedName"), "qualifiedName")[:500]
        self.item.display_name = _text(aspect.get("name"), "name")[:500]
        properties = aspect.get("customProperties") or {}
        if not isinstance(properties, dict):
            raise TypeError("customProperties must be an object")
        self.properties = {str(k): str(v) for k, v in properties.items()}
        if aspect.get("externalUrl"):
            self.properties["externalUrl"] = _text(aspect["externalUrl"], "externalUrl")

    def _schemaMetadata(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        keys = set(_list(aspect.get("primaryKeys"), "primaryKeys"))
        self.item.schema = [
            FieldSpec(
                field_path=_text(f["fieldPath"], "fieldPath"),
                type=_field_type(f.get("type")),
                native_type=_text(f.get("nativeDataType"), "nativeDataType")[:500],
                nullable=bool(f.get("nullable", False)),
                is_key=bool(f.get("isPartOfKey")) or f["fieldPath"] in keys,
                is_partition=bool(f.get("isPartitioningKey")),
                description=_text(f.get("description"), "a field's description"),
                tags=_tags(f.get("globalTags")),
                glossary_terms=_terms(f.get("glossaryTerms")),
            )
            for f in _list(aspect.get("fields"), "fields")
        ]

    def _ownership(self, aspect: dict) -> None:
        owners = []
        for owner in _list(aspect.get("owners"), "owners"):
            given = _text(owner.get("type"), "an owner's type") or OwnershipType.NONE
            type_urn = _text(owner.get("typeUrn"), "an owner's typeUrn")
            if type_urn.startswith(CUSTOM_OWNERSHIP_TYPE) and given in ("CUSTOM", "NONE"):
                given = type_urn  # a custom type: DataHub writes CUSTOM (or NONE) and its URN
            if not ownership_type_valid(given):
                given = OwnershipType.NONE  # CUSTOM without a URN, or a type DataHub lacks
            owners.append(OwnerSpec(owner=_text(owner["owner"], "owner"), type=given))
        self.item.owners = owners

    def _upstreamLineage(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        mappings: dict[str, list[dict]] = {}
        for fine in _list(aspect.get("fineGrainedLineages"), "fineGrainedLineages"):
            downstreams = [
                m.group("path")
                for m in map(_SCHEMA_FIELD_RE.match, _list(fine.get("downstreams"), "downstreams"))
                if m
            ]
            by_dataset: dict[str, list[str]] = {}
            for up in _list(fine.get("upstreams"), "upstreams"):
                match = _SCHEMA_FIELD_RE.match(_text(up, "an upstream field"))
                if match:
                    by_dataset.setdefault(match.group("dataset"), []).append(match.group("path"))
            for dataset_urn, paths in by_dataset.items():
                mapping = {
                    "upstreams": paths,
                    "downstreams": downstreams,
                    "transformation": _text(fine.get("transformOperation"), "transformOperation"),
                }
                mappings.setdefault(dataset_urn, []).append(mapping)
        self.item.upstreams = [
            UpstreamSpec(
                urn=_text(up["dataset"], "an upstream's dataset"),
                type=(
                    up.get("type")
                    if up.get("type") in ("TRANSFORMED", "COPY", "VIEW")
                    else "TRANSFORMED"
                ),
                actor=_text((up.get("auditStamp") or {}).get("actor"), "actor")[:300],
                column_mappings=tuple(mappings.get(up["dataset"], ())),
            )
            for up in _list(aspect.get("upstreams"), "upstreams")
        ]

    def _globalTags(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        self.item.tags = list(_tags(aspect))

    def _glossaryTerms(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        self.item.glossary_terms = list(_terms(aspect))

    def _container(self, aspect: dict) -> None:
        container = _text(aspect.get("container"), "container")
        if container and not (container.startswith("urn:li:container:") and len(container) <= 512):
            raise ValueError(f"container must be a urn:li:container:<id> URN, not {container!r}")
        self.item.container = container or None

    def _domains(self, aspect: dict) -> None:
        names = [
            _text(d, "a domain").removeprefix("urn:li:domain:")
            for d in _list(aspect.get("domains"), "domains")
        ]
        for name in names[:1]:
            fault = text_fault(name)
            if fault or not 0 < len(name) <= 100:
                raise ValueError(f"domain {name[:120]!r}: {fault or 'must be 1 to 100 characters'}")
        self.item.domain = names[0] if names else None

    def _status(self, aspect: dict) -> None:
        self.item.removed = bool(aspect.get("removed"))

    def _browsePathsV2(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        # Kept as given: an entry naming a container is read in finish(), by the container's
        # name, which may come later in the same file.
        self.browse_entries = [
            _text(p.get("id"), "a browse path entry's id").strip()
            for p in _list(aspect.get("path"), "path")
        ]
        self.item.browse_path = "/"

    def _browsePaths(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        paths = _list(aspect.get("paths"), "paths")
        if paths and self.item.browse_path is UNSET:  # browsePathsV2 wins when both come
            parent = _text(paths[0], "a browse path").rstrip("/").rsplit("/", 1)[0]
            self.item.browse_path = parent if parent.startswith("/") and parent != "" else UNSET

    def _institutionalMemory(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        self.links = [
            (_text(e.get("description"), "description") or e["url"], _text(e["url"], "url"))
            for e in _list(aspect.get("elements"), "elements")
        ]

    def _editableDatasetProperties(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        self.editable_docs = _text(aspect.get("description"), "description") or None

    def _editableSchemaMetadata(self, aspect: dict) -> None:  # pylint: disable=invalid-name
        infos = _list(aspect.get("editableSchemaFieldInfo"), "editableSchemaFieldInfo")
        for info in infos:
            _text(info.get("fieldPath"), "fieldPath")
            _text(info.get("description"), "a field's description")
            _tags(info.get("globalTags"))
            _terms(info.get("glossaryTerms"))
        self.editable_fields = infos

    def finish(
        self, current: dict[str, str] | None, containers: dict[str, str] | None = None
    ) -> IngestItem:
        """Custom properties merge the source's properties and links with what is stored, so
        that one aspect sent alone (as the REST sink does) does not drop the other's. A browse
        path entry that is a container's URN becomes the container's name when the request
        carried its containerProperties; a URN that cannot be named is left out (a raw id is
        no folder name)."""
        if self.browse_entries is not None:
            platform = self.item.urn.split("urn:li:dataPlatform:", 1)[-1].split(",", 1)[0]
            parts = [
                (containers or {}).get(e, "") if e.startswith("urn:li:") else e
                for e in self.browse_entries
            ]
            parts = [p.replace("/", "-").strip() for p in parts]
            self.item.browse_path = "/" + "/".join([platform, *[p for p in parts if p]])
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


def editable_fill(urn: str, entry: _Dataset, known_terms: set[str]) -> services.EditableFill | None:
    """What ``entry``'s editable aspects say people wrote, for ``datasets_editable_fill``
    (glossary terms MDT does not know are left out: people's terms must exist)."""
    if entry.editable_docs is None and not entry.editable_fields:
        if not (entry.exact or entry.exact_docs):
            return None
    fields = [
        services.FieldEdit(
            _text(info.get("fieldPath"), "fieldPath"),
            description=_text(info.get("description"), "description"),
            tags=list(_tags(info.get("globalTags"))),
            glossary_terms=[t for t in _terms(info.get("glossaryTerms")) if t in known_terms],
        )
        for info in entry.editable_fields
    ]
    return services.EditableFill(
        urn=urn,
        docs=entry.editable_docs,
        fields=fields,
        exact_docs=entry.exact_docs,
        exact_fields=entry.exact,
    )
