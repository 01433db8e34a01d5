"""What MDT stores about the entities around datasets, in DataHub's aspect shapes (the plain
encoding GMS answers), so ``datahub get --urn urn:li:glossaryTerm:…``, the graph client's
``get_aspect`` and ``exists`` read them, and a PATCH applies to them.

Every entity answers its key aspect and ``ownership``; each type its own aspects (those
``around`` maps). Links read back as edges only (``inputDatasetEdges``, ``chartEdges``…), the
lists beside them empty, so a patch that removes an edge removes the link. An entity MDT does
not know answers None (GMS's 404).
"""

from typing import Any, Callable

from django.db.models import Max

from catalog.entity_models import (
    Chart,
    Container,
    Dashboard,
    DataFlow,
    DataJob,
    EntityChange,
    EntityLink,
    EntityOwnership,
    GlossaryNode,
    GlossaryTermRelation,
    LinkKind,
)
from catalog.models import CUSTOM_OWNERSHIP_TYPE, Domain, GlossaryTerm, Tag
from catalog.urns import flow_urn_parse, job_urn_parse
from core.errors import ApplicationError

UNKNOWN_ACTOR = "urn:li:corpuser:unknown"
CLASS_NAMES = {
    "glossaryTermKey": "com.linkedin.metadata.key.GlossaryTermKey",
    "glossaryTermInfo": "com.linkedin.glossary.GlossaryTermInfo",
    "glossaryRelatedTerms": "com.linkedin.glossary.GlossaryRelatedTerms",
    "glossaryNodeKey": "com.linkedin.metadata.key.GlossaryNodeKey",
    "glossaryNodeInfo": "com.linkedin.glossary.GlossaryNodeInfo",
    "tagKey": "com.linkedin.metadata.key.TagKey",
    "tagProperties": "com.linkedin.tag.TagProperties",
    "domainKey": "com.linkedin.metadata.key.DomainKey",
    "domainProperties": "com.linkedin.domain.DomainProperties",
    "containerKey": "com.linkedin.metadata.key.ContainerKey",
    "containerProperties": "com.linkedin.container.ContainerProperties",
    "subTypes": "com.linkedin.common.SubTypes",
    "dataPlatformInstance": "com.linkedin.common.DataPlatformInstance",
    "container": "com.linkedin.container.Container",
    "dataFlowKey": "com.linkedin.metadata.key.DataFlowKey",
    "dataFlowInfo": "com.linkedin.datajob.DataFlowInfo",
    "dataJobKey": "com.linkedin.metadata.key.DataJobKey",
    "dataJobInfo": "com.linkedin.datajob.DataJobInfo",
    "dataJobInputOutput": "com.linkedin.datajob.DataJobInputOutput",
    "chartKey": "com.linkedin.metadata.key.ChartKey",
    "chartInfo": "com.linkedin.chart.ChartInfo",
    "dashboardKey": "com.linkedin.metadata.key.DashboardKey",
    "dashboardInfo": "com.linkedin.dashboard.DashboardInfo",
    "ownership": "com.linkedin.common.Ownership",
}


def _set(aspect: dict[str, Any], **values: Any) -> dict[str, Any]:
    """``aspect`` with the optional ``values`` that are set (DataHub leaves an unset one out)."""
    return {**aspect, **{k: v for k, v in values.items() if v not in (None, "")}}


def _tuple_id(urn: str, prefix: str) -> tuple[str, str]:
    """``urn:li:chart:(looker,a,b)`` → ``("looker", "a,b")``."""
    tool, _, rest = urn[len(prefix) : -1].partition(",")
    return tool, rest


def key_aspect(entity_type: str, urn: str) -> tuple[str, dict[str, Any]] | None:
    """The entity's key aspect, from its URN alone (what GMS answers for any URN)."""
    named = {
        "tag": ("tagKey", "urn:li:tag:", "name"),
        "glossaryTerm": ("glossaryTermKey", "urn:li:glossaryTerm:", "name"),
        "glossaryNode": ("glossaryNodeKey", "urn:li:glossaryNode:", "name"),
        "domain": ("domainKey", "urn:li:domain:", "id"),
        "container": ("containerKey", "urn:li:container:", "guid"),
    }
    if entity_type in named:
        name, prefix, key = named[entity_type]
        return (name, {key: urn[len(prefix) :]}) if urn.startswith(prefix) else None
    try:
        if entity_type == "dataFlow":
            orchestrator, flow_id, cluster = flow_urn_parse(urn)
            return "dataFlowKey", {
                "orchestrator": orchestrator,
                "flowId": flow_id,
                "cluster": cluster,
            }
        if entity_type == "dataJob":
            flow, job_id = job_urn_parse(urn)
            return "dataJobKey", {"flow": flow, "jobId": job_id}
    except ApplicationError:
        return None
    for kind in ("chart", "dashboard"):
        prefix = f"urn:li:{kind}:("
        if entity_type == kind and urn.startswith(prefix) and urn.endswith(")"):
            tool, rest = _tuple_id(urn, prefix)
            return f"{kind}Key", {"dashboardTool": tool, f"{kind}Id": rest}
    return None


def _stamp(urn: str) -> dict[str, Any]:
    """The entity's last change (its history's newest row)."""
    last = EntityChange.objects.filter(entity_urn=urn).aggregate(at=Max("created_at"))["at"]
    return {"time": int(last.timestamp() * 1000) if last else 0, "actor": UNKNOWN_ACTOR}


def _ownership(urn: str, stamp: dict[str, Any]) -> dict[str, Any]:
    owners = []
    for row in EntityOwnership.objects.filter(entity_urn=urn).select_related("user", "group"):
        owner = row.user.urn if row.user_id else row.group.urn
        if row.type.startswith(CUSTOM_OWNERSHIP_TYPE):
            owners.append({"owner": owner, "type": "CUSTOM", "typeUrn": row.type})
        else:
            owners.append({"owner": owner, "type": row.type})
    return {"owners": owners, "lastModified": stamp}


def _edges(urn: str, kind: str) -> list[dict[str, str]]:
    targets = EntityLink.objects.filter(source_urn=urn, kind=kind).values_list(
        "target_urn", flat=True
    )
    return [{"destinationUrn": target} for target in targets]


def _tag(urn: str) -> dict[str, dict] | None:
    tag = Tag.objects.filter(name=urn.removeprefix("urn:li:tag:")).first()
    if tag is None:
        return None
    return {
        "tagProperties": _set({"name": tag.name}, description=tag.description, colorHex=tag.color)
    }


def _term(urn: str) -> dict[str, dict] | None:
    term = (
        GlossaryTerm.objects.select_related("node")
        .filter(name=urn.removeprefix("urn:li:glossaryTerm:"))
        .first()
    )
    if term is None:
        return None
    info = _set(
        {
            "customProperties": term.custom_properties or {},
            "definition": term.description,
            "termSource": "INTERNAL",
        },
        name=term.display_name,
        parentNode=term.node.urn if term.node_id else None,
        sourceUrl=term.source_url,
    )
    related: dict[str, list[str]] = {"isA": [], "hasA": [], "values": [], "relatedTo": []}
    for row in GlossaryTermRelation.objects.filter(term=term).select_related("related"):
        related[row.relation].append(row.related.urn)
    relations = {
        "isRelatedTerms": related["isA"],
        "hasRelatedTerms": related["hasA"],
        "values": related["values"],
        "relatedTerms": related["relatedTo"],
    }
    return {"glossaryTermInfo": info, "glossaryRelatedTerms": relations}


def _node(urn: str) -> dict[str, dict] | None:
    node = (
        GlossaryNode.objects.select_related("parent")
        .filter(name=urn.removeprefix("urn:li:glossaryNode:"))
        .first()
    )
    if node is None:
        return None
    info = _set(
        {"customProperties": {}, "definition": node.description},
        name=node.display_name,
        parentNode=node.parent.urn if node.parent_id else None,
    )
    return {"glossaryNodeInfo": info}


def _domain(urn: str) -> dict[str, dict] | None:
    domain = Domain.objects.filter(name=urn.removeprefix("urn:li:domain:")).first()
    if domain is None:
        return None
    properties = _set(
        {"customProperties": {}, "name": domain.display_name or domain.name},
        description=domain.description,
    )
    return {"domainProperties": properties}


def _container(urn: str) -> dict[str, dict] | None:
    container = Container.objects.select_related("platform", "parent").filter(urn=urn).first()
    if container is None:
        return None
    properties = dict(container.custom_properties or {})
    url = properties.pop("externalUrl", None)
    aspects: dict[str, dict] = {
        "containerProperties": _set(
            {"customProperties": properties, "name": container.name},
            externalUrl=url,
            qualifiedName=container.qualified_name,
            description=container.description,
        ),
        "subTypes": {"typeNames": [container.sub_type] if container.sub_type else []},
    }
    if container.platform_id:
        aspects["dataPlatformInstance"] = {"platform": container.platform.urn}
    if container.parent_id:
        aspects["container"] = {"container": container.parent.urn}
    return aspects


def _described(row: Any, name: str, url: str) -> dict[str, Any]:
    return _set(
        {"customProperties": row.custom_properties or {}, name: row.name},
        description=row.description,
        **{url: row.url},
    )


def _flow(urn: str) -> dict[str, dict] | None:
    flow = DataFlow.objects.filter(urn=urn).first()
    return None if flow is None else {"dataFlowInfo": _described(flow, "name", "externalUrl")}


def _job(urn: str) -> dict[str, dict] | None:
    job = DataJob.objects.select_related("flow").filter(urn=urn).first()
    if job is None:
        return None
    info = _described(job, "name", "externalUrl")
    info["type"] = {"string": job.type}  # a union of DataHub's job types and any string
    if job.flow_id:
        info["flowUrn"] = job.flow.urn
    io = {
        "inputDatasets": [],
        "outputDatasets": [],
        "inputDatasetEdges": _edges(urn, LinkKind.INPUT),
        "outputDatasetEdges": _edges(urn, LinkKind.OUTPUT),
    }
    return {"dataJobInfo": info, "dataJobInputOutput": io}


def _audit(stamp: dict[str, Any]) -> dict[str, Any]:
    return {"created": stamp, "lastModified": stamp}


def _chart(urn: str) -> dict[str, dict] | None:
    chart = Chart.objects.filter(urn=urn).first()
    if chart is None:
        return None
    info = _set(
        {
            "customProperties": chart.custom_properties or {},
            "title": chart.name,
            "description": chart.description,
            "lastModified": _audit(_stamp(urn)),
            "inputs": [],
            "inputEdges": _edges(urn, LinkKind.INPUT),
        },
        chartUrl=chart.url,
        type=chart.type,
    )
    return {"chartInfo": info}


def _dashboard(urn: str) -> dict[str, dict] | None:
    dashboard = Dashboard.objects.filter(urn=urn).first()
    if dashboard is None:
        return None
    info = _set(
        {
            "customProperties": dashboard.custom_properties or {},
            "title": dashboard.name,
            "description": dashboard.description,
            "charts": [],
            "chartEdges": _edges(urn, LinkKind.CONTAINS),
            "datasets": [],
            "datasetEdges": _edges(urn, LinkKind.INPUT),
            "dashboards": [],
            "lastModified": _audit(_stamp(urn)),
        },
        dashboardUrl=dashboard.url,
    )
    return {"dashboardInfo": info}


_READERS: dict[str, Callable[[str], dict[str, dict] | None]] = {
    "tag": _tag,
    "glossaryTerm": _term,
    "glossaryNode": _node,
    "domain": _domain,
    "container": _container,
    "dataFlow": _flow,
    "dataJob": _job,
    "chart": _chart,
    "dashboard": _dashboard,
}


def entity_type_of(urn: str) -> str:
    parts = urn.split(":", 3)
    return parts[2] if len(parts) > 3 and parts[:2] == ["urn", "li"] else ""


def readable(urn: str) -> bool:
    return entity_type_of(urn) in _READERS


def entity_aspects(urn: str) -> dict[str, dict[str, Any]] | None:
    """Every aspect MDT stores of the entity ``urn``, keyed by aspect name; None when MDT does
    not know the entity."""
    entity_type = entity_type_of(urn)
    reader = _READERS.get(entity_type)
    key = key_aspect(entity_type, urn)
    found = reader(urn) if reader and key else None
    if found is None or key is None:
        return None
    stamp = _stamp(urn)
    return {key[0]: key[1], **found, "ownership": _ownership(urn, stamp)}


def entity_stamp(urn: str) -> dict[str, Any]:
    return _stamp(urn)
