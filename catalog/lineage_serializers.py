"""Lineage graph, impact and hand-edited lineage: requests and responses."""

from typing import Any

from drf_yasg.utils import swagger_serializer_method
from rest_framework import serializers

from catalog import impact, lineage, lineage_columns
from catalog.entity_serializers import LineageJobSerializer
from catalog.models import DatasetStatus, LineageType, Source
from catalog.serializers import ColumnMappingSerializer
from catalog.urns import FABRIC_TYPES

# pylint: disable=abstract-method

# --- the graph ----------------------------------------------------------------------------


class LineageQuerySerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=["upstream", "downstream", "both"], default="both")
    depth = serializers.IntegerField(min_value=1, max_value=lineage.MAX_DEPTH, default=1)
    limit = serializers.IntegerField(
        min_value=1,
        max_value=lineage.MAX_LIMIT,
        default=lineage.DEFAULT_LIMIT,
        help_text="Neighbours drawn per node and direction; the rest are counted (*_hidden) "
        "and fetched with the node's cursor.",
    )
    columns = serializers.BooleanField(
        default=False, help_text="Add each node's fields and the field-to-field edges."
    )
    cursor = serializers.CharField(
        required=False,
        max_length=2000,
        help_text="A node's upstream_cursor or downstream_cursor: that node and its next "
        "neighbours in that direction (direction and depth are taken from it).",
    )


class LineageFieldSerializer(serializers.Serializer):
    field_path = serializers.CharField()
    type = serializers.CharField()
    native_type = serializers.CharField(allow_blank=True)


class LineageNodeSerializer(serializers.Serializer):
    urn = serializers.CharField(source="dataset.urn")
    name = serializers.CharField(source="dataset.name")
    platform = serializers.CharField(source="dataset.platform.name")
    origin = serializers.ChoiceField(source="dataset.origin", choices=FABRIC_TYPES)
    status = serializers.ChoiceField(source="dataset.status", choices=DatasetStatus.choices)
    hops = serializers.IntegerField(help_text="Distance from the root; negative is upstream.")
    upstream_count = serializers.IntegerField(source="counts.upstream")
    downstream_count = serializers.IntegerField(source="counts.downstream")
    upstream_hidden = serializers.IntegerField(
        source="hidden.upstream", help_text="Upstream neighbours this response leaves out."
    )
    downstream_hidden = serializers.IntegerField(source="hidden.downstream")
    upstream_cursor = serializers.CharField(source="cursors.upstream", allow_null=True)
    downstream_cursor = serializers.CharField(source="cursors.downstream", allow_null=True)
    fields = LineageFieldSerializer(
        many=True, allow_null=True, help_text="With columns=true its first 300 fields, else null."
    )


class LineageEdgeSerializer(serializers.Serializer):
    upstream = serializers.CharField(source="upstream.urn")
    downstream = serializers.CharField(source="downstream.urn")
    type = serializers.ChoiceField(choices=LineageType.choices)
    actor = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    column_mappings = serializers.SerializerMethodField()
    job = LineageJobSerializer(
        allow_null=True,
        default=None,
        help_text="The pipeline task that reads the upstream and writes the other",
    )
    sources = serializers.ListField(
        child=serializers.ChoiceField(choices=Source.choices),
        help_text="Who states the edge: ingested, editable (added by hand in MDT) or both.",
    )

    @swagger_serializer_method(serializer_or_field=ColumnMappingSerializer(many=True))
    def get_column_mappings(self, edge) -> list[dict[str, Any]]:
        return edge.column_mappings


class FieldEdgeSerializer(serializers.Serializer):
    upstream = serializers.CharField()
    upstream_field = serializers.CharField()
    downstream = serializers.CharField()
    downstream_field = serializers.CharField()
    transformation = serializers.CharField(allow_blank=True)


class LineageGraphSerializer(serializers.Serializer):
    root = serializers.CharField(source="root.urn")
    nodes = LineageNodeSerializer(many=True)
    edges = LineageEdgeSerializer(many=True)
    field_edges = FieldEdgeSerializer(
        many=True,
        help_text="With columns=true: one row per upstream field feeding a downstream field.",
    )
    truncated = serializers.BooleanField(
        help_text=f"More than {lineage.MAX_NODES} datasets were reached; some are left out."
    )


def graph_body(graph: lineage.Graph, *, columns: bool) -> dict[str, Any]:
    """What ``LineageGraphSerializer`` documents, built directly: a graph of 1,000 datasets
    through DRF's nested serializers took longer than reading it from the database."""
    nodes = []
    for node in graph.nodes:
        dataset = node.dataset
        nodes.append(
            {
                "urn": dataset.urn,
                "name": dataset.name,
                "platform": dataset.platform.name,
                "origin": dataset.origin,
                "status": dataset.status,
                "hops": node.hops,
                "upstream_count": node.counts["upstream"],
                "downstream_count": node.counts["downstream"],
                "upstream_hidden": node.hidden["upstream"],
                "downstream_hidden": node.hidden["downstream"],
                "upstream_cursor": node.cursors["upstream"],
                "downstream_cursor": node.cursors["downstream"],
                "fields": node.fields,
            }
        )
    edges = []
    for edge in graph.edges:
        job = getattr(edge, "job", None)
        edges.append(
            {
                "upstream": edge.upstream.urn,
                "downstream": edge.downstream.urn,
                "type": edge.type,
                "actor": edge.actor,
                "created_at": serializers.DateTimeField().to_representation(edge.created_at),
                "column_mappings": edge.column_mappings,
                "job": _job_body(job) if job is not None else None,
                "sources": edge.sources,
            }
        )
    return {
        "root": graph.root.urn,
        "nodes": nodes,
        "edges": edges,
        "field_edges": lineage_columns.field_edges(graph.edges) if columns else [],
        "truncated": graph.truncated,
    }


def _job_body(job) -> dict[str, Any]:
    flow = job.flow
    return {
        "urn": job.urn,
        "name": job.name,
        "flow": (
            {"urn": flow.urn, "name": flow.name, "orchestrator": flow.orchestrator}
            if flow is not None
            else None
        ),
    }


# --- impact -------------------------------------------------------------------------------


class ImpactQuerySerializer(serializers.Serializer):
    direction = serializers.ChoiceField(choices=["downstream", "upstream"], default="downstream")
    max_hops = serializers.IntegerField(min_value=1, max_value=impact.MAX_HOPS, default=3)
    platform = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list
    )
    type = serializers.ListField(
        child=serializers.ChoiceField(choices=impact.ENTITY_TYPES), required=False, default=list
    )
    owner = serializers.CharField(
        required=False, max_length=150, help_text="A username or a group name."
    )
    origin = serializers.ChoiceField(choices=FABRIC_TYPES, required=False)
    include_removed = serializers.BooleanField(default=False)
    limit = serializers.IntegerField(min_value=1, max_value=impact.MAX_PAGE, default=50)
    offset = serializers.IntegerField(min_value=0, default=0)

    def to_internal_value(self, data):
        if hasattr(data, "getlist"):  # repeated ?platform=a&platform=b
            data = {
                key: data.getlist(key) if key in ("platform", "type") else data.get(key)
                for key in data
            }
        return super().to_internal_value(data)

    def to_filters(self) -> impact.ImpactFilters:
        data = self.validated_data
        return impact.ImpactFilters(
            platforms=tuple(data["platform"]),
            types=tuple(data["type"]),
            owner=data.get("owner", ""),
            origin=data.get("origin", ""),
            include_removed=data["include_removed"],
        )


class ImpactOwnerSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["user", "group"])


class ImpactPathStepSerializer(serializers.Serializer):
    urn = serializers.CharField()
    name = serializers.CharField()
    type = serializers.ChoiceField(choices=impact.ENTITY_TYPES)


class ImpactRowSerializer(serializers.Serializer):
    urn = serializers.CharField()
    type = serializers.ChoiceField(choices=impact.ENTITY_TYPES)
    name = serializers.CharField()
    platform = serializers.CharField(allow_blank=True)
    origin = serializers.CharField(allow_blank=True)
    status = serializers.CharField(allow_blank=True)
    owners = ImpactOwnerSerializer(many=True)
    actor = serializers.CharField(
        allow_blank=True, help_text="Who or what made the edge that reached it (a task, a user)."
    )
    last_modified = serializers.DateTimeField(allow_null=True)
    hops = serializers.IntegerField()
    path = ImpactPathStepSerializer(
        many=True, help_text="One shortest path, the root first and this row last."
    )


class ImpactTotalSerializer(serializers.Serializer):
    hops = serializers.IntegerField()
    count = serializers.IntegerField()


class ImpactFacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField()


class ImpactFacetsSerializer(serializers.Serializer):
    type = ImpactFacetValueSerializer(many=True)
    platform = ImpactFacetValueSerializer(many=True)


class ImpactPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    totals = ImpactTotalSerializer(many=True, help_text="Rows per hop, after the filters.")
    facets = ImpactFacetsSerializer(
        help_text="Rows per type and per platform, before the type and platform filters."
    )
    results = ImpactRowSerializer(many=True)


# --- hand-edited lineage ------------------------------------------------------------------


class UpstreamAddSerializer(serializers.Serializer):
    urn = serializers.CharField(max_length=512)
    type = serializers.ChoiceField(choices=LineageType.choices, default=LineageType.TRANSFORMED)


class UpstreamsEditSerializer(serializers.Serializer):
    add = UpstreamAddSerializer(many=True, required=False)
    remove = serializers.ListField(
        child=serializers.CharField(max_length=512), required=False, default=list
    )

    def validate(self, attrs):
        attrs.setdefault("add", [])
        if not attrs["add"] and not attrs["remove"]:
            raise serializers.ValidationError("Give at least one upstream to add or remove.")
        if len(attrs["add"]) + len(attrs["remove"]) > 100:
            raise serializers.ValidationError("At most 100 upstreams per request.")
        return attrs


class EditableUpstreamSerializer(serializers.Serializer):
    urn = serializers.CharField()
    name = serializers.CharField()
    platform = serializers.CharField()
    type = serializers.ChoiceField(choices=LineageType.choices)
    sources = serializers.ListField(child=serializers.ChoiceField(choices=Source.choices))
    hidden = serializers.BooleanField(
        help_text="An editor removed this ingested edge: it is not drawn, even on re-ingestion."
    )


class UpstreamsSerializer(serializers.Serializer):
    upstreams = EditableUpstreamSerializer(many=True)
