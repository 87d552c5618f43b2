"""Inaproc identities linked to users by (issuer, sub), and the role and unit mapping tables."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lpse_support.core.models import BaseModel


class ExternalIdentity(BaseModel):
    """One account at an OpenID Connect provider, linked to one user for good.

    ``subject`` (the ``sub`` claim) is the stable link, never the e-mail: an address can change
    hands, a ``sub`` does not. A user has at most one identity per provider."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Pengguna"),
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    issuer = models.CharField(_("Penerbit (issuer)"), max_length=255)
    subject = models.CharField(_("Subjek (sub)"), max_length=255)
    last_login = models.DateTimeField(_("Terakhir masuk"), null=True, blank=True)

    class Meta:
        verbose_name = _("Identitas Inaproc")
        verbose_name_plural = _("Identitas Inaproc")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="identity_issuer_subject"),
            models.UniqueConstraint(fields=["user", "issuer"], name="identity_one_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} @ {self.issuer}"


def normalise_claim_value(value: str) -> str:
    """Claim values are compared trimmed and without case: "PPK " and "ppk" are one value."""
    return value.strip().casefold()


class ClaimMapping(BaseModel):
    """A claim value, stored normalised so the admin form's uniqueness check sees it too."""

    claim_value = models.CharField(
        _("Nilai klaim"),
        max_length=100,
        unique=True,
        help_text=_("Dibandingkan tanpa membedakan huruf besar/kecil, mis. PPK atau Penyedia."),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.claim_value

    def clean(self) -> None:
        self.claim_value = normalise_claim_value(self.claim_value)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.claim_value = normalise_claim_value(self.claim_value)
        super().save(*args, **kwargs)


class InaprocRoleMapping(ClaimMapping):
    """An Inaproc role (the role claim's value) → the reporter category it gives."""

    reporter_category = models.ForeignKey(
        "accounts.ReporterCategory",
        verbose_name=_("Kategori pelapor"),
        on_delete=models.PROTECT,
        related_name="+",
        # A claim never gives a staff category: only an admin does.
        limit_choices_to={"is_support_staff": False},
    )

    class Meta:
        verbose_name = _("Pemetaan peran Inaproc")
        verbose_name_plural = _("Pemetaan peran Inaproc")
        ordering = ["claim_value"]


class InaprocUnitMapping(ClaimMapping):
    """An LPSE/instansi code (the unit claim's value) → the LPSE that becomes ``home_lpse``."""

    lpse = models.ForeignKey(
        "accounts.LpseUnit",
        verbose_name=_("LPSE"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Pemetaan LPSE Inaproc")
        verbose_name_plural = _("Pemetaan LPSE Inaproc")
        ordering = ["claim_value"]
