"""A file sent ahead of its form by the tus protocol (issue 14 item 8): owned by one user, tied
to one form's idempotency key, attached at most once, swept after 24 hours if never used."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingUpload(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_uploads"
    )
    form_key = models.UUIDField(_("Kunci formulir"))
    filename = models.CharField(_("Nama file"), max_length=255)
    size = models.PositiveBigIntegerField(_("Ukuran (byte)"))
    offset = models.PositiveBigIntegerField(_("Diterima (byte)"), default=0)
    path = models.CharField(_("Berkas sementara"), max_length=300)
    created_at = models.DateTimeField(_("Dibuat"), auto_now_add=True)
    completed_at = models.DateTimeField(_("Selesai"), null=True, blank=True)
    used_at = models.DateTimeField(_("Dilampirkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("Unggahan tertunda")
        verbose_name_plural = _("Unggahan tertunda")
        indexes = [models.Index(fields=["owner", "form_key"], name="pending_upload_owner_key")]

    def __str__(self) -> str:
        return self.filename

    @property
    def complete(self) -> bool:
        return self.completed_at is not None
