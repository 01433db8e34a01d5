from drf_yasg.utils import swagger_auto_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt import views as jwt_views
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import selectors
from accounts.serializers import (
    GroupSerializer,
    ListQuerySerializer,
    LogoutSerializer,
    MeSerializer,
    UserSerializer,
)
from metadata_discovery.errors import ApplicationError
from metadata_discovery.schema import ERROR_RESPONSES, NO_AUTH


class TokenObtainView(jwt_views.TokenObtainPairView):
    @swagger_auto_schema(
        operation_summary="Log in: exchange username and password for JWTs",
        security=NO_AUTH,
        tags=["auth"],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class TokenRefreshView(jwt_views.TokenRefreshView):
    @swagger_auto_schema(
        operation_summary="Swap a refresh token for a new access and refresh token",
        operation_description="Refresh tokens rotate: the one sent is blacklisted.",
        security=NO_AUTH,
        tags=["auth"],
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class TokenVerifyView(jwt_views.TokenVerifyView):
    @swagger_auto_schema(
        operation_summary="Check that a token is valid", security=NO_AUTH, tags=["auth"]
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

    @swagger_auto_schema(
        operation_summary="Users, for owner pickers",
        query_serializer=ListQuerySerializer,
        responses={**ERROR_RESPONSES},
        tags=["people"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


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
