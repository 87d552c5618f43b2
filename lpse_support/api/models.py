"""Personal API tokens (R-API): a user creates them on the Profil page and sends them as
``Authorization: Bearer <token>``. Only a SHA-256 hash of the secret is stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        """Not revoked, not expired, owner still active."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Pengguna"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("Nama token"), max_length=100)
    prefix = models.CharField(
        _("Awalan"), max_length=8, help_text=_("Delapan karakter pertama token, untuk dikenali.")
    )
    token_hash = models.CharField(_("Hash token"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("Dibuat pada"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("Terakhir dipakai"), null=True, blank=True)
    expires_at = models.DateTimeField(_("Kedaluwarsa pada"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("Dicabut pada"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("Token API")
        verbose_name_plural = _("Token API")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="api_token_user_created")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return not self.is_revoked and not self.is_expired
