from django.contrib import admin

from lpse_support.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only view for audit; tokens are created by their owners on the Profil page."""

    list_display = (
        "name",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "expires_at")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")

    def has_add_permission(self, request: object) -> bool:
        return False
