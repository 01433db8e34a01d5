"""Read-only endpoints for ingestion runs: what ran, when, with what counts and errors."""

from drf_yasg import openapi
from drf_yasg.utils import swagger_auto_schema, swagger_serializer_method
from rest_framework import generics, serializers

from ingestion.models import IngestionRun, IngestionRunStatus
from ingestion.runs import ingestion_run_list


class IngestionRunErrorSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    code = serializers.CharField()
    message = serializers.CharField()
    urn = serializers.CharField(required=False, help_text="The dataset, when one failed.")
    unit = serializers.CharField(
        required=False, help_text="The work unit (e.g. a table), when it could not be read."
    )


class IngestionRunSerializer(serializers.ModelSerializer):
    duration_seconds = serializers.FloatField(read_only=True, allow_null=True)
    errors = serializers.SerializerMethodField(
        help_text=f"The first {IngestionRun.MAX_ERRORS} errors; `failed` counts them all."
    )

    class Meta:
        model = IngestionRun
        fields = [
            "id",
            "recipe_name",
            "source_type",
            "status",
            "dry_run",
            "actor",
            "started_at",
            "finished_at",
            "duration_seconds",
            "created",
            "updated",
            "unchanged",
            "failed",
            "removed",
            "errors",
            "cursor",
            "summary",
        ]
        read_only_fields = fields

    @swagger_serializer_method(serializer_or_field=IngestionRunErrorSerializer(many=True))
    def get_errors(self, run: IngestionRun) -> list[dict]:
        return run.errors  # as stored: a serializer would drop what it does not declare


class IngestionRunQuerySerializer(serializers.Serializer):  # pylint: disable=abstract-method
    recipe = serializers.CharField(required=False, allow_blank=True, max_length=200)
    status = serializers.ChoiceField(
        choices=IngestionRunStatus.choices, required=False, allow_blank=True
    )


class IngestionRunListView(generics.ListAPIView):
    serializer_class = IngestionRunSerializer

    def get_queryset(self):
        params = IngestionRunQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return ingestion_run_list(
            recipe_name=params.validated_data.get("recipe", ""),
            status=params.validated_data.get("status", ""),
        )

    @swagger_auto_schema(
        operation_summary="Ingestion runs, newest first",
        operation_description="Every recipe run (CLI or schedule) with its counts, errors, "
        "duration and, for a chunked run still going, its cursor. Filter by `recipe`, `status`.",
        query_serializer=IngestionRunQuerySerializer,
        tags=["ingestion"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class IngestionRunDetailView(generics.RetrieveAPIView):
    serializer_class = IngestionRunSerializer
    queryset = IngestionRun.objects.all()

    @swagger_auto_schema(
        operation_summary="One ingestion run",
        manual_parameters=[
            openapi.Parameter("id", openapi.IN_PATH, type=openapi.TYPE_INTEGER, required=True)
        ],
        responses={200: IngestionRunSerializer, 404: "No such run"},
        tags=["ingestion"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
