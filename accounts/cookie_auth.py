"""Login for the web UI with the refresh token in an HttpOnly cookie.

The SPA keeps the short-lived access token in memory only; the refresh token lives in a cookie
that JavaScript cannot read (HttpOnly), that the browser sends only to ``/api/v1/auth/`` and only
from MDT's own pages (SameSite=Strict), and only over HTTPS when the request came over HTTPS.
A reload therefore costs one call to ``session/refresh/`` instead of a new login, and an XSS bug
cannot steal a long-lived credential.

CSRF: SameSite=Strict already keeps cross-site requests from carrying the cookie; on top of
that every POST here must carry ``X-Requested-With: XMLHttpRequest``, a header a cross-site
form cannot set and a cross-site ``fetch`` cannot send without a CORS preflight MDT never
grants. The JSON endpoints ``auth/token/`` and ``auth/token/refresh/`` stay for API clients.
"""

from django.conf import settings
from drf_yasg import openapi
from drf_yasg.utils import swagger_auto_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.throttling import LoginThrottle, RefreshThrottle, login_checked
from accounts.tokens import TokenObtainSerializer, TokenRefreshVersionSerializer
from core.errors import ApplicationError
from core.schema import ERROR_RESPONSES, NO_AUTH

REFRESH_COOKIE = "mdt_refresh"
COOKIE_PATH = "/api/v1/auth/"
CSRF_HEADER = "X-Requested-With"
CSRF_HEADER_VALUE = "XMLHttpRequest"

# pylint: disable=abstract-method


class NotAuthenticatedError(ApplicationError):
    status = 401
    code = "not_authenticated"


class CsrfHeaderMissingError(ApplicationError):
    status = 403
    code = "csrf_header_missing"


class AccessSerializer(serializers.Serializer):
    access = serializers.CharField(help_text="Access token: send as `Bearer <access>`.")


class SessionLoginSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})


CSRF_HEADER_PARAM = openapi.Parameter(
    CSRF_HEADER,
    openapi.IN_HEADER,
    type=openapi.TYPE_STRING,
    required=True,
    enum=[CSRF_HEADER_VALUE],
    description="Required on every session call: a cross-site form cannot set it.",
)


def _require_csrf_header(request: Request) -> None:
    if request.headers.get(CSRF_HEADER) != CSRF_HEADER_VALUE:
        raise CsrfHeaderMissingError(
            f"Send the header {CSRF_HEADER}: {CSRF_HEADER_VALUE} with session calls."
        )


def _set_refresh_cookie(response: Response, request: Request, refresh: str) -> None:
    lifetime = settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"]
    response.set_cookie(
        REFRESH_COOKIE,
        refresh,
        max_age=int(lifetime.total_seconds()),
        path=COOKIE_PATH,
        secure=request.is_secure(),
        httponly=True,
        samesite="Strict",
    )


def _clear_refresh_cookie(response: Response) -> None:
    response.delete_cookie(REFRESH_COOKIE, path=COOKIE_PATH, samesite="Strict")


class _SessionView(APIView):
    # The cookie is the credential here; an expired access token must not block these calls.
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def get_authenticate_header(self, request):
        # Without it DRF turns a failed login (401) into a 403, unlike auth/token/.
        return 'Bearer realm="api"'

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        _require_csrf_header(request)


class SessionLoginView(_SessionView):
    throttle_classes = [LoginThrottle]

    @swagger_auto_schema(
        operation_summary="Web UI login: access token in the body, refresh token in a cookie",
        operation_description=(
            f"Sets the HttpOnly, SameSite=Strict cookie `{REFRESH_COOKIE}` (path {COOKIE_PATH}) "
            "holding the refresh token."
        ),
        request_body=SessionLoginSerializer,
        manual_parameters=[CSRF_HEADER_PARAM],
        responses={200: AccessSerializer, **ERROR_RESPONSES},
        security=NO_AUTH,
        tags=["auth"],
    )
    def post(self, request):
        serializer = TokenObtainSerializer(data=request.data)
        username = request.data.get("username") if isinstance(request.data, dict) else None
        login_checked(username, lambda: serializer.is_valid(raise_exception=True))
        response = Response({"access": serializer.validated_data["access"]})
        _set_refresh_cookie(response, request, serializer.validated_data["refresh"])
        return response


class SessionRefreshView(_SessionView):
    throttle_classes = [RefreshThrottle]

    @swagger_auto_schema(
        operation_summary="Web UI: swap the refresh cookie for a new access token",
        operation_description=(
            "Reads the refresh token from the cookie, rotates it (the old one is blacklisted), "
            "sets the new one in the cookie and returns a new access token."
        ),
        manual_parameters=[CSRF_HEADER_PARAM],
        responses={200: AccessSerializer, **ERROR_RESPONSES},
        security=NO_AUTH,
        tags=["auth"],
    )
    def post(self, request):
        refresh = request.COOKIES.get(REFRESH_COOKIE)
        if not refresh:
            raise NotAuthenticatedError("No session: log in first.")
        serializer = TokenRefreshVersionSerializer(data={"refresh": refresh})
        try:
            serializer.is_valid(raise_exception=True)
        except (TokenError, InvalidToken) as exc:
            response = Response(
                {"error": {"code": "token_not_valid", "message": str(exc), "fields": {}}},
                status=status.HTTP_401_UNAUTHORIZED,
            )
            _clear_refresh_cookie(response)
            return response
        response = Response({"access": serializer.validated_data["access"]})
        _set_refresh_cookie(response, request, serializer.validated_data.get("refresh", refresh))
        return response


class SessionLogoutView(_SessionView):
    @swagger_auto_schema(
        operation_summary="Web UI logout: revoke the refresh cookie and clear it",
        manual_parameters=[CSRF_HEADER_PARAM],
        responses={204: "Logged out (also when there was no session)", **ERROR_RESPONSES},
        security=NO_AUTH,
        tags=["auth"],
    )
    def post(self, request):
        refresh = request.COOKIES.get(REFRESH_COOKIE)
        if refresh:
            try:
                RefreshToken(refresh).blacklist()
            except TokenError:
                pass  # already expired or revoked: logging out is still a success
        response = Response(status=status.HTTP_204_NO_CONTENT)
        _clear_refresh_cookie(response)
        return response
