from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group as AuthGroup

from accounts.models import Group, User

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
