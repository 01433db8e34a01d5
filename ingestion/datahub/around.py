"""DataHub's aspects of the entities around datasets → MDT's entity services
(``catalog.entity_services``), each of which records the entity's history:

* ``tag``: ``tagProperties`` (description, ``#RRGGBB`` colour);
* ``glossaryTerm``: ``glossaryTermInfo`` (name → display name, definition, parentNode → its
  group, sourceUrl, customProperties) and ``glossaryRelatedTerms`` (isRelatedTerms → isA,
  hasRelatedTerms → hasA, values, relatedTerms → relatedTo);
* ``glossaryNode``: ``glossaryNodeInfo`` (name, definition, parentNode);
* ``domain``: ``domainProperties`` (name → display name, description); the domain's id (often a
  GUID in DataHub) stays its name, as its URN says;
* ``container``: ``containerProperties``, ``subTypes`` (the first), ``dataPlatformInstance``
  (the platform), ``container`` (its parent);
* ``dataFlow`` / ``dataJob``: ``dataFlowInfo``, ``dataJobInfo``, ``dataJobInputOutput`` (the
  datasets a task reads and writes, as lists or edges);
* ``chart`` / ``dashboard``: ``chartInfo`` (its datasets), ``dashboardInfo`` (its charts and
  datasets);
* ``ownership`` of any of them.

An aspect becomes the service calls that store it (``Write``), checked here first: a value of the
wrong JSON type, a NUL, a value longer than its column or a URN of the wrong kind is the
record's error, so nothing of the record is written. What an aspect carries that MDT has no
place for (a task's upstream tasks, a node's custom properties…) is counted as skipped, as
``aspect.field``. A ``status`` of these entities is skipped too: they have no removed flag.
"""

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from django.db import DataError, transaction

from catalog import entity_services as es
from catalog.entity_models import URN_MAX, LinkKind
from catalog.models import CUSTOM_OWNERSHIP_TYPE, OwnershipType, ownership_type_valid
from catalog.urns import flow_urn_parse, job_urn_parse
from catalog.writer.items import UNSET
from catalog.writer.rules import text_fault
from core.errors import ApplicationError
from ingestion.datahub.mapping import DataHubResult, MalformedRecord, _list, _text

_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
URL_MAX = 1000


@dataclass(frozen=True)
class Write:
    """One call of an entity service, made when the request's entities are written."""

    service: Callable[..., Any]
    kwargs: dict[str, Any]

    def apply(self, actor: str) -> Any:
        return self.service(actor=actor, **self.kwargs)


@dataclass
class Parsed:
    writes: list[Write] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "aspect.field" MDT has no place for


# --- checked values -------------------------------------------------------------------------


def _str(value: Any, what: str, max_length: int = 0) -> str:
    text = _text(value, what)
    fault = text_fault(text)
    if fault:
        raise ValueError(f"{what} {fault}")
    if max_length and len(text) > max_length:
        raise ValueError(f"{what} must be at most {max_length} characters, not {len(text)}")
    return text


def _props(value: Any, what: str = "customProperties") -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise TypeError(f"{what} must be an object, not {type(value).__name__}")
    return {_str(k, f"{what} key"): _str(v, f"{what}.{k}") for k, v in value.items()}


def _id(urn: Any, prefix: str, what: str, max_length: int) -> str:
    """The id in ``urn`` (``urn:li:glossaryNode:Finance`` → ``Finance``), checked."""
    text = _str(urn, what, URN_MAX)
    if not text.startswith(prefix) or len(text) == len(prefix):
        raise ValueError(f"{what} must be a {prefix}<id> URN, not {text!r}")
    return _str(text[len(prefix) :], what, max_length)


def _urn(value: Any, what: str, prefix: str) -> str:
    text = _str(value, what, URN_MAX)
    if not text.startswith(prefix) or len(text) == len(prefix):
        raise ValueError(f"{what} must be a {prefix}… URN, not {text!r}")
    return text


def _urns(aspect: dict, names: str, edges: str, prefix: str) -> list[str]:
    """The URNs of a list (``inputDatasets``) and of its edges (``inputDatasetEdges``)."""
    found = [_urn(u, names, prefix) for u in _list(aspect.get(names), names)]
    for edge in _list(aspect.get(edges), edges):
        if not isinstance(edge, dict):
            raise TypeError(f"{edges} must hold objects, not {type(edge).__name__}")
        found.append(_urn(edge.get("destinationUrn"), f"{edges}.destinationUrn", prefix))
    return list(dict.fromkeys(found))


def _url(aspect: dict, *names: str) -> str:
    """The first of ``names`` that is set."""
    urls = [_str(aspect.get(name), name, URL_MAX) for name in names]
    return next((url for url in urls if url), "")


def _extras(aspect: dict, name: str, fields: tuple[str, ...]) -> list[str]:
    return [f"{name}.{f}" for f in fields if aspect.get(f) not in (None, "", [], {})]


# --- the entities' keys ---------------------------------------------------------------------

# entity type → (URN prefix, longest name, the upsert that makes it exist)
_NAMED: dict[str, tuple[str, int, Callable[..., Any]]] = {
    "tag": ("urn:li:tag:", 100, es.tag_upsert),
    "glossaryTerm": ("urn:li:glossaryTerm:", 200, es.glossary_term_upsert),
    "glossaryNode": ("urn:li:glossaryNode:", 200, es.glossary_node_upsert),
    "domain": ("urn:li:domain:", 100, es.domain_upsert),
}
_BY_URN: dict[str, Callable[..., Any]] = {
    "container": es.container_upsert,
    "dataFlow": es.data_flow_upsert,
    "dataJob": es.data_job_upsert,
    "chart": es.chart_upsert,
    "dashboard": es.dashboard_upsert,
}


def _flow_check(urn: str) -> None:
    orchestrator, flow_id, cluster = flow_urn_parse(urn)
    if len(orchestrator) > 100 or len(flow_id) > 300 or len(cluster) > 100:
        raise ValueError(f"{urn!r}: its orchestrator, flow id or cluster is too long")


def entity_key(entity_type: str, urn: str) -> str:
    """The entity's name (a tag, term, term group or domain: its URN's id) or its URN, checked."""
    if entity_type in _NAMED:
        prefix, longest, _ = _NAMED[entity_type]
        return _id(urn, prefix, "the entity's URN", longest)
    _str(urn, "the entity's URN", URN_MAX)
    if entity_type == "container":
        _urn(urn, "the entity's URN", "urn:li:container:")
    elif entity_type == "dataFlow":
        _flow_check(urn)
    elif entity_type == "dataJob":
        flow, job_id = job_urn_parse(urn)
        _flow_check(flow)
        if len(job_id) > 300:
            raise ValueError(f"{urn!r}: its job id is longer than 300 characters")
    elif not (urn.startswith(f"urn:li:{entity_type}:(") and "," in urn and urn.endswith(")")):
        raise ValueError(f"{urn!r} is not a urn:li:{entity_type}:(<platform>,<id>) URN")
    return urn


def ensure(entity_type: str, key: str) -> Write:
    """The write that makes the entity exist (nothing changes when it does)."""
    if entity_type in _NAMED:
        return Write(_NAMED[entity_type][2], {"name": key})
    return Write(_BY_URN[entity_type], {"urn": key})


# --- the aspects ----------------------------------------------------------------------------


def _tag_properties(key: str, v: dict) -> Parsed:
    color = _str(v.get("colorHex"), "colorHex")
    write = Write(
        es.tag_upsert,
        {
            "name": key,
            "description": _str(v.get("description"), "description"),
            "color": color if _COLOR.match(color) else "",
        },
    )
    return Parsed([write])


def _node_name(urn: Any) -> str | None:
    text = _text(urn, "parentNode")
    return _id(text, "urn:li:glossaryNode:", "parentNode", 200) if text else None


def _term_info(key: str, v: dict) -> Parsed:
    values = {
        "name": key,
        "display_name": _str(v.get("name"), "name", 200),
        "description": _str(v.get("definition"), "definition"),
        "node": _node_name(v.get("parentNode")),
        "source_url": _str(v.get("sourceUrl"), "sourceUrl", URL_MAX),
        "custom_properties": _props(v.get("customProperties")),
    }
    return Parsed([Write(es.glossary_term_upsert, values)])


_RELATIONS = (
    ("isRelatedTerms", "isA"),
    ("hasRelatedTerms", "hasA"),
    ("values", "values"),
    ("relatedTerms", "relatedTo"),
)


def _related_terms(key: str, v: dict) -> Parsed:
    relations = {
        kind: [_id(u, "urn:li:glossaryTerm:", name, 200) for u in _list(v.get(name), name)]
        for name, kind in _RELATIONS
    }
    return Parsed([Write(es.glossary_term_relations_set, {"name": key, "relations": relations})])


def _node_info(key: str, v: dict) -> Parsed:
    values = {
        "name": key,
        "display_name": _str(v.get("name"), "name", 200),
        "description": _str(v.get("definition"), "definition"),
        "parent": _node_name(v.get("parentNode")),
    }
    _props(v.get("customProperties"))
    skipped = _extras(v, "glossaryNodeInfo", ("customProperties",))
    return Parsed([Write(es.glossary_node_upsert, values)], skipped)


def _domain_properties(key: str, v: dict) -> Parsed:
    values = {
        "name": key,
        "display_name": _str(v.get("name"), "name", 200) or key,
        "description": _str(v.get("description"), "description"),
    }
    _props(v.get("customProperties"))
    _str(v.get("parentDomain"), "parentDomain", URN_MAX)
    skipped = _extras(v, "domainProperties", ("customProperties", "parentDomain"))
    return Parsed([Write(es.domain_upsert, values)], skipped)


def _container_properties(key: str, v: dict) -> Parsed:
    properties = _props(v.get("customProperties"))
    url = _url(v, "externalUrl")
    if url:  # as a dataset's: MDT's containers have no URL of their own
        properties["externalUrl"] = url
    values = {
        "urn": key,
        "name": _str(v.get("name"), "name", 500) or UNSET,
        "description": _str(v.get("description"), "description"),
        "qualified_name": _str(v.get("qualifiedName"), "qualifiedName", 500),
        "custom_properties": properties,
    }
    return Parsed([Write(es.container_upsert, values)])


def _sub_types(key: str, v: dict) -> Parsed:
    names = [_str(n, "typeNames", 64) for n in _list(v.get("typeNames"), "typeNames")]
    skipped = ["subTypes.typeNames[1:]"] if len(names) > 1 else []
    return Parsed(
        [Write(es.container_upsert, {"urn": key, "sub_type": names[0] if names else ""})], skipped
    )


def _platform_instance(key: str, v: dict) -> Parsed:
    platform = _id(v.get("platform"), "urn:li:dataPlatform:", "platform", 64)
    _str(v.get("instance"), "instance", URN_MAX)
    skipped = _extras(v, "dataPlatformInstance", ("instance",))
    return Parsed([Write(es.container_upsert, {"urn": key, "platform": platform})], skipped)


def _container_parent(key: str, v: dict) -> Parsed:
    parent = _text(v.get("container"), "container")
    parent = _urn(parent, "container", "urn:li:container:") if parent else ""
    return Parsed([Write(es.container_upsert, {"urn": key, "parent": parent or None})])


def _described(v: dict, name_field: str, max_name: int, *urls: str) -> dict[str, Any]:
    """The name, description, URL and custom properties most of these aspects carry."""
    return {
        "name": _str(v.get(name_field), name_field, max_name) or UNSET,
        "description": _str(v.get("description"), "description"),
        "url": _url(v, *urls),
        "custom_properties": _props(v.get("customProperties")),
    }


def _flow_info(key: str, v: dict) -> Parsed:
    return Parsed(
        [Write(es.data_flow_upsert, {"urn": key, **_described(v, "name", 400, "externalUrl")})]
    )


def _job_type(value: Any) -> str:
    """A task's type: one of DataHub's job types or any string, plain or as a union branch."""
    if isinstance(value, dict) and len(value) == 1:
        value = next(iter(value.values()))
    return _str(value, "type", 100)


def _job_info(key: str, v: dict) -> Parsed:
    flow = _text(v.get("flowUrn"), "flowUrn")
    if flow:  # the task's URN names its pipeline; a flowUrn must at least be one
        _flow_check(flow)
    values = {
        "urn": key,
        "type": _job_type(v.get("type")),
        **_described(v, "name", 400, "externalUrl"),
    }
    return Parsed([Write(es.data_job_upsert, values)])


def _links(key: str, source_type: str, kind: str, targets: list[str], aspect: str) -> Write:
    return Write(
        es.links_set,
        {
            "source_urn": key,
            "source_type": source_type,
            "kind": kind,
            "targets": targets,
            "aspect": aspect,
        },
    )


def _job_io(key: str, v: dict) -> Parsed:
    inputs = _urns(v, "inputDatasets", "inputDatasetEdges", "urn:li:dataset:")
    outputs = _urns(v, "outputDatasets", "outputDatasetEdges", "urn:li:dataset:")
    _urns(v, "inputDatajobs", "inputDatajobEdges", "urn:li:dataJob:")
    for name in ("inputDatasetFields", "outputDatasetFields", "fineGrainedLineages"):
        _list(v.get(name), name)
    skipped = _extras(
        v,
        "dataJobInputOutput",
        (
            "inputDatajobs",
            "inputDatajobEdges",
            "inputDatasetFields",
            "outputDatasetFields",
            "fineGrainedLineages",
        ),
    )
    writes = [
        ensure("dataJob", key),
        _links(key, "dataJob", LinkKind.INPUT, inputs, "dataJobInputOutput"),
        _links(key, "dataJob", LinkKind.OUTPUT, outputs, "dataJobInputOutput"),
    ]
    return Parsed(writes, skipped)


def _chart_info(key: str, v: dict) -> Parsed:
    values = {
        "urn": key,
        **_described(v, "title", 400, "chartUrl", "externalUrl"),
        "type": _str(v.get("type"), "type", 32),
        "inputs": _urns(v, "inputs", "inputEdges", "urn:li:"),
    }
    return Parsed([Write(es.chart_upsert, values)])


def _dashboard_info(key: str, v: dict) -> Parsed:
    values = {
        "urn": key,
        **_described(v, "title", 400, "dashboardUrl", "externalUrl"),
        "charts": _urns(v, "charts", "chartEdges", "urn:li:chart:"),
        "datasets": _urns(v, "datasets", "datasetEdges", "urn:li:dataset:"),
    }
    for edge in _list(v.get("dashboards"), "dashboards"):  # dashboards in it: not kept
        if not isinstance(edge, dict):
            raise TypeError(f"dashboards must hold objects, not {type(edge).__name__}")
    return Parsed(
        [Write(es.dashboard_upsert, values)], _extras(v, "dashboardInfo", ("dashboards",))
    )


def _owner_type(owner: dict) -> str:
    given = _str(owner.get("type"), "an owner's type", 300) or OwnershipType.NONE
    type_urn = _str(owner.get("typeUrn"), "an owner's typeUrn", 300)
    if type_urn.startswith(CUSTOM_OWNERSHIP_TYPE) and given in ("CUSTOM", "NONE"):
        given = type_urn  # a custom type: DataHub writes CUSTOM (or NONE) and its URN
    return given if ownership_type_valid(given) else OwnershipType.NONE


def _ownership(entity_type: str, urn: str, key: str, v: dict) -> Parsed:
    owners = []
    for owner in _list(v.get("owners"), "owners"):
        if not isinstance(owner, dict):
            raise TypeError(f"owners must hold objects, not {type(owner).__name__}")
        who = _str(owner.get("owner"), "owner", URN_MAX)
        prefix = "urn:li:corpGroup:" if who.startswith("urn:li:corpGroup:") else "urn:li:corpuser:"
        _id(who, prefix, "owner", 150)
        owners.append(es.EntityOwner(owner=who, type=_owner_type(owner)))
    write = Write(es.entity_owners_set, {"urn": urn, "entity_type": entity_type, "owners": owners})
    return Parsed([ensure(entity_type, key), write])


_PARSERS: dict[tuple[str, str], Callable[[str, dict], Parsed]] = {
    ("tag", "tagProperties"): _tag_properties,
    ("glossaryTerm", "glossaryTermInfo"): _term_info,
    ("glossaryTerm", "glossaryRelatedTerms"): _related_terms,
    ("glossaryNode", "glossaryNodeInfo"): _node_info,
    ("domain", "domainProperties"): _domain_properties,
    ("container", "containerProperties"): _container_properties,
    ("container", "subTypes"): _sub_types,
    ("container", "dataPlatformInstance"): _platform_instance,
    ("container", "container"): _container_parent,
    ("dataFlow", "dataFlowInfo"): _flow_info,
    ("dataJob", "dataJobInfo"): _job_info,
    ("dataJob", "dataJobInputOutput"): _job_io,
    ("chart", "chartInfo"): _chart_info,
    ("dashboard", "dashboardInfo"): _dashboard_info,
}
ENTITY_TYPES = frozenset(list(_NAMED) + list(_BY_URN))
ASPECTS = frozenset(_PARSERS) | {(t, "ownership") for t in ENTITY_TYPES}
# An aspect deleted (changeType DELETE), as the aspect that empties it; the others (an entity's
# properties) are skipped: MDT does not delete these entities.
EMPTY: dict[str, dict[str, Any]] = {
    "ownership": {"owners": []},
    "glossaryRelatedTerms": {},
    "dataJobInputOutput": {},
    "container": {},
    "subTypes": {"typeNames": []},
}


def aspect_parse(entity_type: str, urn: str, aspect: str, value: Any) -> Parsed:
    """The writes that store ``value``, DataHub's ``aspect`` of ``urn``; raises
    ``MalformedRecord`` (the record's 400) when it is not in DataHub's shape."""
    try:
        key = entity_key(entity_type, urn)
        if not isinstance(value, dict):
            raise TypeError(f"an object was expected, not {type(value).__name__}")
        if aspect == "ownership":
            return _ownership(entity_type, urn, key, value)
        return _PARSERS[(entity_type, aspect)](key, value)
    except (TypeError, KeyError, AttributeError, ValueError) as exc:
        raise MalformedRecord(
            f"The {aspect!r} aspect of {urn!r} does not have DataHub's shape ({exc}).",
            fields={aspect: [str(exc)]},
        ) from exc


# --- writing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Taken:
    """One aspect of a record, parsed."""

    entity_type: str
    urn: str
    aspect: str
    change_type: str
    parsed: Parsed


@dataclass(frozen=True)
class Pending:
    """A record's aspects of these entities, to write together or not at all."""

    index: int
    urn: str
    aspects: list[Taken]


def pending_write(pending: list[Pending], *, result: DataHubResult, actor: str) -> int:
    """Write each record's aspects, whole or not at all: a record the services refuse (a term
    group that would hold itself) is that record's error and leaves nothing behind. All of them
    are tried in one transaction first (one commit, no savepoint a record: a refusal is rare);
    when one is refused, that is undone and each record is written in a savepoint of its own.
    Returns how many entities were written."""
    try:
        with transaction.atomic():
            for record in pending:
                for taken in record.aspects:
                    for write in taken.parsed.writes:
                        write.apply(actor)
        errors: list[dict[str, Any] | None] = [None] * len(pending)
    except (ApplicationError, DataError):
        with transaction.atomic():
            errors = [_record_write(record, actor) for record in pending]
    written: set[str] = set()
    for record, error in zip(pending, errors):
        if error is not None:
            result.record_errors.append(error)
            continue
        for taken in record.aspects:
            result.stored[(taken.entity_type, taken.aspect)] += 1
            result.skipped.update((taken.entity_type, part) for part in taken.parsed.skipped)
            result.aspects += 1
            result.patched += taken.change_type == "PATCH"
            result.deleted += taken.change_type == "DELETE"
            written.add(taken.urn)
    return len(written)


def _record_write(record: Pending, actor: str) -> dict[str, Any] | None:
    """Write one record's aspects; the error that undid them, if any."""
    try:
        with transaction.atomic():
            for taken in record.aspects:
                for write in taken.parsed.writes:
                    write.apply(actor)
    except (ApplicationError, DataError) as exc:
        return {
            "index": record.index,
            "urn": record.urn,
            "code": getattr(exc, "code", "invalid"),
            "message": getattr(exc, "message", None) or f"a value cannot be stored ({exc})",
            "fields": getattr(exc, "fields", None) or {},
        }
    return None
