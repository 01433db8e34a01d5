from django.utils import timezone
from drf_yasg.utils import swagger_serializer_method
from rest_framework import serializers

from accounts.models import Group, Role, ServiceToken, ServiceTokenStatus, User
from accounts.services import DEFAULT_SERVICE_TOKEN_DURATION, SERVICE_TOKEN_DURATIONS
from core.rest import BIGINT_MAX

# An account's or group's address as stored: it may be "" (none given), which `format: email`
# would not admit.
STORED_EMAIL = {"read_only": True, "help_text": 'Email address, or "" when none is known.'}


class UserSerializer(serializers.ModelSerializer):
    urn = serializers.CharField(read_only=True)
    email = serializers.CharField(**STORED_EMAIL)

    class Meta:
        model = User
        fields = ["username", "urn", "display_name", "email", "title", "role"]
        read_only_fields = fields


class MeSerializer(UserSerializer):
    can_edit_any = serializers.BooleanField(read_only=True)
    is_admin = serializers.BooleanField(source="is_mdt_admin", read_only=True)
    groups = serializers.SerializerMethodField()

    class Meta(UserSerializer.Meta):
        fields = UserSerializer.Meta.fields + ["can_edit_any", "is_admin", "groups"]
        read_only_fields = fields

    def get_groups(self, user: User) -> list[str]:
        return [group.name for group in user.teams.all()]


class GroupSerializer(serializers.ModelSerializer):
    urn = serializers.CharField(read_only=True)
    email = serializers.CharField(**STORED_EMAIL)

    class Meta:
        model = Group
        fields = ["name", "urn", "display_name", "email", "description"]
        read_only_fields = fields


class ListQuerySerializer(serializers.Serializer):  # pylint: disable=abstract-method
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)


class LogoutSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    refresh = serializers.CharField(help_text="The refresh token to revoke.")


class TokenPairSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """What POST /auth/token/ and /auth/token/refresh/ answer (simplejwt's views write it)."""

    access = serializers.CharField(help_text="Access token: send as `Bearer <access>`.")
    refresh = serializers.CharField(
        help_text="Refresh token, for POST /auth/token/refresh/ (used once: it rotates)."
    )


class ServiceTokenSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.username", read_only=True)
    status = serializers.SerializerMethodField(
        help_text="active, expired or revoked (at the time of the response)."
    )
    prefix = serializers.CharField(
        read_only=True, help_text="The token's first characters, to recognise it; not the secret."
    )

    class Meta:
        model = ServiceToken
        fields = [
            "id",
            "name",
            "owner",
            "prefix",
            "status",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
        ]
        read_only_fields = fields

    @swagger_serializer_method(
        serializer_or_field=serializers.ChoiceField(choices=ServiceTokenStatus.choices)
    )
    def get_status(self, token: ServiceToken) -> str:
        return token.status_at(timezone.now())


class ServiceTokenCreatedSerializer(ServiceTokenSerializer):
    token = serializers.SerializerMethodField(
        help_text="The secret, shown this once: send it as `Authorization: Bearer <token>`."
    )

    class Meta(ServiceTokenSerializer.Meta):
        fields = ServiceTokenSerializer.Meta.fields + ["token"]
        read_only_fields = fields

    def get_token(self, token: ServiceToken) -> str:
        del token
        return self.context["secret"]


class ServiceTokenCreateSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    name = serializers.CharField(max_length=100, help_text="What the token is for, e.g. datahub.")
    expires_in = serializers.ChoiceField(
        choices=list(SERVICE_TOKEN_DURATIONS),
        required=False,
        help_text=f"Lifetime; default {DEFAULT_SERVICE_TOKEN_DURATION}. Or give expires_at.",
    )
    expires_at = serializers.DateTimeField(
        required=False, help_text="An explicit expiry date (ISO 8601), instead of expires_in."
    )
    owner = serializers.SlugRelatedField(
        slug_field="username",
        queryset=User.objects.filter(is_active=True),
        required=False,
        help_text="Admins only: make the token for this user (a service account).",
    )


class ServiceTokenListQuerySerializer(serializers.Serializer):  # pylint: disable=abstract-method
    owner = serializers.CharField(
        required=False, max_length=150, help_text="Username (admins: anyone's; others: own)."
    )
    status = serializers.ChoiceField(choices=ServiceTokenStatus.choices, required=False)


class PasswordChangeSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    old_password = serializers.CharField(max_length=128, trim_whitespace=False)
    new_password = serializers.CharField(max_length=128, trim_whitespace=False)


class SignOutRequestSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    service_tokens = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=BIGINT_MAX),
        required=False,
        default=list,
        max_length=1000,
        help_text="Ids of the user's service tokens to revoke too (the others keep working).",
    )
    all_service_tokens = serializers.BooleanField(
        required=False, default=False, help_text="Revoke every service token of the user."
    )


class SignOutSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    refresh_tokens = serializers.IntegerField(help_text="Refresh tokens revoked")
    service_tokens = serializers.IntegerField(help_text="Service tokens revoked")


class AccountSerializer(UserSerializer):
    """A user as admins manage them."""

    class Meta(UserSerializer.Meta):
        fields = UserSerializer.Meta.fields + ["is_active", "last_login", "date_joined"]
        read_only_fields = fields


class UserCreateSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    username = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(choices=Role.choices)
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    display_name = serializers.CharField(max_length=200, required=False, default="")
    email = serializers.EmailField(required=False, default="")


class UserUpdateSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    is_active = serializers.BooleanField(required=False)
    display_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)

    def validate(self, attrs: dict) -> dict:
        if not attrs:
            raise serializers.ValidationError(
                "Give at least one of role, is_active, display_name, email."
            )
        return attrs


class PasswordSetSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    new_password = serializers.CharField(max_length=128, trim_whitespace=False)
