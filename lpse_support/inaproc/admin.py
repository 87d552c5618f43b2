"""Admin for the Inaproc mapping tables (master data) and the linked identities (read-only)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from lpse_support.inaproc.models import ExternalIdentity, InaprocRoleMapping, InaprocUnitMapping


@admin.register(InaprocRoleMapping)
class InaprocRoleMappingAdmin(admin.ModelAdmin):
    list_display = ["claim_value", "reporter_category", "updated_at"]
    search_fields = ["claim_value", "reporter_category__name"]
    list_select_related = ["reporter_category"]
    autocomplete_fields = ["reporter_category"]


@admin.register(InaprocUnitMapping)
class InaprocUnitMappingAdmin(admin.ModelAdmin):
    list_display = ["claim_value", "lpse", "updated_at"]
    search_fields = ["claim_value", "lpse__name"]
    list_select_related = ["lpse"]
    autocomplete_fields = ["lpse"]


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    """Identities are made by sign-ins only. An admin may delete one (unlink: the next
    sign-in with that `sub` creates or links afresh), never edit it."""

    list_display = ["user", "subject", "issuer", "last_login", "created_at"]
    search_fields = ["subject", "user__username", "user__full_name", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "issuer", "subject", "last_login", "created_at", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
