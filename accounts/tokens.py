"""JWTs that carry their user's session version (claim ``sv``, ``User.session_version``).

Signing a user out everywhere (a password change, an admin's sign-out) bumps the version and
blacklists every refresh token the user holds. The blacklist alone would leave each access
token working until it expires (``JWT_ACCESS_MINUTES``); with the claim, authentication refuses
an access token of an older version on its next request. The claim costs no query: the JWT
class loads the user anyway. Tokens issued without the claim count as version 0.
"""

from typing import Any

from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.serializers import TokenObtainPairSerializer, TokenRefreshSerializer
from rest_framework_simplejwt.tokens import RefreshToken, Token

CLAIM = "sv"
SIGNED_OUT = "Signed out everywhere since this token was issued: log in again."


class SessionRefreshToken(RefreshToken):
    @classmethod
    def for_user(cls, user: Any) -> Token:
        token = super().for_user(user)
        token[CLAIM] = user.session_version
        return token


class TokenObtainSerializer(TokenObtainPairSerializer):  # pylint: disable=abstract-method
    token_class = SessionRefreshToken


class TokenRefreshVersionSerializer(TokenRefreshSerializer):  # pylint: disable=abstract-method
    """A refresh token of an older session version is refused even if it escaped the
    blacklist (one issued while the sign-out ran)."""

    token_class = SessionRefreshToken

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        # pylint: disable=import-outside-toplevel  # the user model, after the apps are ready
        from accounts.models import User

        token = self.token_class(attrs["refresh"])
        user = User.objects.filter(pk=token.get("user_id")).only("session_version").first()
        if user is not None and token.get(CLAIM, 0) != user.session_version:
            raise InvalidToken(SIGNED_OUT)
        return super().validate(attrs)


class SessionJWTAuthentication(JWTAuthentication):
    def get_user(self, validated_token: Token) -> Any:
        user = super().get_user(validated_token)
        if validated_token.get(CLAIM, 0) != user.session_version:
            raise InvalidToken(SIGNED_OUT)
        return user
