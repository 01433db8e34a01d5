from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse

from search.backends import get_backend


def healthz(request):  # pylint: disable=unused-argument
    """Liveness: the database must answer (503 otherwise). The search backend is reported but
    does not fail the check: writes go on while it is down and the relay catches up."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "database": "unreachable", "detail": exc.__class__.__name__},
            status=503,
        )
    try:
        search = get_backend().health()
    except Exception as exc:  # pylint: disable=broad-exception-caught
        search = {"ok": False, "error": exc.__class__.__name__}
    return JsonResponse(
        {
            "status": "ok",
            "database": "ok",
            "search": "ok" if search.get("ok") else "degraded",
            "search_backend": search.get("backend", ""),
        }
    )


def datahub_probe(request):
    """``GET /config`` at MDT's root: where a DataHub client lands when given MDT's address
    rather than ``<MDT>/api/gms``. Answered as DataHub's own frontend answers (JSON without
    ``noCode``), so the client says it reached a frontend and names ``/api/gms``, instead of
    failing to parse the web UI's HTML."""
    return JsonResponse(
        {
            "service": "MDT",
            "message": "This is MDT's web address. DataHub clients talk to its GMS subset: "
            f"{request.build_absolute_uri('/api/gms')}",
            "gms": "/api/gms",
        }
    )
