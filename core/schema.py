"""Swagger (drf-yasg) pieces shared by every app: the error body and the auth markers.

The API modules import this on every cold start, so it stays light: the auto schema class, which
needs drf_yasg's inspectors, lives in core/schema_inspector.py and is loaded only
when a schema is generated.
"""

from drf_yasg import openapi

ERROR_SCHEMA = openapi.Schema(
    title="Error",
    type=openapi.TYPE_OBJECT,
    required=["error"],
    properties={
        "error": openapi.Schema(
            type=openapi.TYPE_OBJECT,
            required=["code", "message", "fields"],
            properties={
                "code": openapi.Schema(type=openapi.TYPE_STRING, example="invalid"),
                "message": openapi.Schema(type=openapi.TYPE_STRING),
                "fields": openapi.Schema(
                    type=openapi.TYPE_OBJECT,
                    description="Field or parameter name → list of messages.",
                    additional_properties=openapi.Schema(
                        type=openapi.TYPE_ARRAY, items=openapi.Schema(type=openapi.TYPE_STRING)
                    ),
                ),
            },
        )
    },
)

_ERROR = openapi.Response("Error", ERROR_SCHEMA)
ERROR_RESPONSES = {400: _ERROR, 401: _ERROR, 403: _ERROR, 404: _ERROR}
NO_AUTH: list = []
