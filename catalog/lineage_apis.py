"""Lineage endpoints: the paged graph, impact analysis (JSON or CSV) and hand-edited
upstreams. Rules live in ``catalog.lineage``, ``catalog.impact`` and
``catalog.lineage_services``."""

import csv
import io
from collections.abc import Iterator

from django.http import StreamingHttpResponse
from drf_yasg import openapi
from drf_yasg.utils import swagger_auto_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from catalog import impact, lineage, lineage_services, services
from catalog.apis import IF_MATCH_PARAM, STALE, URN_PARAM, _DatasetView, _tagged
from catalog.lineage_serializers import (
    ImpactPageSerializer,
    ImpactQuerySerializer,
    LineageGraphSerializer,
    LineageQuerySerializer,
    UpstreamsEditSerializer,
    UpstreamsSerializer,
    graph_body,
)
from core.etags import if_match_version


class DatasetLineageView(_DatasetView):
    @swagger_auto_schema(
        operation_summary="The lineage graph around a dataset, paged per node",
        operation_description="Each node carries its neighbour counts and how many this "
        "response leaves out (*_hidden), with a cursor to fetch them. With columns=true the "
        "nodes carry their fields and field_edges the column-level lineage.",
        manual_parameters=[URN_PARAM],
        query_serializer=LineageQuerySerializer,
        responses={200: LineageGraphSerializer},
        tags=["lineage"],
    )
    def get(self, request, urn: str):
        params = LineageQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        options = {"limit": data["limit"], "columns": data["columns"]}
        if "cursor" in data:
            node_urn, direction, offset = lineage.cursor_decode(data["cursor"])
            dataset = self.get_dataset(node_urn)
            graph = lineage.lineage_graph(
                dataset=dataset, direction=direction, depth=1, offset=offset, **options
            )
        else:
            dataset = self.get_dataset(urn)
            graph = lineage.lineage_graph(
                dataset=dataset, direction=data["direction"], depth=data["depth"], **options
            )
        return Response(graph_body(graph, columns=data["columns"]))


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


CSV_COLUMNS = [
    "Name",
    "URN",
    "Type",
    "Platform",
    "Owners",
    "Actor",
    "Last Modified",
    "Hops",
    "Path",
]


def _csv_lines(result: impact.Impact) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield line(CSV_COLUMNS)
    for row in impact.impact_rows_all(result):
        yield line(
            [
                row.name,
                row.urn,
                row.type,
                row.platform,
                "; ".join(o["name"] for o in row.owners),
                row.actor,
                row.last_modified.isoformat() if row.last_modified else "",
                row.hops,
                " > ".join(step["name"] for step in row.path),
            ]
        )


class DatasetImpactView(_DatasetView):
    renderer_classes = [JSONRenderer, CSVRenderer]

    def handle_exception(self, exc):
        # Errors are JSON whatever the export format asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    @swagger_auto_schema(
        operation_summary="Everything a change to this dataset reaches (impact analysis)",
        operation_description="Datasets, tasks, charts and dashboards within max_hops, "
        "ordered by hops then name, each with one shortest path. ?format=csv (or Accept: "
        "text/csv) exports every row.",
        manual_parameters=[
            URN_PARAM,
            openapi.Parameter(
                "format",
                openapi.IN_QUERY,
                type=openapi.TYPE_STRING,
                enum=["json", "csv"],
                required=False,
            ),
        ],
        query_serializer=ImpactQuerySerializer,
        responses={200: ImpactPageSerializer},
        tags=["lineage"],
    )
    def get(self, request, urn: str):
        params = ImpactQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        dataset = self.get_dataset(urn)
        result = impact.dataset_impact(
            dataset=dataset,
            direction=data["direction"],
            max_hops=data["max_hops"],
            filters=params.to_filters(),
        )
        if request.accepted_renderer.format == "csv":
            response = StreamingHttpResponse(_csv_lines(result), content_type="text/csv")
            name = dataset.name.replace('"', "")[:100]
            response["Content-Disposition"] = f'attachment; filename="impact-{name}.csv"'
            return response
        return Response(self._page(request, result, data["limit"], data["offset"]))

    @staticmethod
    def _page(request, result: impact.Impact, limit: int, offset: int) -> dict:
        rows = impact.impact_details(result, result.rows[offset : offset + limit])
        url = request.build_absolute_uri()
        count = len(result.rows)
        following = None
        if offset + limit < count:
            following = replace_query_param(url, "offset", offset + limit)
        previous = None
        if offset > 0:
            previous = (
                remove_query_param(url, "offset")
                if offset - limit <= 0
                else replace_query_param(url, "offset", offset - limit)
            )
        return {
            "count": count,
            "next": following,
            "previous": previous,
            "totals": [{"hops": h, "count": n} for h, n in result.totals],
            "facets": {
                key: [{"value": v, "count": n} for v, n in values]
                for key, values in result.facets.items()
            },
            "results": [
                {
                    "urn": r.urn,
                    "type": r.type,
                    "name": r.name,
                    "platform": r.platform,
                    "origin": r.origin,
                    "status": r.status,
                    "owners": r.owners,
                    "actor": r.actor,
                    "last_modified": r.last_modified,
                    "hops": r.hops,
                    "path": r.path,
                }
                for r in rows
            ],
        }


class DatasetUpstreamsView(_DatasetView):
    @swagger_auto_schema(
        operation_summary="A dataset's upstreams as an editor sees them",
        operation_description="Ingested and hand-made, hidden ones included.",
        manual_parameters=[URN_PARAM],
        responses={200: UpstreamsSerializer},
        tags=["lineage"],
    )
    def get(self, request, urn: str):
        dataset = self.get_dataset(urn)
        body = {"upstreams": lineage.dataset_upstreams(dataset=dataset)}
        return _tagged(Response(UpstreamsSerializer(body).data), dataset.version)

    @swagger_auto_schema(
        operation_summary="Add or remove upstreams by hand",
        operation_description="A hand-made edge is kept apart from ingested ones: "
        "re-ingestion never removes it. Removing an ingested edge hides it (through later "
        "ingestion too); adding it back shows it again. All or nothing.",
        manual_parameters=[URN_PARAM, IF_MATCH_PARAM],
        request_body=UpstreamsEditSerializer,
        responses={200: UpstreamsSerializer, 412: STALE},
        tags=["lineage"],
    )
    def post(self, request, urn: str):
        self.get_dataset(urn)
        serializer = UpstreamsEditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        dataset = lineage_services.dataset_upstreams_edit(
            urn=urn,
            add=[(entry["urn"], entry["type"]) for entry in data["add"]],
            remove=data["remove"],
            actor=services.actor_of(request.user),
            expected_version=if_match_version(request),
        )
        body = {"upstreams": lineage.dataset_upstreams(dataset=dataset)}
        return _tagged(Response(UpstreamsSerializer(body).data), dataset.version)
