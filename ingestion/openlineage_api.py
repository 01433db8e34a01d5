"""``POST /api/v1/lineage``: where OpenLineage's HTTP transport (and anything that talks to
Marquez) sends RunEvents. The serializers check the envelope the mapping relies on; the facets
MDT reads are checked by ``openlineage.py``, so a malformed one is a 400 naming its path."""

import gzip
import io
import zlib

from drf_yasg.utils import swagger_auto_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.permissions import CanIngest
from catalog.services import actor_of
from catalog.urns import FABRIC_TYPES
from core.parsers import JSONParser
from ingestion.openlineage import EVENT_TYPES, job_actor, openlineage_event_ingest

# Plain input/output serializers: nothing is saved through them.
# pylint: disable=abstract-method

MAX_DECOMPRESSED_BYTES = 10 * 1024 * 1024
MAX_DATASETS = 1000


class OpenLineageJSONParser(JSONParser):
    """JSON, gzip-compressed when the transport is configured with ``compression: gzip``."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        encoding = request.META.get("HTTP_CONTENT_ENCODING", "") if request is not None else ""
        if encoding.strip().lower() == "gzip":
            try:
                with gzip.GzipFile(fileobj=stream) as unzipped:
                    body = unzipped.read(MAX_DECOMPRESSED_BYTES + 1)
            except (OSError, EOFError, zlib.error) as exc:
                raise ParseError(f"Body is not valid gzip: {exc}") from exc
            if len(body) > MAX_DECOMPRESSED_BYTES:
                raise ParseError("Decompressed body is larger than 10 MiB.")
            stream = io.BytesIO(body)
        return super().parse(stream, media_type, parser_context)


class _FacetsField(serializers.DictField):
    """Facets are open-ended (any producer may add its own); MDT reads a few of them."""

    child = serializers.JSONField()


class RunSerializer(serializers.Serializer):
    runId = serializers.UUIDField()  # OpenLineage's camelCase names
    facets = _FacetsField(required=False)


class JobSerializer(serializers.Serializer):
    namespace = serializers.CharField(max_length=200)
    name = serializers.CharField(max_length=200)
    facets = _FacetsField(required=False)


class DatasetSerializer(serializers.Serializer):
    namespace = serializers.CharField(max_length=500)
    name = serializers.CharField(max_length=500)
    facets = _FacetsField(required=False)
    inputFacets = _FacetsField(required=False)
    outputFacets = _FacetsField(required=False)


class RunEventSerializer(serializers.Serializer):
    eventType = serializers.ChoiceField(
        choices=EVENT_TYPES, required=False, help_text="Missing means OTHER, as in the spec."
    )
    eventTime = serializers.DateTimeField()
    run = RunSerializer()
    job = JobSerializer()
    inputs = DatasetSerializer(many=True, required=False, max_length=MAX_DATASETS)
    outputs = DatasetSerializer(many=True, required=False, max_length=MAX_DATASETS)
    producer = serializers.CharField(required=False, allow_blank=True)
    schemaURL = serializers.CharField(required=False, allow_blank=True)

    def validate_job(self, job):
        if len(job_actor(namespace=job["namespace"], name=job["name"])) > 300:
            raise serializers.ValidationError("namespace and name are too long together.")
        return job


class LineageQuerySerializer(serializers.Serializer):
    origin = serializers.ChoiceField(
        choices=FABRIC_TYPES,
        default="PROD",
        help_text="Origin (fabric) of the datasets; point a DEV emitter at ?origin=DEV.",
    )


class DatasetCountsSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    failed = serializers.IntegerField()


class DatasetErrorSerializer(serializers.Serializer):
    namespace = serializers.CharField()
    name = serializers.CharField()
    urn = serializers.CharField(
        allow_blank=True, help_text="Empty when the namespace could not be mapped."
    )
    code = serializers.CharField()
    message = serializers.CharField()


class LineageResultSerializer(serializers.Serializer):
    event_type = serializers.ChoiceField(choices=EVENT_TYPES)
    job = serializers.CharField(help_text="The job's dataJob URN, the actor of its edges.")
    written = serializers.BooleanField(help_text="False for FAIL and ABORT, which write nothing.")
    datasets = DatasetCountsSerializer()
    edges = serializers.IntegerField(help_text="Lineage edges this job holds into its outputs.")
    errors = DatasetErrorSerializer(
        many=True, help_text="Datasets, owners or the task left out, and why."
    )
    data_job = serializers.CharField(
        allow_blank=True,
        help_text="The task (DataHub dataJob URN, as DataHub's OpenLineage converter names it) "
        "this event's run was recorded on; empty when the job could not be stored.",
    )


class OpenLineageView(APIView):
    permission_classes = [CanIngest]
    parser_classes = [OpenLineageJSONParser]

    @swagger_auto_schema(
        operation_summary="Ingest an OpenLineage RunEvent (Marquez-compatible)",
        operation_description=(
            "The endpoint OpenLineage's HTTP transport posts to (`url` = MDT, `endpoint` = "
            "`api/v1/lineage`, `auth: {type: api_key, apiKey: <MDT token>}`). COMPLETE writes "
            "inputs, outputs (schema, documentation, ownership facets) and edges input → output "
            "with the job as actor and the columnLineage facet as column mappings; START, "
            "RUNNING and OTHER register the inputs only; FAIL and ABORT write no dataset. Every "
            "event also writes its job as a pipeline task (dataFlow/dataJob: orchestrator from "
            "the jobType facet, processing engine or producer; flow = the job name up to its "
            "first dot, or the parent facet's job's; cluster = namespace) with its run's state "
            "and time; a COMPLETE sets the task's inputs and outputs. Datasets "
            "whose namespace MDT cannot map are reported in `errors`; the rest is written. "
            "Requires a token of an ingestion service account or an admin. Also served at "
            "`/api/v1/lineage/`."
        ),
        query_serializer=LineageQuerySerializer,
        request_body=RunEventSerializer,
        responses={
            201: LineageResultSerializer,
            400: "Malformed event: `fields` names what is wrong",
            401: "No or invalid token",
            403: "The token's user may not ingest",
        },
        security=[{"Bearer": []}],
        tags=["ingestion"],
    )
    def post(self, request):
        params = LineageQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        serializer = RunEventSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = openlineage_event_ingest(
            event=serializer.validated_data,
            actor=actor_of(request.user),
            origin=params.validated_data["origin"],
        )
        return Response(result.as_dict(), status=status.HTTP_201_CREATED)


class OpenLineageSlashView(OpenLineageView):
    """The same endpoint with a trailing slash, left out of the schema so it is listed once."""

    swagger_schema = None
