from rest_framework import serializers

from accounts.models import Group, User


class UserSerializer(serializers.ModelSerializer):
    urn = serializers.CharField(read_only=True)

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

    class Meta:
        model = Group
        fields = ["name", "urn", "display_name", "email", "description"]
        read_only_fields = fields


class ListQuerySerializer(serializers.Serializer):  # pylint: disable=abstract-method
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)


class LogoutSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    refresh = serializers.CharField(help_text="The refresh token to revoke.")
