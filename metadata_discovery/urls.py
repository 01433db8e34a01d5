from django.contrib import admin
from django.urls import include, path, re_path
from drf_yasg import openapi
from drf_yasg.views import get_schema_view
from rest_framework.permissions import AllowAny

from metadata_discovery.health import healthz

SchemaView = get_schema_view(
    openapi.Info(
        title="MDT — Metadata Discovery Tool API",
        default_version="v1",
        description=(
            "Find datasets and read their schema, owners, lineage and docs. Authenticate with "
            "POST /api/v1/auth/token/, then click Authorize and enter `Bearer <access token>`. "
            'Errors always have the shape {"error": {"code", "message", "fields"}}.'
        ),
    ),
    public=True,
    permission_classes=[AllowAny],
    authentication_classes=[],
)

api_v1 = [
    path("", include("accounts.urls")),
    path("", include("catalog.urls")),
    path("", include("search.urls")),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    re_path(
        r"^api/swagger\.(?P<format>json|yaml)$",
        SchemaView.without_ui(cache_timeout=0),
        name="schema-json",
    ),
    path("api/docs/", SchemaView.with_ui("swagger", cache_timeout=0), name="swagger-ui"),
    path("api/redoc/", SchemaView.with_ui("redoc", cache_timeout=0), name="redoc"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler404 = "metadata_discovery.rest.json_404"
handler500 = "metadata_discovery.rest.json_500"
