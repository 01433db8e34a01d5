"""Errors that services raise. The API's exception handler turns them into the one error shape."""

from typing import Any


class ApplicationError(Exception):
    """A request MDT understood but must refuse; ``status`` is the HTTP status it maps to."""

    status = 400
    code = "invalid"

    def __init__(
        self, message: str, *, fields: dict[str, Any] | None = None, code: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        if code:
            self.code = code


class NotFoundError(ApplicationError):
    status = 404
    code = "not_found"


class ConflictError(ApplicationError):
    status = 409
    code = "conflict"


class PreconditionFailedError(ApplicationError):
    """The client's If-Match names a version that is no longer current (a lost update
    refused)."""

    status = 412
    code = "precondition_failed"


class PayloadTooLargeError(ApplicationError):
    status = 413
    code = "payload_too_large"
