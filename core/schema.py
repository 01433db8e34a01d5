"""Swagger (drf-yasg) pieces shared by every app: the error body, the auth markers, and two
serializer pieces for what drf-yasg cannot tell from a serializer alone (a page a view builds
with its paginator, a JSON value that need not be an object).

The API modules import this on every cold start, so it stays light: the auto schema class, which
needs drf_yasg's inspectors, lives in core/schema_inspector.py and is loaded only
when a schema is generated.
"""

from typing import Any

from drf_yasg import openapi
from rest_framework import serializers

from core.parsers import MAX_JSON_DEPTH

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
                    # Any value: a nested object's errors nest (a map of its fields, or for a
                    # list of objects a list of such maps), which Swagger 2.0 has no union for.
                    additional_properties=openapi.SwaggerDict(
                        description="A list of messages; for a nested object or list of "
                        "objects, its errors in the same form."
                    ),
                ),
            },
        )
    },
)

_ERROR = openapi.Response("Error", ERROR_SCHEMA)
ERROR_RESPONSES = {400: _ERROR, 401: _ERROR, 403: _ERROR, 404: _ERROR}
THROTTLED = openapi.Response("Over a rate limit: wait Retry-After seconds", ERROR_SCHEMA)
# Of any operation that takes a body, unless it describes its own: the parser refuses text that
# is not JSON or nests too deep, and DATA_UPLOAD_MAX_MEMORY_SIZE bounds every request's body.
BODY_ERRORS = {
    400: openapi.Response(
        "Invalid input, or a body that is not JSON or nests arrays and objects deeper than "
        f"{MAX_JSON_DEPTH} levels",
        ERROR_SCHEMA,
    ),
    413: openapi.Response("The body is over the size limit", ERROR_SCHEMA),
}
NO_AUTH: list = []


class Page(serializers.Serializer):  # pylint: disable=abstract-method
    """A limit/offset page of ``items`` (a serializer class), for the Swagger document only:
    ``responses={200: Page(ItemSerializer)}``, or a field of a response serializer. Views that
    page by hand (an APIView calling the paginator) get no envelope from drf-yasg, which wraps
    only the default response of generic list views; the schema inspector shows this one as
    the paginator's envelope, the same as theirs."""

    def __init__(self, items: type[serializers.BaseSerializer], **kwargs: Any) -> None:
        self.items = items
        super().__init__(**kwargs)


class JSONValueField(serializers.JSONField):
    """A JSONField whose value may be any JSON value (a string, a list, an object or null), not
    only the object drf-yasg assumes: shown as a schema without a type, Swagger 2.0's "any"."""
