"""DataHub records (MCE snapshots and MCPs, from a file or a GMS request) → MDT.

Each record becomes proposals, one per aspect (``entity, urn, changeType, aspect``), which are
resolved to a whole aspect (a PATCH applied to what MDT holds, a DELETE to the aspect emptied)
and checked against the mapping. A record is taken whole or not at all: one unreadable aspect
makes that record's error and none of its aspects is kept, and the other records go on. The
entities around datasets (``around``) and people (``entities``) are written first, each record
in a savepoint of its own, then the datasets in one batch. Entities and aspects MDT does not
store are counted by type and aspect (``DataHubResult.skipped``).
"""

import copy
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from django.db.models import Prefetch

from catalog import services
from catalog.entity_models import Container
from catalog.entity_services import domain_upsert
from catalog.models import (
    Dataset,
    Domain,
    DatasetTag,
    DatasetTerm,
    GlossaryTerm,
    LineageEdge,
    Ownership,
)
from catalog.writer.ingest import ingest_batch
from core.errors import ApplicationError
from core.parsers import json_loads
from ingestion.datahub import around, readback
from ingestion.datahub.around_read import entity_aspects
from ingestion.datahub.avro_json import plain
from ingestion.datahub.entities import ASPECTS as ENTITY_ASPECTS
from ingestion.datahub.entities import Entities
from ingestion.datahub.mapping import (
    DataHubResult,
    MalformedRecord,
    _aspect_name,
    _Dataset,
    _short,
    _text,
    editable_fill,
)
from ingestion.datahub.patch import aspect_patch

CHANGE_TYPES = frozenset({"UPSERT", "CREATE", "UPDATE", "RESTATE", "PATCH", "DELETE"})
# A snapshot's name → its entity type, where the two differ in more than the first letter.
_ENTITY_TYPES = {"corpUser": "corpuser"}
# An aspect deleted (changeType DELETE): what the dataset holds without it.
_EMPTY: dict[str, dict[str, Any]] = {
    "datasetProperties": {},
    "schemaMetadata": {"fields": []},
    "ownership": {"owners": []},
    "upstreamLineage": {"upstreams": []},
    "globalTags": {"tags": []},
    "glossaryTerms": {"terms": []},
    "status": {"removed": False},
    "browsePathsV2": {"path": []},
    "browsePaths": {"paths": []},
    "institutionalMemory": {"elements": []},
    "editableDatasetProperties": {},
    "editableSchemaMetadata": {"editableSchemaFieldInfo": []},
    "container": {},
    "domains": {"domains": []},
}


@dataclass(frozen=True)
class Proposal:
    entity_type: str
    urn: str
    change_type: str
    aspect: str
    value: Any  # the aspect; for a PATCH the patch; for a DELETE None


def _mcp_aspect(record: dict) -> Any:
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
    if "value" not in aspect:
        return aspect
    value = aspect["value"]
    if not isinstance(value, str):
        return value
    try:  # JSON text inside the JSON body: the request's parser never saw inside it
        return json_loads(value)
    except ValueError as exc:
        raise MalformedRecord(
            f"The {record.get('aspectName')!r} aspect of {record.get('entityUrn')!r} is not "
            f"JSON: {exc}",
            fields={"aspect": ["not JSON"]},
        ) from exc


def _snapshot_proposals(snapshot: Any) -> list[Proposal]:
    if not isinstance(snapshot, dict):
        raise MalformedRecord(
            f"A proposedSnapshot must be an object, not {type(snapshot).__name__}.",
            fields={"proposedSnapshot": ["not an object"]},
        )
    proposals = []
    for key, value in snapshot.items():
        if not isinstance(value, dict) or not isinstance(value.get("aspects", []), list):
            raise MalformedRecord(
                f"The {key!r} snapshot must be an object with a list of aspects.",
                fields={"proposedSnapshot": [f"{key}: not a snapshot"]},
            )
        kind = _aspect_name(_short(key).removesuffix("Snapshot"))
        urn = value.get("urn")
        if not isinstance(urn, str) or not urn:
            raise MalformedRecord(
                f"The {key!r} snapshot needs its urn as a string.", fields={"urn": ["missing"]}
            )
        for entry in value.get("aspects", []):
            if not isinstance(entry, dict):
                raise MalformedRecord(
                    f"The aspects of {urn!r} must be objects keyed by the aspect's class.",
                    fields={"aspects": ["not an object"]},
                )
            for name, aspect in entry.items():
                proposals.append(
                    Proposal(
                        _ENTITY_TYPES.get(kind, kind),
                        urn,
                        "UPSERT",
                        _aspect_name(_short(name)),
                        aspect,
                    )
                )
    return proposals


def proposals_of(record: Any) -> list[Proposal]:
    """The proposals one MCE or MCP makes, in either of DataHub's JSON encodings. A reader
    passes a line it could not parse as the ``MalformedRecord`` saying why."""
    if isinstance(record, MalformedRecord):
        raise record
    if not isinstance(record, dict):
        raise MalformedRecord(f"A record must be a JSON object, not {type(record).__name__}.")
    record = plain(record)
    if "proposedSnapshot" in record:
        return _snapshot_proposals(record["proposedSnapshot"])
    if "entityUrn" not in record and "entityType" not in record:
        raise MalformedRecord(
            "A record must be an MCE (proposedSnapshot) or an MCP (entityType, entityUrn, "
            f"aspectName, aspect); this one has {sorted(record)[:8]}.",
        )
    try:
        change = _text(record.get("changeType"), "changeType") or "UPSERT"
        urn = _text(record.get("entityUrn"), "entityUrn")
        name = _text(record.get("aspectName"), "aspectName")
        entity_type = _text(record.get("entityType"), "entityType")
    except TypeError as exc:
        raise MalformedRecord(f"An MCP is not in DataHub's shape: {exc}.") from exc
    if change not in CHANGE_TYPES:
        raise MalformedRecord(
            f"Unknown changeType {change!r} (one of {', '.join(sorted(CHANGE_TYPES))}).",
            fields={"changeType": ["unknown"]},
        )
    if not urn:
        raise MalformedRecord("An MCP needs its entityUrn (MDT does not derive it from a key).")
    value = _mcp_aspect(record)
    if change != "DELETE" and value is None:
        raise MalformedRecord(f"The {change} of {name!r} on {urn!r} carries no aspect.")
    if change != "PATCH" and value is not None:
        value = plain(value)
    parts = urn.split(":", 3)
    entity_type = entity_type or (parts[2] if len(parts) > 3 else "unknown")
    return [Proposal(entity_type, urn, change, name, value)]


class _Batch:
    """The datasets a request touches, and each aspect as this request last left it (a patch
    applies on top of what came before it in the same request)."""

    def __init__(self, result: DataHubResult) -> None:
        self.result = result
        self.datasets: dict[str, _Dataset] = {}
        self.aspects: dict[tuple[str, str], dict] = {}
        self.entities = Entities()
        self.pending: list[around.Pending] = []
        self.stored: defaultdict[str, Counter] = defaultdict(Counter)  # URN → aspects mapped
        self.containers: dict[str, str] = {}  # container URN → name, from containerProperties
        self._stored: dict[str, Dataset | None] = {}

    def current(self, urn: str, name: str) -> dict:
        if (urn, name) in self.aspects:
            return copy.deepcopy(self.aspects[(urn, name)])
        if urn not in self._stored:
            self._stored[urn] = (
                Dataset.objects.select_related("platform", "domain", "container")
                .prefetch_related(
                    "fields",
                    Prefetch("ownerships", Ownership.objects.select_related("user", "group")),
                    Prefetch("tag_links", DatasetTag.objects.select_related("tag")),
                    Prefetch("term_links", DatasetTerm.objects.select_related("term")),
                    Prefetch("upstream_edges", LineageEdge.objects.select_related("upstream")),
                )
                .filter(urn=urn)
                .first()
            )
        dataset = self._stored[urn]
        return (readback.aspect_read(dataset, name) if dataset else None) or {}

    def resolve(self, proposal: Proposal) -> tuple[str, dict] | None:
        """The aspect to map (its name and whole value); None when MDT does not store it."""
        name = proposal.aspect
        if proposal.entity_type != "dataset" or not (name in _EMPTY or name == "datasetKey"):
            return None
        if proposal.change_type == "DELETE":
            if name == "datasetKey":  # the entity itself: MDT deletes softly
                return "status", {"removed": True}
            return name, copy.deepcopy(_EMPTY[name])
        if proposal.change_type == "PATCH":
            if name == "datasetKey":
                return None
            return name, aspect_patch(name, self.current(proposal.urn, name), proposal.value)
        return name, proposal.value

    def around_resolve(self, proposal: Proposal) -> dict | None:
        """An aspect of an entity around datasets, whole; None when MDT does not store it."""
        name = proposal.aspect
        if proposal.change_type == "DELETE":
            empty = around.EMPTY.get(name)
            return None if empty is None else copy.deepcopy(empty)
        if proposal.change_type == "PATCH":
            if (proposal.urn, name) in self.aspects:
                current = copy.deepcopy(self.aspects[(proposal.urn, name)])
            else:
                current = (entity_aspects(proposal.urn) or {}).get(name) or {}
            return aspect_patch(name, current, proposal.value)
        return proposal.value

    def take(self, record: Any, index: int = 0) -> None:
        """Map one record, whole or not at all."""
        accepted, entities, taken = [], [], []
        for proposal in proposals_of(record):
            key = (proposal.entity_type, proposal.aspect)
            if key == ("container", "containerProperties") and isinstance(proposal.value, dict):
                name = proposal.value.get("name")
                if isinstance(name, str) and name:
                    self.containers[proposal.urn] = name  # for browse paths
            if key in ENTITY_ASPECTS and proposal.change_type not in ("PATCH", "DELETE"):
                entities.append(
                    self.entities.parse(
                        proposal.entity_type, proposal.urn, proposal.aspect, proposal.value
                    )
                )
                continue
            if key in around.ASPECTS:
                value = self.around_resolve(proposal)
                if value is None:
                    self.result.skipped[key] += 1
                    continue
                parsed = around.aspect_parse(
                    proposal.entity_type, proposal.urn, proposal.aspect, value
                )
                taken.append((proposal, value, parsed))
                continue
            resolved = self.resolve(proposal)
            if resolved is None:
                self.result.skipped[(proposal.entity_type or "unknown", proposal.aspect)] += 1
                continue
            name, aspect = resolved
            _Dataset(proposal.urn).apply(name, aspect)  # raises when it cannot be mapped
            accepted.append((proposal, name, aspect))
        for update in entities:
            self.entities.keep(update)
            self.result.aspects += 1
            self.result.stored[update[:2]] += 1
        if taken:
            self.pending.append(
                around.Pending(
                    index,
                    taken[0][0].urn,
                    [
                        around.Taken(p.entity_type, p.urn, p.aspect, p.change_type, parsed)
                        for p, _, parsed in taken
                    ],
                )
            )
            for proposal, value, _ in taken:
                self.aspects[(proposal.urn, proposal.aspect)] = value
        for proposal, name, aspect in accepted:
            target = self.datasets.setdefault(proposal.urn, _Dataset(proposal.urn))
            target.apply(name, aspect)
            self.aspects[(proposal.urn, name)] = aspect
            self.result.aspects += 1
            self.stored[proposal.urn][name] += 1
            if proposal.change_type == "PATCH":
                self.result.patched += 1
                target.exact |= name == "editableSchemaMetadata"
                target.exact_docs |= name == "editableDatasetProperties"
            elif proposal.change_type == "DELETE":
                self.result.deleted += 1

    def domains_ensure(self, actor: str) -> None:
        """The domains the datasets name, made when MDT does not know them yet (as DataHub
        makes an entity when it is first named), so that a dataset is never refused for one."""
        named: set[str] = {
            entry.item.domain
            for entry in self.datasets.values()
            if isinstance(entry.item.domain, str) and entry.item.domain
        }
        known = set(Domain.objects.filter(name__in=named).values_list("name", flat=True))
        for name in sorted(named - known):
            domain_upsert(name=name, actor=actor)

    def container_names(self) -> dict[str, str]:
        """Container URN → name, for browse paths: those this request named, then those MDT
        stores under a name of their own (one named by URN alone has its id for a name)."""
        wanted = {
            entry_id
            for entry in self.datasets.values()
            for entry_id in entry.browse_entries or []
            if entry_id.startswith("urn:li:container:") and entry_id not in self.containers
        }
        stored = {
            urn: name
            for urn, name in Container.objects.filter(urn__in=wanted).values_list("urn", "name")
            if name != urn.removeprefix("urn:li:container:")
        }
        return {**stored, **self.containers}


def records_ingest(records: Iterable[Any], *, actor: str) -> DataHubResult:
    """Map MCEs and MCPs (file records, or GMS request bodies reduced to them) and ingest."""
    result = DataHubResult()
    batch = _Batch(result)
    for index, record in enumerate(records):
        result.records += 1
        try:
            batch.take(record, index)
        except ApplicationError as exc:
            urn = ""
            if isinstance(record, dict):
                urn = str(record.get("entityUrn") or "")
            result.record_errors.append(
                {
                    "index": index,
                    "urn": urn,
                    "code": exc.code,
                    "message": exc.message,
                    "fields": exc.fields,
                }
            )
    # Entities first: a dataset's term, tag, domain or container then finds its definition.
    result.entities = around.pending_write(batch.pending, result=result, actor=actor)
    result.entities += batch.entities.write()
    result.record_errors.sort(key=lambda error: error["index"])
    batch.domains_ensure(actor)
    stored = dict(
        Dataset.objects.filter(urn__in=list(batch.datasets)).values_list("urn", "custom_properties")
    )
    containers = batch.container_names()
    items = [entry.finish(stored.get(urn), containers) for urn, entry in batch.datasets.items()]
    result.batch = ingest_batch(items, actor=actor)
    failed = {error.urn for error in result.batch.errors}
    for urn, aspects in batch.stored.items():
        if urn not in failed:
            result.stored.update({("dataset", name): n for name, n in aspects.items()})
    known_terms = set(GlossaryTerm.objects.values_list("name", flat=True))
    fills = [
        fill
        for urn, entry in batch.datasets.items()
        if urn not in failed
        for fill in [editable_fill(urn, entry, known_terms)]
        if fill is not None
    ]
    if fills:
        result.editable_applied = services.datasets_editable_fill(fills=fills, actor=actor)
    return result
