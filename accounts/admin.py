from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group as AuthGroup

from accounts import services
from accounts.models import Group, ServiceToken, User

# MDT uses roles, not Django's permission groups; hiding those avoids two "Groups" in the admin.
admin.site.unregister(AuthGroup)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "email", "role", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = BaseUserAdmin.fieldsets + (("MDT", {"fields": ("role", "display_name", "title")}),)


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ("name", "display_name", "email")
    search_fields = ("name", "display_name")
    filter_horizontal = ("members",)


@admin.register(ServiceToken)
class ServiceTokenAdmin(admin.ModelAdmin):
    """Read-only but for revoking: a token is created through the API or
    `manage.py create_service_token`, which are the only places its secret is shown."""

    list_display = ("name", "owner", "prefix", "created_at", "expires_at", "last_used_at")
    list_filter = ("revoked_at", "expires_at")
    search_fields = ("name", "prefix", "owner__username")
    list_select_related = ("owner",)
    readonly_fields = (
        "name",
        "owner",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    exclude = ("digest",)
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke selected service tokens")
    def revoke(self, request, queryset):
        for token in queryset.select_related("owner"):
            services.service_token_revoke(token=token, actor=request.user)
