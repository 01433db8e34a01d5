"""The entities around datasets in MDT's own bulk API: ``POST /api/v1/ingest/`` takes, beside
``datasets``, lists of ``tags``, ``domains``, ``glossary_nodes``, ``glossary_terms``,
``containers``, ``pipelines`` (with their ``jobs``), ``charts`` and ``dashboards``.

They are written before the datasets of the same request, so a dataset can name a container or
a term the request describes. Each entry is whole or nothing (a savepoint of its own): a bad one
is listed in ``entity_errors`` with its section, position and reason, and the others are kept.
A key an entry leaves out is not touched; ``owners``, when given, replaces the entity's owners.
"""

from dataclasses import dataclass, field
from typing import Any, Callable

from django.db import transaction
from rest_framework import serializers

from catalog import entity_services as es
from catalog.entity_models import EntityType, LinkKind
from catalog.models import ownership_type_valid
from catalog.writer.rules import text_fault
from core.errors import ApplicationError
from core.schema import JSONValueField

# pylint: disable=abstract-method

SECTIONS = (
    "tags",
    "domains",
    "glossary_nodes",
    "glossary_terms",
    "containers",
    "pipelines",
    "charts",
    "dashboards",
)
MAX_ENTITIES = 1000


def _text_checked(value: Any, path: str = "entry") -> None:
    """Every string of an entry can be stored (PostgreSQL refuses NUL and lone surrogates)."""
    if isinstance(value, str):
        fault = text_fault(value)
        if fault:
            raise serializers.ValidationError({path: [f"a value {fault}"]})
    elif isinstance(value, dict):
        for key, item in value.items():
            _text_checked(key, path)
            _text_checked(item, str(key) if path == "entry" else f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _text_checked(item, f"{path}[{index}]")


class _Entry(serializers.Serializer):
    def to_internal_value(self, data):
        _text_checked(data)
        return super().to_internal_value(data)


class OwnerEntrySerializer(_Entry):
    owner = serializers.CharField(
        max_length=200, help_text="username, urn:li:corpuser:… or urn:li:corpGroup:…"
    )
    type = serializers.CharField(max_length=300, default="TECHNICAL_OWNER")

    def validate_type(self, value: str) -> str:
        if not ownership_type_valid(value):
            raise serializers.ValidationError(
                "One of DataHub's ownership types, or urn:li:ownershipType:<id>."
            )
        return value

    def validate_owner(self, value: str) -> str:
        return value if value.startswith("urn:li:") else f"urn:li:corpuser:{value}"


def _urns(max_length: int = 512) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=max_length), required=False, max_length=1000
    )


def _properties() -> serializers.DictField:
    return serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=200_000), required=False
    )


class _Owned(_Entry):
    owners = OwnerEntrySerializer(many=True, required=False)


class TagEntrySerializer(_Owned):
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(required=False, allow_blank=True, max_length=200_000)
    color = serializers.RegexField(r"^(#[0-9A-Fa-f]{6})?$", required=False, allow_blank=True)


class DomainEntrySerializer(_Owned):
    name = serializers.SlugField(max_length=100)
    display_name = serializers.CharField(required=False, max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=200_000)


class GlossaryNodeEntrySerializer(_Owned):
    name = serializers.CharField(max_length=200)
    display_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=200_000)
    parent = serializers.CharField(required=False, allow_null=True, max_length=200)


class RelatedTermsSerializer(_Entry):
    isA = _urns(200)  # pylint: disable=invalid-name
    hasA = _urns(200)  # pylint: disable=invalid-name
    values = _urns(200)
    relatedTo = _urns(200)  # pylint: disable=invalid-name


class GlossaryTermEntrySerializer(_Owned):
    name = serializers.CharField(max_length=200)
    display_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=200_000)
    node = serializers.CharField(required=False, allow_null=True, max_length=200)
    source_url = serializers.URLField(required=False, allow_blank=True, max_length=1000)
    custom_properties = _properties()
    related = RelatedTermsSerializer(required=False, help_text="Related term names by relation")


class ContainerEntrySerializer(_Owned):
    urn = serializers.RegexField(r"^urn:li:container:.+", max_length=512)
    name = serializers.CharField(required=False, max_length=500)
    sub_type = serializers.CharField(required=False, allow_blank=True, max_length=64)
    platform = serializers.CharField(required=False, allow_null=True, max_length=64)
    parent = serializers.RegexField(
        r"^urn:li:container:.+", required=False, allow_null=True, max_length=512
    )
    description = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=200_000
    )
    qualified_name = serializers.CharField(required=False, allow_blank=True, max_length=500)
    custom_properties = _properties()

    def validate(self, attrs):
        if attrs.get("description", "") is None:  # null: left as it is
            del attrs["description"]
        return attrs


class _Asset(_Owned):
    urn = serializers.CharField(max_length=512)
    name = serializers.CharField(required=False, max_length=400)
    description = serializers.CharField(required=False, allow_blank=True, max_length=200_000)
    url = serializers.URLField(required=False, allow_blank=True, max_length=1000)
    custom_properties = _properties()


class JobEntrySerializer(_Asset):
    type = serializers.CharField(required=False, allow_blank=True, max_length=100)
    inputs = _urns()
    outputs = _urns()


class PipelineEntrySerializer(_Asset):
    jobs = JobEntrySerializer(many=True, required=False, max_length=1000)


class ChartEntrySerializer(_Asset):
    platform = serializers.CharField(required=False, allow_null=True, max_length=64)
    type = serializers.CharField(required=False, allow_blank=True, max_length=32)
    inputs = _urns()


class DashboardEntrySerializer(_Asset):
    platform = serializers.CharField(required=False, allow_null=True, max_length=64)
    charts = _urns()
    datasets = _urns()


class EntitiesRequestSerializer(serializers.Serializer):
    """For Swagger: the sections the bulk API takes beside ``datasets``."""

    tags = TagEntrySerializer(many=True, required=False)
    domains = DomainEntrySerializer(many=True, required=False)
    glossary_nodes = GlossaryNodeEntrySerializer(many=True, required=False)
    glossary_terms = GlossaryTermEntrySerializer(many=True, required=False)
    containers = ContainerEntrySerializer(many=True, required=False)
    pipelines = PipelineEntrySerializer(many=True, required=False)
    charts = ChartEntrySerializer(many=True, required=False)
    dashboards = DashboardEntrySerializer(many=True, required=False)


class EntityErrorSerializer(serializers.Serializer):
    section = serializers.ChoiceField(SECTIONS)
    index = serializers.IntegerField(help_text="Position of the entry in its section")
    key = serializers.CharField(allow_blank=True, help_text="Its name or URN as sent")
    message = serializers.CharField()
    fields = serializers.DictField(child=JSONValueField())


@dataclass
class EntityBatchResult:
    written: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)


def _owners(urn: str, entity_type: str, data: dict[str, Any], actor: str) -> None:
    if "owners" in data:
        owners = [es.EntityOwner(o["owner"], o["type"]) for o in data["owners"]]
        es.entity_owners_set(urn=urn, entity_type=entity_type, owners=owners, actor=actor)


def _pick(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: data[key] for key in keys if key in data}


def _tag(data: dict[str, Any], actor: str) -> None:
    tag = es.tag_upsert(actor=actor, **_pick(data, "name", "description", "color"))
    _owners(tag.urn, EntityType.TAG, data, actor)


def _domain(data: dict[str, Any], actor: str) -> None:
    domain = es.domain_upsert(actor=actor, **_pick(data, "name", "display_name", "description"))
    _owners(domain.urn, EntityType.DOMAIN, data, actor)


def _node(data: dict[str, Any], actor: str) -> None:
    values = _pick(data, "name", "display_name", "description", "parent")
    node = es.glossary_node_upsert(actor=actor, **values)
    _owners(node.urn, EntityType.GLOSSARY_NODE, data, actor)


def _term(data: dict[str, Any], actor: str) -> None:
    keys = ("name", "display_name", "description", "node", "source_url", "custom_properties")
    term = es.glossary_term_upsert(actor=actor, **_pick(data, *keys))
    if "related" in data:
        es.glossary_term_relations_set(name=term.name, relations=data["related"], actor=actor)
    _owners(term.urn, EntityType.GLOSSARY_TERM, data, actor)


def _container(data: dict[str, Any], actor: str) -> None:
    keys = ("urn", "name", "sub_type", "platform", "parent", "description", "qualified_name")
    es.container_upsert(actor=actor, **_pick(data, *keys, "custom_properties"))
    _owners(data["urn"], EntityType.CONTAINER, data, actor)


def _links(urn: str, entity_type: str, data: dict[str, Any], actor: str, **kinds: str) -> None:
    for key, kind in kinds.items():
        if key in data:
            es.links_set(
                source_urn=urn,
                source_type=entity_type,
                kind=kind,
                targets=data[key],
                actor=actor,
                aspect=f"{entity_type}InputOutput",
            )


def _pipeline(data: dict[str, Any], actor: str) -> None:
    keys = ("urn", "name", "description", "url", "custom_properties")
    flow = es.data_flow_upsert(actor=actor, **_pick(data, *keys))
    _owners(flow.urn, EntityType.DATA_FLOW, data, actor)
    for job in data.get("jobs", []):
        if not job["urn"].startswith(f"urn:li:dataJob:({flow.urn},"):
            raise ApplicationError(
                f"Task {job['urn']!r} is not in pipeline {flow.urn!r}: its URN must be "
                f"urn:li:dataJob:({flow.urn},<task id>).",
                fields={"jobs": ["not this pipeline's task"]},
            )
        es.data_job_upsert(actor=actor, **_pick(job, *keys, "type"))
        _links(job["urn"], EntityType.DATA_JOB, job, actor, inputs=LinkKind.INPUT)
        _links(job["urn"], EntityType.DATA_JOB, job, actor, outputs=LinkKind.OUTPUT)
        _owners(job["urn"], EntityType.DATA_JOB, job, actor)


def _chart(data: dict[str, Any], actor: str) -> None:
    keys = ("urn", "name", "platform", "type", "description", "url", "custom_properties")
    es.chart_upsert(actor=actor, **_pick(data, *keys, "inputs"))
    _owners(data["urn"], EntityType.CHART, data, actor)


def _dashboard(data: dict[str, Any], actor: str) -> None:
    keys = ("urn", "name", "platform", "description", "url", "custom_properties")
    es.dashboard_upsert(actor=actor, **_pick(data, *keys, "charts", "datasets"))
    _owners(data["urn"], EntityType.DASHBOARD, data, actor)


_WRITERS: dict[str, tuple[type[serializers.Serializer], Callable[[dict, str], None]]] = {
    "tags": (TagEntrySerializer, _tag),
    "domains": (DomainEntrySerializer, _domain),
    "glossary_nodes": (GlossaryNodeEntrySerializer, _node),
    "glossary_terms": (GlossaryTermEntrySerializer, _term),
    "containers": (ContainerEntrySerializer, _container),
    "pipelines": (PipelineEntrySerializer, _pipeline),
    "charts": (ChartEntrySerializer, _chart),
    "dashboards": (DashboardEntrySerializer, _dashboard),
}


def entity_count(body: dict[str, Any]) -> int:
    """How many entity entries ``body`` holds; a section that is not a list refuses the
    request before anything is written."""
    for section in SECTIONS:
        if section in body and not isinstance(body[section], list):
            raise ApplicationError(
                f"`{section}` must be a list.", fields={section: ["must be a list"]}
            )
    return sum(len(body.get(s, [])) for s in SECTIONS)


def entities_write(body: dict[str, Any], *, actor: str) -> EntityBatchResult:
    """Write the entity sections of a bulk request, in the order of ``SECTIONS`` (groups before
    their terms, containers before the datasets in them)."""
    result = EntityBatchResult()
    for section in SECTIONS:
        entries = body.get(section) or []
        serializer_class, write = _WRITERS[section]
        for index, entry in enumerate(entries):
            parsed = serializer_class(data=entry)
            if not parsed.is_valid():
                result.errors.append(_error(section, index, entry, "invalid", parsed.errors))
                continue
            try:
                with transaction.atomic():
                    write(parsed.validated_data, actor)
            except ApplicationError as exc:
                result.errors.append(_error(section, index, entry, exc.message, exc.fields))
                continue
            result.written += 1
    return result


def _error(section: str, index: int, entry: Any, message: str, fields: Any) -> dict[str, Any]:
    key = ""
    if isinstance(entry, dict):
        value = entry.get("urn", entry.get("name", ""))
        key = value if isinstance(value, str) else ""
    if message == "invalid":
        first = next(iter(fields.items()), ("entry", ["invalid"]))
        message = f"{first[0]}: {first[1][0] if isinstance(first[1], list) else first[1]}"
    return {
        "section": section,
        "index": index,
        "key": key,
        "message": message,
        "fields": dict(fields),
    }
