"""Errors of the accounts services; the API's exception handler renders them in MDT's shape."""

from core.errors import ApplicationError


class ServiceTokenInvalid(ApplicationError):
    status = 401
    code = "token_not_valid"


class ServiceTokenForbidden(ApplicationError):
    status = 403
    code = "permission_denied"


class AccountForbidden(ApplicationError):
    status = 403
    code = "permission_denied"
