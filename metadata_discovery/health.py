from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse


def healthz(request):  # pylint: disable=unused-argument
    """Liveness and database reachability, for load balancers and the keep-warm ping."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "database": "unreachable", "detail": exc.__class__.__name__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})
