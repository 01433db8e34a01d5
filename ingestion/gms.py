"""The subset of DataHub's GMS REST API that acryl-datahub's clients use, so ``datahub ingest``
recipes, ``datahub get``, the Python emitter and its patch builders work against MDT unchanged.
Served under ``/api/gms/``:

* ``GET /config`` (every client's probe);
* ``POST /aspects?action=ingestProposal`` and ``…ingestProposalBatch`` (MCPs: UPSERT, CREATE,
  RESTATE, PATCH and DELETE) and ``POST /entities?action=ingest`` (MCE snapshots);
* ``GET /aspects/{urn}?aspect=…&version=0`` and ``GET /entitiesV2/{urn}?aspects=List(…)``: what
  MDT stores of a dataset or of an entity around datasets (a term, a pipeline…), in DataHub's
  shapes (``ingestion.datahub.readback``, ``…around_read``); 404 only for an unknown entity or
  an aspect MDT does not store.

Each ingesting request adds to an ingestion run named after the pipeline's run id
(``ingestion.datahub.run_log``), which counts what MDT did not store.

Auth is MDT's: the sink's ``token`` is sent as ``Authorization: Bearer <token>`` and must act
as a user who may ingest. Give it a ``mdt_pat_…`` service token (DataHub's personal access
token); a JWT access token works too but expires part-way through a long run. These endpoints
are DataHub's protocol, not MDT's API, so they are left out of the Swagger schema.
"""

import re

from rest_framework.exceptions import NotFound, ParseError, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import selectors, services
from catalog.permissions import CanIngest
from catalog.urns import parse_dataset_urn
from core.errors import ApplicationError
from ingestion.datahub import around_read, records_ingest
from ingestion.datahub.readback import CLASS_NAMES, aspect_read, aspects_read
from ingestion.datahub.run_log import run_id_of, run_record

# What DataHub's GMS answers at /config, reduced to what clients read. "noCode" tells the
# client it reached GMS rather than DataHub's frontend.
SERVER_CONFIG = {
    "noCode": "true",
    "retention": "true",
    "statefulIngestionCapable": False,
    "patchCapable": True,
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
        actor = services.actor_of(request.user)
        result = records_ingest(records, actor=actor)
        run_record(
            result, name=run_id_of(records) or "gms", source_type="datahub-rest", actor=actor
        )
        errors = [
            (e["urn"], e["code"], e["message"], e["fields"]) for e in result.record_errors
        ] + [(e.urn, e.code, e.message, e.fields) for e in result.batch.errors]
        if errors:
            urn, code, message, fields = errors[0]
            # GMS refuses a bad proposal with 400 and the reason; the sink reports it. The
            # other records of the request are stored (each is taken whole or not at all).
            return Response(
                {
                    "error": {"code": code, "message": message, "fields": fields},
                    "message": f"{urn}: {message}" if urn else message,
                    "status": 400,
                    "value": result.as_dict(),
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


def _dataset(urn: str):
    if not urn.startswith("urn:li:dataset:"):
        raise NotFound(f"{urn!r}: MDT's GMS subset does not read this kind of entity.")
    try:
        return selectors.dataset_get(urn=urn)
    except ApplicationError as exc:
        raise NotFound(f"{urn!r}: {exc.message}") from exc


def _key_only(urn: str, wanted: list[str] | None) -> dict:
    try:
        key = parse_dataset_urn(urn)
    except ApplicationError:
        return {}
    if wanted is not None and "datasetKey" not in wanted:
        return {}
    value = {"platform": f"urn:li:dataPlatform:{key.platform}", "name": key.name}
    value["origin"] = key.origin
    return {"datasetKey": {"name": "datasetKey", "type": "VERSIONED", "version": 0, "value": value}}


def _stamp(dataset) -> dict:
    return {"time": int(dataset.modified_at.timestamp() * 1000), "actor": dataset.modified_by}


class GmsAspectReadView(APIView):
    """``GET /aspects/{urn}?aspect=ownership&version=0``: one aspect, as the graph client's
    ``get_aspect`` (and so csv-enricher and ``exists``) reads it."""

    swagger_schema = None

    def get(self, request, urn: str):
        name = request.query_params.get("aspect", "")
        if request.query_params.get("version", "0") != "0":
            raise NotFound("MDT keeps the latest version of an aspect (version=0) only.")
        if around_read.readable(urn):
            return self._entity(urn, name)
        dataset = _dataset(urn)
        value = aspect_read(dataset, name)
        if value is None:
            raise NotFound(f"MDT does not store the {name!r} aspect.")
        return Response(
            {"aspect": {CLASS_NAMES[name]: value}, "version": 0, "created": _stamp(dataset)}
        )

    @staticmethod
    def _entity(urn: str, name: str) -> Response:
        aspects = around_read.entity_aspects(urn)
        if aspects is None:
            raise NotFound(f"{urn!r} is not in MDT.")
        if name not in aspects:
            raise NotFound(f"MDT does not store the {name!r} aspect of {urn!r}.")
        value = {around_read.CLASS_NAMES[name]: aspects[name]}
        return Response({"aspect": value, "version": 0, "created": around_read.entity_stamp(urn)})


def _versioned(name: str, value: dict, stamp: dict) -> dict:
    return {"name": name, "type": "VERSIONED", "version": 0, "value": value, "created": stamp}


def _entity_aspects(urn: str, wanted: list[str] | None) -> dict:
    """An entity around datasets: its aspects; an unknown one its key alone, as GMS answers
    (``datahub get`` then says it is not found)."""
    aspects = around_read.entity_aspects(urn)
    if aspects is None:
        key = around_read.key_aspect(around_read.entity_type_of(urn), urn)
        aspects = dict([key]) if key else {}
    stamp = around_read.entity_stamp(urn)
    return {
        name: _versioned(name, value, stamp)
        for name, value in aspects.items()
        if wanted is None or name in wanted
    }


_LIST = re.compile(r"^List\((?P<names>[^()]*)\)$")


class GmsEntityReadView(APIView):
    """``GET /entitiesV2/{urn}?aspects=List(a,b)``: the entity's aspects, as ``datahub get``
    and the graph client's ``get_entity_raw`` read them. An unknown dataset answers with its key
    aspect alone, as GMS does: that is how ``datahub get`` tells "not found" (a 404 would be a
    traceback there); ``/aspects/{urn}`` is the existence check and answers 404."""

    swagger_schema = None

    def get(self, request, urn: str):
        wanted = None
        if "aspects" in request.query_params:
            match = _LIST.match(request.query_params["aspects"])
            if match is None:
                raise ParseError("aspects must be written List(name,name,…).")
            wanted = [n.strip() for n in match.group("names").split(",") if n.strip()]
        if around_read.readable(urn):
            return Response({"urn": urn, "aspects": _entity_aspects(urn, wanted)})
        try:
            dataset = _dataset(urn)
        except NotFound:
            return Response({"urn": urn, "aspects": _key_only(urn, wanted)})
        stamp = _stamp(dataset)
        aspects = {
            name: {
                "name": name,
                "type": "VERSIONED",
                "version": 0,
                "value": value,
                "created": stamp,
            }
            for name, value in aspects_read(dataset, wanted).items()
        }
        return Response({"urn": dataset.urn, "aspects": aspects})
