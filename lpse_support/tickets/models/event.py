from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lpse_support.tickets.workflow import Status


class TicketEvent(models.Model):
    """Append-only audit row written by every service in the same transaction (R-WF-1)."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("Tindakan"), max_length=30)
    from_status = models.CharField(
        _("Dari status"), max_length=24, choices=Status.choices, blank=True
    )
    to_status = models.CharField(_("Ke status"), max_length=24, choices=Status.choices)
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    idempotency_key = models.UUIDField(
        _("Kunci idempotensi"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("Dari formulir tindakan: kiriman ganda tidak dijalankan dua kali."),
    )
    created_at = models.DateTimeField(_("Waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("Riwayat tiket")
        verbose_name_plural = _("Riwayat tiket")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["ticket", "created_at"], name="ticket_event_order"),
            # Riwayat: the newest tickets I acted on (index-only, newest ticket first); also
            # the "Diambil (Per Hari)" counter, which narrows to them.
            models.Index(fields=["actor", "-ticket"], name="ticket_event_actor"),
            # REPORTING workload (migration 0004): take/resolve events of a period per agent,
            # read from the index alone (actor and ticket as trailing key columns rather than
            # INCLUDE, which SQLite does not support).
            models.Index(
                fields=["action", "created_at", "actor", "ticket"],
                name="ticket_event_action_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.action}"
