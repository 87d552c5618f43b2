"""Admin: the "Wajib 2FA" rules (per team, per tier) and the users' two-factor status with the
lost-device reset."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from lpse_support.accounts.models import User
from lpse_support.two_factor import services
from lpse_support.two_factor.models import TwoFactorRule, TwoFactorUser


@admin.register(TwoFactorRule)
class TwoFactorRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "team", "tier", "note", "updated_at"]
    list_filter = ["tier"]
    search_fields = ["team__name", "note"]
    autocomplete_fields = ["team"]
    fields = ["team", "tier", "note"]


@admin.register(TwoFactorUser)
class TwoFactorUserAdmin(admin.ModelAdmin):
    """Read-only status; the one action deletes the devices of the chosen users."""

    list_display = [
        "username",
        "full_name",
        "is_staff",
        "is_superuser",
        "two_factor_enabled",
        "recovery_codes_left",
    ]
    list_filter = ["is_staff", "is_superuser", "is_supervisor"]
    search_fields = ["username", "full_name", "email"]
    fields = ["username", "full_name", "email", "is_staff", "is_superuser", "is_supervisor"]
    readonly_fields = [
        "username",
        "full_name",
        "email",
        "is_staff",
        "is_superuser",
        "is_supervisor",
    ]
    actions = ["reset_two_factor"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[TwoFactorUser]:
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return (
            super()
            .get_queryset(request)
            .annotate(
                _enabled=Exists(confirmed),
                _codes=Count("staticdevice__token_set", filter=Q(staticdevice__confirmed=True)),
            )
        )

    @admin.display(boolean=True, description=_("2FA aktif"), ordering="_enabled")
    def two_factor_enabled(self, obj: TwoFactorUser) -> bool:
        return bool(getattr(obj, "_enabled", False))

    @admin.display(description=_("Sisa kode pemulihan"), ordering="_codes")
    def recovery_codes_left(self, obj: TwoFactorUser) -> int:
        return int(getattr(obj, "_codes", 0))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(
        description=_("Reset 2FA (hapus perangkat dan kode pemulihan; perangkat hilang)"),
        permissions=["change"],
    )
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[TwoFactorUser]) -> None:
        actor = request.user
        assert isinstance(actor, User)
        count = 0
        for user in queryset:
            services.two_factor_reset(user=user, actor=actor)
            self.log_change(request, user, str(_("Reset 2FA: perangkat dihapus.")))
            count += 1
        self.message_user(
            request,
            ngettext("2FA %(count)d pengguna direset.", "2FA %(count)d pengguna direset.", count)
            % {"count": count},
            messages.SUCCESS,
        )
