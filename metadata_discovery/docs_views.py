"""Swagger UI, ReDoc and the schema, built on first use.

drf_yasg's views pull in its renderers and swagger_spec_validator (jsonschema): ~50-80 ms that a
Lambda cold start would pay on every request path, though only the docs pages need them.
"""

from functools import lru_cache

from django.conf import settings
from rest_framework.permissions import AllowAny

from metadata_discovery.csp import HEADER as CSP_HEADER

DESCRIPTION = (
    "Find datasets and read their schema, owners, lineage and docs. Authenticate with "
    "POST /api/v1/auth/token/, then click Authorize and enter `Bearer <access token>`. "
    'Errors always have the shape {"error": {"code", "message", "fields"}}.'
)


@lru_cache(maxsize=1)
def _views() -> dict:
    # pylint: disable=import-outside-toplevel
    from drf_yasg import openapi
    from drf_yasg.views import get_schema_view

    schema_view = get_schema_view(
        openapi.Info(
            title="MDT — Metadata Discovery Tool API", default_version="v1", description=DESCRIPTION
        ),
        public=True,
        permission_classes=[AllowAny],
        authentication_classes=[],
    )
    return {
        "schema": schema_view.without_ui(cache_timeout=0),
        "swagger": schema_view.with_ui("swagger", cache_timeout=0),
        "redoc": schema_view.with_ui("redoc", cache_timeout=0),
    }


def schema(request, *args, **kwargs):
    return _views()["schema"](request, *args, **kwargs)


def swagger_ui(request, *args, **kwargs):
    return _views()["swagger"](request, *args, **kwargs)


def redoc(request, *args, **kwargs):
    response = _views()["redoc"](request, *args, **kwargs)
    # ReDoc runs its search index in a Worker made from a blob: URL its own script creates;
    # without this the worker is refused and search finds nothing. Only this page allows it.
    response[CSP_HEADER] = redoc_policy()
    return response


def redoc_policy() -> str:
    return f"{settings.MDT_CSP_HTML}; worker-src blob:"
