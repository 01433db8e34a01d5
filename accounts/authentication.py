"""Authentication by service token: ``Authorization: Bearer mdt_pat_…``.

Listed before JWTAuthentication in REST_FRAMEWORK's DEFAULT_AUTHENTICATION_CLASSES. A bearer
credential that starts with ``mdt_pat_`` is decided here, and a bad one is refused here (401)
rather than handed to the JWT class, which would only say it is not a JWT; any other bearer
credential is left to the JWT class. ``request.auth`` is the ServiceToken, so a view can tell a
pipeline from a person (see ``NotWithServiceToken``).
"""

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from accounts.errors import ServiceTokenInvalid
from accounts.models import ServiceToken
from accounts.services import SERVICE_TOKEN_PREFIX, service_token_authenticate

_KEYWORD = b"bearer"
_PREFIX = SERVICE_TOKEN_PREFIX.encode("ascii")


class ServiceTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if len(parts) < 2 or parts[0].lower() != _KEYWORD or not parts[1].startswith(_PREFIX):
            return None  # not ours: no header, another scheme, or a JWT
        if len(parts) > 2:
            raise exceptions.AuthenticationFailed(
                "Authorization header must be `Bearer <token>` (no spaces in the token).",
                code="bad_authorization_header",
            )
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(
                "Malformed service token.", code=ServiceTokenInvalid.code
            ) from exc
        try:
            token = service_token_authenticate(secret=secret)
        except ServiceTokenInvalid as exc:
            raise exceptions.AuthenticationFailed(exc.message, code=exc.code) from exc
        return token.owner, token

    def authenticate_header(self, request):
        # The same challenge as the JWT class, so a missing credential stays a 401, not a 403.
        return 'Bearer realm="api"'


class NotWithServiceToken(BasePermission):
    """Refuses requests authenticated by a service token: a leaked token must not be able to
    mint new tokens that outlive its own revocation."""

    message = "Manage service tokens from a login session, not with a service token."

    def has_permission(self, request, view) -> bool:
        return not isinstance(getattr(request, "auth", None), ServiceToken)
