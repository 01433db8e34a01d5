"""The subset of DataHub's GMS REST API that acryl-datahub's ``datahub-rest`` sink uses, so
``datahub ingest`` recipes load into MDT unchanged: ``GET /config`` (the sink's probe),
``POST /aspects?action=ingestProposal`` and ``…ingestProposalBatch`` (MCPs), and
``POST /entities?action=ingest`` (MCE snapshots). Served under ``/api/gms/``.

Auth is MDT's: the sink's ``token`` is sent as ``Authorization: Bearer <token>`` and must act
as a user who may ingest. Give it a ``mdt_pat_…`` service token (DataHub's personal access
token); a JWT access token works too but expires part-way through a long run. These endpoints
are DataHub's protocol, not MDT's API, so they are left out of the Swagger schema.
"""

from rest_framework.exceptions import ParseError, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import services
from catalog.permissions import CanIngest
from ingestion.datahub import records_ingest

# What DataHub's GMS answers at /config, reduced to what clients read. "noCode" tells the
# client it reached GMS rather than DataHub's frontend.
SERVER_CONFIG = {
    "noCode": "true",
    "retention": "true",
    "statefulIngestionCapable": False,
    "patchCapable": False,
    "supportsImpactAnalysis": False,
    "timeZone": "GMT",
    "datasetUrnNameCasing": False,
    "models": {},
    "versions": {"acryldata/datahub": {"version": "v0.13.0", "commit": "mdt"}},
    "managedIngestion": {"enabled": False},
    "telemetry": {"enabledCli": False, "enabledIngestion": False},
}


class _GmsView(APIView):
    swagger_schema = None
    permission_classes = [CanIngest]

    def _ingest(self, request, records: list) -> Response:
        result = records_ingest(records, actor=services.actor_of(request.user))
        if result.batch.errors:
            error = result.batch.errors[0]
            # GMS refuses a bad proposal with 400 and the reason; the sink reports it.
            return Response(
                {
                    "error": {"code": error.code, "message": error.message, "fields": error.fields},
                    "message": f"{error.urn}: {error.message}",
                    "status": 400,
                },
                status=400,
            )
        return Response({"value": result.as_dict()})


class GmsConfigView(APIView):
    swagger_schema = None
    permission_classes = [AllowAny]  # DataHub's /config is public too; it holds no data

    def get(self, request):
        del request
        return Response(SERVER_CONFIG)


class GmsAspectsView(_GmsView):
    def post(self, request):
        action = request.query_params.get("action")
        body = request.data if isinstance(request.data, dict) else {}
        if action == "ingestProposal" and isinstance(body.get("proposal"), dict):
            return self._ingest(request, [body["proposal"]])
        if action == "ingestProposalBatch" and isinstance(body.get("proposals"), list):
            return self._ingest(request, [p for p in body["proposals"] if isinstance(p, dict)])
        raise ParseError(f"Unsupported action {action!r} or body for /aspects.")


class GmsEntitiesView(_GmsView):
    def post(self, request):
        action = request.query_params.get("action")
        body = request.data if isinstance(request.data, dict) else {}
        entity = body.get("entity")
        if action == "ingest" and isinstance(entity, dict):
            return self._ingest(request, [{"proposedSnapshot": entity.get("value", {})}])
        entities = body.get("entities")
        if action == "batchIngest" and isinstance(entities, list):
            if not all(isinstance(e, dict) for e in entities):
                raise ParseError("Every entity of a batchIngest must be an object.")
            records = [{"proposedSnapshot": e.get("value", {})} for e in entities]
            return self._ingest(request, records)
        if action == "delete":
            raise PermissionDenied("Deleting entities through the GMS API is not supported.")
        raise ParseError(f"Unsupported action {action!r} or body for /entities.")
