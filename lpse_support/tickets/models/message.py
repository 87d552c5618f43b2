from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lpse_support.tickets.workflow import Side


class TicketMessage(models.Model):
    """One entry of the Diskusi (R-WF-4). The description is the first entry."""

    class Kind(models.TextChoices):
        DESCRIPTION = "description", _("Deskripsi")
        MESSAGE = "message", _("Pesan")
        SYSTEM = "system", _("Catatan sistem")

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    side = models.CharField(_("Pihak"), max_length=10, choices=Side.choices)
    kind = models.CharField(_("Jenis"), max_length=12, choices=Kind.choices, default=Kind.MESSAGE)
    body = models.TextField(_("Pesan"))
    is_internal = models.BooleanField(
        _("Catatan internal"), default=False, help_text=_("Tidak pernah terlihat oleh pelapor.")
    )
    created_at = models.DateTimeField(_("Dikirim pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("Pesan diskusi")
        verbose_name_plural = _("Pesan diskusi")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="ticket_message_order")]

    def __str__(self) -> str:
        return f"{self.ticket_id} #{self.pk}"
