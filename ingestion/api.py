"""``POST /api/v1/ingest/``: a batch of dataset documents upserted in one transaction.

The answer is 200 whenever the request itself is acceptable, even if some items were rejected:
each rejected item is listed with its index, URN and reason, and the others are kept. Only a
request that cannot be read at all (not JSON, no ``datasets`` list, too large) is refused whole.
"""

from drf_yasg.utils import swagger_auto_schema
from rest_framework.exceptions import ParseError
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog import services
from catalog.permissions import CanIngest
from catalog.writer.ingest import ingest_batch
from catalog.writer.items import BatchResult, ItemError
from core.errors import PayloadTooLargeError
from core.memory import gc_paused
from ingestion.entity_batch import MAX_ENTITIES, SECTIONS, entities_write, entity_count
from ingestion.serializers import (
    IngestRequestSerializer,
    IngestResultSerializer,
    item_parse,
)

MAX_ITEMS = 1000


def ingest_documents(documents: list, *, actor: str) -> BatchResult:
    """Parse each document (a bad one is reported, not fatal) and ingest the valid ones."""
    items, positions, rejected = [], [], []
    for index, document in enumerate(documents):
        parsed = item_parse(index, document)
        if isinstance(parsed, ItemError):
            rejected.append(parsed)
        else:
            items.append(parsed)
            positions.append(index)
    result = ingest_batch(items, actor=actor)
    for error in result.errors:
        error.index = positions[error.index]
    result.errors = sorted(result.errors + rejected, key=lambda error: error.index)
    return result


class IngestView(APIView):
    permission_classes = [CanIngest]

    @swagger_auto_schema(
        operation_summary="Ingest a batch of datasets (ingestion service accounts and admins)",
        operation_description=(
            f"Upserts up to {MAX_ITEMS} dataset documents in one transaction. Ingested aspects "
            "never overwrite what people edited in MDT. An item that fails validation is "
            "listed in `errors` (index, URN, reason); the others are kept."
        ),
        request_body=IngestRequestSerializer,
        responses={
            200: IngestResultSerializer,
            400: "The body is not a JSON object with a `datasets` list",
            401: "No or invalid token",
            403: "The user may not ingest",
            413: f"More than {MAX_ITEMS} datasets, or a body over the size limit",
        },
        tags=["ingestion"],
    )
    def post(self, request):
        with gc_paused():  # parsing the body allocates as much as the batch itself
            return self._post(request)

    def _post(self, request):
        body = request.data if isinstance(request.data, dict) else {}
        documents = body.get("datasets", [] if entity_count(body) else None)
        if not isinstance(documents, list):
            raise ParseError(
                "The body must be a JSON object with a `datasets` list (or entity lists: "
                f"{', '.join(SECTIONS)})."
            )
        if len(documents) > MAX_ITEMS:
            raise PayloadTooLargeError(
                f"{len(documents)} datasets in one batch; at most {MAX_ITEMS} are accepted. "
                "Split the batch."
            )
        if entity_count(body) > MAX_ENTITIES:
            raise PayloadTooLargeError(
                f"{entity_count(body)} entities in one batch; at most {MAX_ENTITIES} are "
                "accepted. Split the batch."
            )
        actor = services.actor_of(request.user)
        # Entities first: a dataset may name a container or a term the same request describes.
        entities = entities_write(body, actor=actor)
        batch = ingest_documents(documents, actor=actor)
        result = batch.as_dict() | {"schema_breaks": batch.schema_breaks}
        result |= {"entities_written": entities.written, "entity_errors": entities.errors}
        return Response(IngestResultSerializer(result).data)
