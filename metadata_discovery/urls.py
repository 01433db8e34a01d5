"""MDT's routes.

``include()`` imports its module at once. The routes a cold start seldom needs (ingestion, the
admin) are instead given to Django's resolver as a dotted path, which it imports the first time
a request reaches that prefix: a Lambda container that serves only the UI's API calls never loads
them, and ``reverse()``, the system checks and the Swagger schema still see every route.
"""

from django.urls import include, path, re_path
from django.urls.resolvers import RoutePattern, URLResolver

from metadata_discovery import docs_views, spa
from metadata_discovery.health import datahub_probe, healthz


def lazy_include(route: str, urlconf: str, namespace: str | None = None) -> URLResolver:
    """Like ``path(route, include(urlconf))``, but the module is imported on first use."""
    pattern = RoutePattern(route, is_endpoint=False)
    return URLResolver(pattern, urlconf, app_name=namespace, namespace=namespace)


api_v1 = [
    path("", include("accounts.urls")),
    path("", include("catalog.urls")),
    path("", include("search.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("config", datahub_probe, name="datahub-probe"),  # a DataHub client given MDT's root
    path("api/v1/", include(api_v1)),
    re_path(r"^api/swagger\.(?P<format>json|yaml)$", docs_views.schema, name="schema-json"),
    path("api/docs/", docs_views.swagger_ui, name="swagger-ui"),
    path("api/redoc/", docs_views.redoc, name="redoc"),
    # Bulk ingest, OpenLineage, ingestion runs (under v1/) and DataHub's GMS subset (gms/):
    # reached only by paths under /api/ that the routes above do not match.
    lazy_include("api/", "ingestion.urls"),
    lazy_include("admin/", "metadata_discovery.urls_admin", namespace="admin"),
    # The web UI: built files and, for any other path, index.html (client-side routes). Last.
    re_path(spa.SPA_PATH_PATTERN, spa.spa, name="spa"),
]

handler404 = "core.rest.json_404"
handler500 = "core.rest.json_500"
