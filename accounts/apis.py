from drf_yasg import openapi
from drf_yasg.utils import no_body, swagger_auto_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt import views as jwt_views
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import selectors, services
from accounts.authentication import NotWithServiceToken
from accounts.errors import AccountForbidden
from accounts.throttling import LoginThrottle, RefreshThrottle, login_checked
from accounts.serializers import (
    AccountSerializer,
    PasswordSetSerializer,
    UserCreateSerializer,
    UserUpdateSerializer,
    GroupSerializer,
    ListQuerySerializer,
    LogoutSerializer,
    MeSerializer,
    PasswordChangeSerializer,
    ServiceTokenCreatedSerializer,
    ServiceTokenCreateSerializer,
    ServiceTokenListQuerySerializer,
    ServiceTokenSerializer,
    SignOutRequestSerializer,
    SignOutSerializer,
    TokenPairSerializer,
    UserSerializer,
)
from core.errors import ApplicationError
from core.schema import ERROR_RESPONSES, NO_AUTH

# simplejwt's views answer 200 with a body their serializers do not describe (drf-yasg would
# show a 201 echoing the request): the responses are given here.


def _username(request) -> object:
    return request.data.get("username") if isinstance(request.data, dict) else None


class TokenObtainView(jwt_views.TokenObtainPairView):
    throttle_classes = [LoginThrottle]

    @swagger_auto_schema(
        operation_summary="Log in: exchange username and password for JWTs",
        responses={200: TokenPairSerializer},
        security=NO_AUTH,
        tags=["auth"],
    )
    def post(self, request, *args, **kwargs):
        login = super().post
        return login_checked(_username(request), lambda: login(request, *args, **kwargs))


class TokenRefreshView(jwt_views.TokenRefreshView):
    throttle_classes = [RefreshThrottle]

    @swagger_auto_schema(
        operation_summary="Swap a refresh token for a new access and refresh token",
        operation_description="Refresh tokens rotate: the one sent is blacklisted.",
        responses={200: TokenPairSerializer},
        security=NO_AUTH,
        tags=["auth"],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class TokenVerifyView(jwt_views.TokenVerifyView):
    @swagger_auto_schema(
        operation_summary="Check that a token is valid",
        responses={
            200: openapi.Response(
                "The token is valid; the body is an empty object",
                openapi.Schema(type=openapi.TYPE_OBJECT, properties={}),
            )
        },
        security=NO_AUTH,
        tags=["auth"],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class LogoutView(APIView):
    permission_classes = [IsAuthenticated]

    @swagger_auto_schema(
        operation_summary="Log out: revoke a refresh token",
        request_body=LogoutSerializer,
        responses={204: "Revoked", **ERROR_RESPONSES},
        tags=["auth"],
    )
    def post(self, request):
        serializer = LogoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            RefreshToken(serializer.validated_data["refresh"]).blacklist()
        except TokenError as exc:
            raise ApplicationError(
                str(exc), fields={"refresh": [str(exc)]}, code="token_not_valid"
            ) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @swagger_auto_schema(
        operation_summary="The logged-in user, with role and groups",
        responses={200: MeSerializer, **ERROR_RESPONSES},
        tags=["auth"],
    )
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class UserListView(generics.ListAPIView):
    serializer_class = UserSerializer

    def get_queryset(self):
        params = ListQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.user_list(query=params.validated_data.get("q", ""))

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated(), NotWithServiceToken()]
        return super().get_permissions()

    @swagger_auto_schema(
        operation_summary="Users, for owner pickers",
        query_serializer=ListQuerySerializer,
        responses={**ERROR_RESPONSES},
        tags=["people"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @swagger_auto_schema(
        operation_summary="Create an account (admins)",
        operation_description="The password is the admin's choice; its owner changes it with "
        "POST /auth/password/. Django's password validators judge it.",
        request_body=UserCreateSerializer,
        responses={201: AccountSerializer, 409: "The username is taken", **ERROR_RESPONSES},
        tags=["people"],
    )
    def post(self, request):
        serializer = UserCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_create(actor=request.user, **serializer.validated_data)
        return Response(AccountSerializer(user).data, status=status.HTTP_201_CREATED)


class UserDetailView(APIView):
    permission_classes = [IsAuthenticated, NotWithServiceToken]

    @swagger_auto_schema(
        operation_summary="An account, as admins manage it (admins)",
        responses={200: AccountSerializer, **ERROR_RESPONSES},
        tags=["people"],
    )
    def get(self, request, username: str):
        if not request.user.is_mdt_admin:
            raise AccountForbidden("Only admins manage users.")
        return Response(AccountSerializer(selectors.user_get(username=username)).data)

    @swagger_auto_schema(
        operation_summary="Change an account's role, activity, name or email (admins)",
        operation_description="A change of role or activity signs the user out everywhere. "
        "MDT always keeps one active admin.",
        request_body=UserUpdateSerializer,
        responses={200: AccountSerializer, **ERROR_RESPONSES},
        tags=["people"],
    )
    def patch(self, request, username: str):
        serializer = UserUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_update(
            actor=request.user,
            user=selectors.user_get(username=username),
            **serializer.validated_data,
        )
        return Response(AccountSerializer(user).data)


class UserPasswordView(APIView):
    permission_classes = [IsAuthenticated, NotWithServiceToken]

    @swagger_auto_schema(
        operation_summary="Reset an account's password (admins); signs the user out everywhere",
        request_body=PasswordSetSerializer,
        responses={204: "Reset", **ERROR_RESPONSES},
        tags=["people"],
    )
    def post(self, request, username: str):
        serializer = PasswordSetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.user_password_set(
            actor=request.user,
            user=selectors.user_get(username=username),
            new_password=serializer.validated_data["new_password"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class GroupListView(generics.ListAPIView):
    serializer_class = GroupSerializer

    def get_queryset(self):
        params = ListQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.group_list(query=params.validated_data.get("q", ""))

    @swagger_auto_schema(
        operation_summary="Groups, for owner pickers",
        query_serializer=ListQuerySerializer,
        responses={**ERROR_RESPONSES},
        tags=["people"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ServiceTokenListView(generics.ListAPIView):
    """Long-lived tokens for pipelines (DataHub's personal access tokens)."""

    serializer_class = ServiceTokenSerializer

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated(), NotWithServiceToken()]
        return super().get_permissions()

    def get_queryset(self):
        params = ServiceTokenListQuerySerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return selectors.service_token_list(user=self.request.user, **params.validated_data)

    @swagger_auto_schema(
        operation_summary="Service tokens: your own, or everyone's for admins",
        query_serializer=ServiceTokenListQuerySerializer,
        responses={**ERROR_RESPONSES},
        tags=["service tokens"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @swagger_auto_schema(
        operation_summary="Create a service token; the secret is in this response only",
        operation_description=(
            "The token acts as its owner (the caller, or `owner` when an admin makes one for a "
            "service account) with the owner's role: give a pipeline an account with the "
            "`ingestion` role. Send it as `Authorization: Bearer mdt_pat_…`. Only its SHA-256 "
            "digest is stored, so a lost secret cannot be shown again: revoke it and create "
            "another. Needs a login session (JWT), not a service token."
        ),
        request_body=ServiceTokenCreateSerializer,
        responses={201: ServiceTokenCreatedSerializer, **ERROR_RESPONSES},
        tags=["service tokens"],
    )
    def post(self, request):
        serializer = ServiceTokenCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        issued = services.service_token_create(
            owner=data.get("owner", request.user),
            name=data["name"],
            expires_in=data.get("expires_in"),
            expires_at=data.get("expires_at"),
            actor=request.user,
        )
        body = ServiceTokenCreatedSerializer(issued.token, context={"secret": issued.secret})
        return Response(body.data, status=status.HTTP_201_CREATED)


class ServiceTokenDetailView(APIView):
    @swagger_auto_schema(
        operation_summary="One service token (never its secret)",
        responses={200: ServiceTokenSerializer, **ERROR_RESPONSES},
        tags=["service tokens"],
    )
    def get(self, request, token_id: int):
        token = selectors.service_token_get(token_id=token_id, user=request.user)
        return Response(ServiceTokenSerializer(token).data)


class ServiceTokenRevokeView(APIView):
    @swagger_auto_schema(
        operation_summary="Revoke a service token (its owner or an admin)",
        operation_description=(
            "From the next request on, the token gets 401. It stays listed with status "
            "`revoked`. Revoking a revoked token changes nothing."
        ),
        request_body=no_body,
        responses={200: ServiceTokenSerializer, **ERROR_RESPONSES},
        tags=["service tokens"],
    )
    def post(self, request, token_id: int):
        token = selectors.service_token_get(token_id=token_id, user=request.user)
        token = services.service_token_revoke(token=token, actor=request.user)
        return Response(ServiceTokenSerializer(token).data)


class PasswordChangeView(APIView):
    permission_classes = [IsAuthenticated, NotWithServiceToken]

    @swagger_auto_schema(
        operation_summary="Change your password; signs you out everywhere",
        operation_description=(
            "Every refresh token you hold is revoked and access tokens already issued are "
            "refused from their next request: log in again with the new password. Service "
            "tokens keep working (revoke them in service tokens)."
        ),
        request_body=PasswordChangeSerializer,
        responses={204: "Changed", **ERROR_RESPONSES},
        tags=["auth"],
    )
    def post(self, request):
        serializer = PasswordChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.user_password_change(user=request.user, **serializer.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UserSignOutView(APIView):
    permission_classes = [IsAuthenticated, NotWithServiceToken]

    @swagger_auto_schema(
        operation_summary="Sign a user out everywhere (admins; or yourself)",
        operation_description=(
            "Revokes every refresh token of the user and refuses their access tokens from the "
            "next request on; revokes the service tokens named (or all of them)."
        ),
        request_body=SignOutRequestSerializer,
        responses={200: SignOutSerializer, **ERROR_RESPONSES},
        tags=["people"],
    )
    def post(self, request, username: str):
        serializer = SignOutRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = selectors.user_get(username=username)
        result = services.user_sessions_revoke(
            user=user,
            actor=request.user,
            service_tokens="all" if data["all_service_tokens"] else data["service_tokens"],
        )
        return Response(SignOutSerializer(result).data)
