from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lpse_support.core.models import BaseModel


class Tier(models.IntegerChoices):
    LPSE = 1, _("Level 1 — Helpdesk LPSE")
    LKPP = 2, _("Level 2 — Helpdesk LKPP")
    TEKNIS = 3, _("Level 3 — Tim Teknis LKPP")


class TeamKind(models.TextChoices):
    UMUM = "UMUM", _("Umum")
    TEKNIS = "TEKNIS", _("Teknis")
    NON_TEKNIS = "NON_TEKNIS", _("Non-Teknis")


class Team(BaseModel):
    """A queue of support staff (R-ORG-1): tier 1 belongs to an LPSE, tiers 2–3 to a directorate."""

    name = models.CharField(_("Nama tim"), max_length=200, unique=True)
    tier = models.PositiveSmallIntegerField(_("Tingkat"), choices=Tier.choices)
    kind = models.CharField(
        _("Jenis"), max_length=12, choices=TeamKind.choices, default=TeamKind.UMUM
    )
    lpse = models.ForeignKey(
        "accounts.LpseUnit",
        verbose_name=_("LPSE"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams",
    )
    directorate = models.ForeignKey(
        "accounts.Directorate",
        verbose_name=_("Direktorat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams",
    )
    position_label = models.CharField(
        _("Label posisi tiket"),
        max_length=60,
        help_text=_(
            "Ditampilkan sebagai Posisi Tiket, mis. Helpdesk LPSE, Helpdesk LKPP, Tim Teknis."
        ),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="accounts.TeamMembership",
        related_name="teams",
        verbose_name=_("Anggota"),
    )
    active = models.BooleanField(_("Aktif"), default=True)

    class Meta:
        verbose_name = _("Tim")
        verbose_name_plural = _("Tim")
        ordering = ["tier", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(tier=1) & Q(lpse__isnull=False) & Q(directorate__isnull=True))
                | (Q(tier__in=[2, 3]) & Q(lpse__isnull=True) & Q(directorate__isnull=False)),
                name="team_tier1_lpse_else_directorate",
                violation_error_message=_(
                    "Tim Level 1 harus milik satu LPSE; tim Level 2 dan 3 milik satu direktorat."
                ),
            ),
            models.UniqueConstraint(
                fields=["lpse", "tier", "kind"],
                condition=Q(lpse__isnull=False),
                name="team_unique_per_lpse_tier_kind",
            ),
            models.UniqueConstraint(
                fields=["directorate", "tier", "kind"],
                condition=Q(directorate__isnull=False),
                name="team_unique_per_directorate_tier_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TeamMembership(BaseModel):
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Tim")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="team_memberships",
        verbose_name=_("Pengguna"),
    )
    # Ketua tim: besides working the queue, hands tickets of the team to a colleague or back to
    # the queue and keeps the team's reply templates (issue 14). Only an admin sets it.
    is_lead = models.BooleanField(
        _("Ketua tim"),
        default=False,
        help_text=_("Dapat mengalihkan tiket tim dan mengelola templat balasan tim."),
    )

    class Meta:
        verbose_name = _("Keanggotaan tim")
        verbose_name_plural = _("Keanggotaan tim")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="team_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.team}"
