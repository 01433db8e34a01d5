"""The auto schema drf_yasg builds every operation with (SWAGGER_SETTINGS names it).

Apart from core.schema because drf_yasg's inspectors (and `packaging`, which they
import) are needed only to generate the schema, not on a cold start.
"""

from typing import Any

from drf_yasg import openapi
from drf_yasg.generators import OpenAPISchemaGenerator
from drf_yasg.inspectors import (
    DjangoRestResponsePagination,
    FieldInspector,
    InlineSerializerInspector,
    NotHandled,
    SwaggerAutoSchema,
)
from rest_framework import serializers

from core.rest import StrictLimitOffsetPagination
from core.schema import BODY_ERRORS, ERROR_RESPONSES, ERROR_SCHEMA, THROTTLED, JSONValueField, Page


class MDTSchemaGenerator(OpenAPISchemaGenerator):
    """drf-yasg marks a read-only string that may not be blank as ``minLength: 1`` although
    the API serves it as stored, "" included (a user's title, a dataset's description): a
    read-only value is not a constraint on the client, so the bound is dropped there."""

    def get_schema(self, request: Any = None, public: bool = False) -> openapi.Swagger:
        schema = super().get_schema(request, public)
        _read_only_bounds_drop(schema)
        return schema


def _read_only_bounds_drop(node: Any) -> None:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("readOnly") and "minLength" in item:
                del item["minLength"]
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


class PageInspector(FieldInspector):
    """A ``Page`` as the envelope the API's paginator writes, from drf-yasg's own paginator
    inspector (inline, as for generic list views)."""

    def field_to_swagger_object(
        self, field: Any, swagger_object_type: Any, use_references: bool, **kwargs: Any
    ) -> Any:
        if not isinstance(field, Page) or swagger_object_type is not openapi.Schema:
            return NotHandled
        items = self.probe_field_inspectors(field.items(many=True), openapi.Schema, use_references)
        envelope = DjangoRestResponsePagination(
            self.view, self.path, self.method, self.components, self.request
        )
        return envelope.get_paginated_response(StrictLimitOffsetPagination(), items)


class JSONValueInspector(FieldInspector):
    """A ``JSONValueField`` as a schema with no type: any JSON value."""

    def field_to_swagger_object(
        self, field: Any, swagger_object_type: Any, use_references: bool, **kwargs: Any
    ) -> Any:
        if not isinstance(field, JSONValueField) or swagger_object_type is not openapi.Schema:
            return NotHandled
        return openapi.SwaggerDict(
            title=str(field.label) if field.label else None,
            description=str(field.help_text) if field.help_text else None,
            read_only=kwargs.get("read_only"),
        )


class NullableNestedInspector(FieldInspector):
    """A nested serializer that may be null (``allow_null``), written inline with
    ``x-nullable``: Swagger 2 allows nothing beside a ``$ref``, so drf-yasg's reference would
    say the value is always an object (or, put on the shared definition, that every use of it
    may be null)."""

    def field_to_swagger_object(
        self, field: Any, swagger_object_type: Any, use_references: bool, **kwargs: Any
    ) -> Any:
        nested = isinstance(field, serializers.Serializer) and not getattr(field, "many", False)
        if not (nested and field.allow_null) or swagger_object_type is not openapi.Schema:
            return NotHandled
        inline = InlineSerializerInspector(
            self.view, self.path, self.method, self.components, self.request, self.field_inspectors
        )
        schema = inline.field_to_swagger_object(field, swagger_object_type, False, **kwargs)
        schema["x-nullable"] = True
        return schema


class MDTAutoSchema(SwaggerAutoSchema):
    """Every 4xx/5xx body is the one error shape (core.rest): 400, 401 and 403 are added to
    every operation that does not list its own, 404 to every operation with a path parameter,
    413 to every operation that takes a body (whose 400 then names the parser's refusals too),
    429 to every write of a view with throttles (the rate limits count writes, logins and
    refreshes), and an error response given by its description alone gets the error schema."""

    field_inspectors = [
        PageInspector,
        JSONValueInspector,
        NullableNestedInspector,
        *SwaggerAutoSchema.field_inspectors,
    ]

    def get_response_serializers(self) -> dict:
        responses = super().get_response_serializers()
        for code, response in responses.items():
            if code.isdigit() and int(code) >= 400 and isinstance(response, str):
                responses[code] = openapi.Response(response, ERROR_SCHEMA)
        present = {str(code) for code in responses}
        defaults = {**ERROR_RESPONSES, 429: THROTTLED}
        if self.method.lower() in ("post", "put", "patch"):
            defaults.update(BODY_ERRORS)
        codes = [400, 401, 403] + ([404] if "{" in self.path else [])
        codes += [413] if 413 in defaults else []
        if self.method.lower() not in ("get", "head", "options") and self.view.throttle_classes:
            codes.append(429)
        for code in codes:
            if str(code) not in present:
                responses[str(code)] = defaults[code]
        return responses
