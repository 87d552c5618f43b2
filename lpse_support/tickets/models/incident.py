"""Insiden: one outage of an application that many tickets report; its children (tickets linked
to it) are resolved together (docs/incidents.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lpse_support.core.models import BaseModel


class Incident(BaseModel):
    """A parent incident. Written only through ``tickets/services/incidents.py``."""

    class State(models.TextChoices):
        OPEN = "open", _("Sedang terjadi")
        RESOLVING = "resolving", _("Sedang diselesaikan")
        RESOLVED = "resolved", _("Selesai")

    title = models.CharField(_("Judul insiden"), max_length=120)
    application = models.ForeignKey(
        "catalog.Application",
        verbose_name=_("Aplikasi"),
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    started_at = models.DateTimeField(_("Mulai terjadi"))
    status_text = models.TextField(_("Teks halaman status"))
    state = models.CharField(
        _("Status insiden"), max_length=12, choices=State.choices, default=State.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("Diselesaikan pada"), null=True, blank=True)
    resolution = models.TextField(_("Pesan penyelesaian"), blank=True)
    # The children counted when the resolution started; progress = outcomes / this.
    resolve_total = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Insiden")
        verbose_name_plural = _("Insiden")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["application", "state"], name="incident_app_state")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class IncidentOutcome(models.Model):
    """What the resolution did to one child: resolved, or skipped (its status did not allow
    it). One row per child and incident: a re-run of the task skips the children that have one
    (idempotent)."""

    class Kind(models.TextChoices):
        RESOLVED = "resolved", _("Diselesaikan")
        SKIPPED = "skipped", _("Dilewati")

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="outcomes")
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "ticket"], name="incident_outcome_once")
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.ticket_id} {self.kind}"
