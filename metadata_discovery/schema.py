"""Swagger (drf-yasg) pieces shared by every app: the error body and the auth markers."""

from drf_yasg import openapi
from drf_yasg.inspectors import SwaggerAutoSchema

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


class MDTAutoSchema(SwaggerAutoSchema):
    """Adds the error responses to every operation that does not list its own."""

    def get_response_serializers(self):
        responses = super().get_response_serializers()
        present = {str(code) for code in responses}
        for code in ("400", "401", "403"):
            if code not in present:
                responses[code] = _ERROR
        return responses
