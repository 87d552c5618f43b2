"""Who must use two-factor beyond the admins: ``TwoFactorRule`` per team or per tier, and the
``TwoFactorUser`` proxy through which an admin resets a user's devices."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lpse_support.accounts.models import Team, Tier, User
from lpse_support.core.models import BaseModel


class TwoFactorRule(BaseModel):
    """ "Wajib 2FA" for the members of one team, or for every team of one tier (exactly one)."""

    team = models.OneToOneField(
        Team,
        verbose_name=_("Tim"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="two_factor_rule",
    )
    tier = models.PositiveSmallIntegerField(
        _("Tingkat"), choices=Tier.choices, null=True, blank=True, unique=True
    )
    note = models.CharField(_("Catatan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Aturan wajib 2FA")
        verbose_name_plural = _("Aturan wajib 2FA")
        ordering = ["tier", "team__name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(team__isnull=False) & Q(tier__isnull=True))
                | (Q(team__isnull=True) & Q(tier__isnull=False)),
                name="two_factor_rule_team_xor_tier",
                violation_error_message=_("Isi salah satu: tim atau tingkat (tidak keduanya)."),
            ),
        ]

    def __str__(self) -> str:
        if self.team_id is not None:
            return str(_("Wajib 2FA: tim %(team)s") % {"team": self.team})
        return str(_("Wajib 2FA: %(tier)s") % {"tier": self.get_tier_display()})


class TwoFactorUser(User):
    """The users as the two-factor admin page lists them (status, reset of lost devices)."""

    class Meta:
        proxy = True
        verbose_name = _("Status 2FA pengguna")
        verbose_name_plural = _("Status 2FA pengguna")
