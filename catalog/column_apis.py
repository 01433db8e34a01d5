"""Column lineage and schema diff endpoints (contract §3, §4): thin views over
``catalog.lineage_columns`` and ``catalog.schema_diff``."""

from drf_yasg import openapi
from drf_yasg.utils import swagger_auto_schema
from rest_framework.response import Response

from catalog.apis import URN_PARAM, _DatasetView
from catalog.column_serializers import (
    ColumnTraceQuerySerializer,
    ColumnTraceSerializer,
    SchemaDiffQuerySerializer,
    SchemaDiffSerializer,
)
from catalog.lineage_columns import MAX_COLUMN_NODES, column_trace
from catalog.schema_diff import READER_HOPS, schema_diff

FIELD_PATH_PARAM = openapi.Parameter(
    "field_path",
    openapi.IN_PATH,
    type=openapi.TYPE_STRING,
    required=True,
    description="The field's path, percent-encoded, as the schema lists it (a DataHub v2 path "
    "such as [version=2.0].[type=struct].a.[type=string].b, or its simple form a.b).",
)


class ColumnLineageView(_DatasetView):
    @swagger_auto_schema(
        operation_summary="Column-level lineage of one field, through the edges' column mappings",
        operation_description=(
            "Breadth-first over the column mappings of the lineage edges a reader sees, up to "
            f"`max_hops` edges each way; at most {MAX_COLUMN_NODES} columns (`truncated` says "
            "when it stopped there). A DataHub v2 field path and its simple form name the same "
            "column. Lineage through pipeline tasks carries no columns and is not followed."
        ),
        manual_parameters=[URN_PARAM, FIELD_PATH_PARAM],
        query_serializer=ColumnTraceQuerySerializer,
        responses={200: ColumnTraceSerializer, 404: "No such dataset, or no such field in it"},
        tags=["datasets"],
    )
    def get(self, request, urn: str, field_path: str):
        params = ColumnTraceQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        dataset = self.get_dataset(urn)
        trace = column_trace(dataset=dataset, field_path=field_path, **params.validated_data)
        return Response(ColumnTraceSerializer(trace).data)


class SchemaDiffView(_DatasetView):
    @swagger_auto_schema(
        operation_summary="What a schema change did: fields added, removed and retyped, and who "
        "reads them (404 when the schema did not change in the versions asked)",
        operation_description=(
            "Versions are dataset versions (the `version` of its history events). Without "
            "`from` and `to`: the latest schema change against the version before it; `to` "
            "alone: the latest schema change at or below it; `from` alone: up to the current "
            "version. A removed or retyped field lists the columns reading it downstream, "
            f"{READER_HOPS} edges deep over today's column lineage; `unmapped_readers` are the "
            "direct downstreams whose edge maps no columns (listed only when something was "
            "removed or retyped). A version the dataset never had, or `from` not before `to`, "
            "is a 400; no schema change in the range (or no schema history) is a 404."
        ),
        manual_parameters=[URN_PARAM],
        query_serializer=SchemaDiffQuerySerializer,
        responses={
            200: SchemaDiffSerializer,
            404: "No such dataset, or no schema change in these versions",
        },
        tags=["datasets"],
    )
    def get(self, request, urn: str):
        params = SchemaDiffQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        dataset = self.get_dataset(urn)
        diff = schema_diff(
            dataset=dataset,
            from_version=params.validated_data.get("from"),
            to_version=params.validated_data.get("to"),
        )
        return Response(SchemaDiffSerializer(diff).data)
