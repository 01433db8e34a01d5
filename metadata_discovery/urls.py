from django.contrib import admin
from django.urls import include, path, re_path

from catalog.ingestion import gms
from metadata_discovery import docs_views, spa
from metadata_discovery.health import healthz

api_v1 = [
    path("", include("accounts.urls")),
    path("", include("catalog.urls")),
    path("", include("search.urls")),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    re_path(r"^api/swagger\.(?P<format>json|yaml)$", docs_views.schema, name="schema-json"),
    path("api/docs/", docs_views.swagger_ui, name="swagger-ui"),
    path("api/redoc/", docs_views.redoc, name="redoc"),
    path("healthz", healthz, name="healthz"),
    # DataHub's GMS REST subset for acryl-datahub's datahub-rest sink (server: <MDT>/api/gms).
    path("api/gms/config", gms.GmsConfigView.as_view(), name="gms-config"),
    path("api/gms/aspects", gms.GmsAspectsView.as_view(), name="gms-aspects"),
    path("api/gms/entities", gms.GmsEntitiesView.as_view(), name="gms-entities"),
    path("admin/", admin.site.urls),
    # The web UI: built files and, for any other path, index.html (client-side routes). Last.
    re_path(spa.SPA_PATH_PATTERN, spa.spa, name="spa"),
]

handler404 = "metadata_discovery.rest.json_404"
handler500 = "metadata_discovery.rest.json_500"
