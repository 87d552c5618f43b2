from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One line of a person's notification list (R-NOTIF): written by the background task that
    handles a ticket event, at most once per recipient and event, whatever the retries."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Penerima"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("Tiket"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.ForeignKey(
        "tickets.TicketEvent",
        verbose_name=_("Riwayat tiket"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    verb = models.CharField(_("Tindakan"), max_length=30)
    title = models.CharField(_("Judul"), max_length=255)
    url = models.CharField(_("Tautan"), max_length=200)
    read_at = models.DateTimeField(_("Dibaca pada"), null=True, blank=True)
    emailed_at = models.DateTimeField(
        _("Email terkirim pada"),
        null=True,
        blank=True,
        help_text=_(
            "Kosong: belum terkirim (penerima tanpa email, atau menunggu percobaan ulang)."
        ),
    )
    created_at = models.DateTimeField(_("Dibuat pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("Notifikasi")
        verbose_name_plural = _("Notifikasi")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event"], name="notification_once_per_event"
            ),
        ]
        indexes = [
            # The bell (unread count) and the unread part of the list.
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="notification_unread"
            ),
            # The list, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
