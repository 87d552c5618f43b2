from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lpse_support.tickets.workflow import Side


class TicketAttachment(models.Model):
    """A stored file (R-FILE) named ``<pihak>_<nomor>_<nnn>.<ext>``; never publicly served."""

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="attachments"
    )
    message = models.ForeignKey(
        "tickets.TicketMessage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    side = models.CharField(_("Pihak"), max_length=10, choices=Side.choices)
    sequence = models.PositiveIntegerField(_("Urutan"))
    file = models.FileField(_("Berkas"), max_length=300)
    stored_name = models.CharField(_("Nama tersimpan"), max_length=120)
    original_name = models.CharField(_("Nama asli"), max_length=255)
    size = models.PositiveBigIntegerField(_("Ukuran (byte)"))
    content_type = models.CharField(_("Tipe konten"), max_length=120)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("Diunggah pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("Lampiran")
        verbose_name_plural = _("Lampiran")
        ordering = ["sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "sequence"], name="attachment_sequence_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.stored_name
