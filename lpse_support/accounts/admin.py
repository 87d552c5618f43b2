"""Admin for people and organisations: users, LPSE units, directorates, teams (R-ORG-1/2)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lpse_support.accounts.models import (
    Directorate,
    LpseUnit,
    ReporterCategory,
    Team,
    TeamMembership,
    User,
)


class TeamMembershipOfTeamInline(admin.TabularInline):
    model = TeamMembership
    fk_name = "team"
    fields = ["user", "is_lead", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user"]
    extra = 1
    verbose_name = _("Anggota")
    verbose_name_plural = _("Anggota tim")


class TeamMembershipOfUserInline(admin.TabularInline):
    model = TeamMembership
    fk_name = "user"
    fields = ["team", "is_lead", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["team"]
    extra = 0
    verbose_name = _("Tim")
    verbose_name_plural = _("Keanggotaan tim")


@admin.register(Directorate)
class DirectorateAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "updated_at"]
    search_fields = ["name", "short_name", "code"]
    ordering = ["name"]
    prepopulated_fields = {"code": ["short_name"]}


@admin.register(LpseUnit)
class LpseUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "timezone", "kd_lpse", "spse_version", "active"]
    list_filter = ["active", "kind", "timezone", "province"]
    search_fields = ["name", "slug", "province"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ReporterCategory)
class ReporterCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "letter", "is_support_staff", "order"]
    list_filter = ["is_support_staff"]
    search_fields = ["name", "code", "letter"]
    ordering = ["order", "name"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "tier",
        "kind",
        "lpse",
        "directorate",
        "position_label",
        "member_count",
        "active",
    ]
    list_filter = ["tier", "kind", "active", "directorate"]
    search_fields = ["name", "position_label", "lpse__name", "directorate__name"]
    ordering = ["tier", "name"]
    autocomplete_fields = ["lpse", "directorate"]
    list_select_related = ["lpse", "directorate"]
    fieldsets = [
        (None, {"fields": ["name", "tier", "kind", "position_label", "active"]}),
        (
            _("Pemilik"),
            {
                "fields": ["lpse", "directorate"],
                "description": _("Level 1: isi LPSE saja. Level 2 dan 3: isi direktorat saja."),
            },
        ),
    ]
    inlines = [TeamMembershipOfTeamInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Team]:
        return super().get_queryset(request).annotate(_member_count=Count("memberships"))

    @admin.display(description=_("Jumlah anggota"), ordering="_member_count")
    def member_count(self, obj: Team) -> int:
        return int(getattr(obj, "_member_count", 0))


@admin.register(TeamMembership)
class TeamMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "team", "team_tier", "is_lead", "created_at"]
    list_filter = ["team__tier", "team__kind", "is_lead"]
    search_fields = ["user__username", "user__full_name", "team__name"]
    ordering = ["team__tier", "team__name", "user__username"]
    autocomplete_fields = ["team", "user"]
    list_select_related = ["team", "user"]

    @admin.display(description=_("Tingkat"), ordering="team__tier")
    def team_tier(self, obj: TeamMembership) -> str:
        return obj.team.get_tier_display()


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Data pribadi"), {"fields": ("full_name", "email", "phone")}),
        (
            _("Organisasi"),
            {
                "fields": (
                    "reporter_category",
                    "home_lpse",
                    "is_supervisor",
                    "supervised_directorate",
                )
            },
        ),
        (
            _("Hak akses"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
            },
        ),
        (_("Tanggal penting"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        (_("Data pribadi"), {"classes": ("wide",), "fields": ("full_name", "email", "phone")}),
        (
            _("Organisasi"),
            {
                "classes": ("wide",),
                "fields": (
                    "reporter_category",
                    "home_lpse",
                    "is_supervisor",
                    "supervised_directorate",
                ),
            },
        ),
    )
    list_display = (
        "username",
        "full_name",
        "email",
        "reporter_category",
        "home_lpse",
        "is_supervisor",
        "is_staff",
        "is_active",
    )
    list_filter = (
        "reporter_category",
        "home_lpse",
        "is_supervisor",
        "teams__tier",
        "is_staff",
        "is_superuser",
        "is_active",
    )
    search_fields = ("username", "full_name", "email", "phone")
    ordering = ("username",)
    autocomplete_fields = ("reporter_category", "home_lpse", "supervised_directorate")
    list_select_related = ("reporter_category", "home_lpse")
    inlines = (TeamMembershipOfUserInline,)
