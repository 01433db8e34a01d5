"""API plumbing shared by every app: the single error shape and strict pagination.

Every 4xx/5xx body is ``{"error": {"code", "message", "fields"}}``: ``fields`` maps a field (or
query parameter) name to its list of messages and is empty when the error is not about a field.
A nested serializer's errors keep their nesting: a map of its fields' messages, or a list of such
maps for a list of objects.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import set_rollback

from core.errors import ApplicationError, PayloadTooLargeError

logger = logging.getLogger(__name__)


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _flatten(detail: Any) -> Any:
    """DRF's ErrorDetail tree → plain lists/dicts of strings."""
    if isinstance(detail, dict):
        return {str(key): _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def _summary(fields: dict[str, Any]) -> str:
    parts = []
    for name, messages in fields.items():
        first = messages
        while isinstance(first, (list, dict)) and first:
            first = first[0] if isinstance(first, list) else next(iter(first.values()))
        parts.append(f"{name}: {first}" if name != "non_field_errors" else str(first))
    return "; ".join(parts) or "Invalid input."


def _too_large(request: HttpRequest | None) -> PayloadTooLargeError:
    """Django's RequestDataTooBig, raised by ``request.body`` (where DRF's JSON parser reads)
    for a body over DATA_UPLOAD_MAX_MEMORY_SIZE: a SuspiciousOperation, not an APIException."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    message = f"The body is too large: at most {limit} bytes are accepted."
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
    except ValueError:
        length = 0
    if length > limit:
        message = f"The body has {length} bytes; at most {limit} are accepted."
    return PayloadTooLargeError(message)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RequestDataTooBig):
        exc = _too_large(context.get("request"))
    elif isinstance(exc, SuspiciousOperation):
        # What Django refuses to read (more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters, …);
        # Django answers 400 and logs it under django.security, outside a DRF view too.
        logging.getLogger(f"django.security.{type(exc).__name__}").warning(str(exc))
        exc = exceptions.ParseError(str(exc), code="bad_request")
    if isinstance(exc, ApplicationError):
        set_rollback()
        return Response(error_body(exc.code, exc.message, exc.fields), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)

    if not isinstance(exc, exceptions.APIException):
        logger.exception("Unhandled error in API view")
        set_rollback()
        return Response(
            error_body("server_error", "Internal server error."),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )

    headers = {}
    if auth_header := getattr(exc, "auth_header", None):  # set by DRF's authentication checks
        headers["WWW-Authenticate"] = auth_header
    if wait := getattr(exc, "wait", None):  # set by Throttled
        headers["Retry-After"] = str(int(wait))

    if isinstance(exc, exceptions.ValidationError):
        invalid = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        fields = _flatten(invalid)
        body = error_body("invalid", _summary(fields), fields)
    else:
        detail = exc.detail
        if isinstance(detail, dict) and "detail" in detail:
            message = str(detail["detail"])
            code = str(detail.get("code", exc.default_code))
        else:
            message = str(detail)
            codes = exc.get_codes()
            code = codes if isinstance(codes, str) else str(exc.default_code)
        body = error_body(code, message)
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)


def json_404(
    request: HttpRequest, exception: Exception | None = None  # pylint: disable=unused-argument
) -> JsonResponse:
    return JsonResponse(error_body("not_found", f"No such URL: {request.path}"), status=404)


def json_500(request: HttpRequest) -> JsonResponse:  # pylint: disable=unused-argument
    return JsonResponse(error_body("server_error", "Internal server error."), status=500)


# The largest integer both databases store (a bigint): a larger id or offset is refused as input,
# not sent to the database (SQLite raises OverflowError, PostgreSQL "bigint out of range").
BIGINT_MAX = 2**63 - 1


class StrictLimitOffsetPagination(LimitOffsetPagination):
    """limit/offset pagination that refuses bad values instead of silently clamping them."""

    default_limit = 20

    @property
    def max_limit(self) -> int:  # type: ignore[override]
        return settings.API_MAX_PAGE_SIZE

    def get_limit(self, request: Request) -> int:
        return self._parse(request, self.limit_query_param, self.default_limit, 1, self.max_limit)

    def get_offset(self, request: Request) -> int:
        return self._parse(request, self.offset_query_param, 0, 0, BIGINT_MAX)

    @staticmethod
    def _parse(request: Request, name: str, default: int, low: int, high: int | None) -> int:
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
        except ValueError as exc:
            raise exceptions.ValidationError({name: [f"Must be an integer, got {raw!r}."]}) from exc
        if value < low:
            raise exceptions.ValidationError({name: [f"Must be at least {low}."]})
        if high is not None and value > high:
            raise exceptions.ValidationError(
                {name: [f"Must be at most {high}; page through larger results with offset."]}
                if name == "limit"
                else {name: [f"Must be at most {high}."]}
            )
        return value
