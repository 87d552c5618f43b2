from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lpse_support.core.models import BaseModel
from lpse_support.tickets.workflow import (
    DONE_POSITION,
    DONE_STATUSES,
    REPORTER_POSITION,
    STATUS_BADGE,
    FeedbackFrom,
    Status,
)

PROTECT = models.PROTECT

# Posisi Tiket words the services store for a ticket no team holds (``actions/fields.py``), and
# how they read in the viewer's language; a team's own label is master data and shows as entered.
STORED_POSITIONS = {
    **{word: Status(status).label for status, word in DONE_POSITION.items()},
    REPORTER_POSITION: _("Pelapor"),
}


class Ticket(BaseModel):
    """A support ticket (SPEC §2). Written only through ``tickets.services``."""

    number = models.CharField(_("Nomor tiket"), max_length=20, unique=True)
    title = models.CharField(_("Judul tiket"), max_length=100)
    description = models.TextField(_("Deskripsi"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Dibuat oleh"),
        on_delete=PROTECT,
        related_name="reported_tickets",
    )
    # Snapshots of the reporter at filing time: a later profile change must not rewrite history.
    reporter_category = models.ForeignKey(
        "accounts.ReporterCategory",
        verbose_name=_("Kategori pelapor"),
        on_delete=PROTECT,
        related_name="+",
    )
    reporter_lpse = models.ForeignKey(
        "accounts.LpseUnit",
        verbose_name=_("Asal LPSE"),
        null=True,
        blank=True,
        on_delete=PROTECT,
        related_name="tickets",
    )
    application = models.ForeignKey(
        "catalog.Application", verbose_name=_("Aplikasi"), on_delete=PROTECT, related_name="tickets"
    )
    version = models.ForeignKey(
        "catalog.ApplicationVersion", verbose_name=_("Versi"), on_delete=PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        "catalog.Category", verbose_name=_("Kategori"), on_delete=PROTECT, related_name="+"
    )
    subcategory = models.ForeignKey(
        "catalog.SubCategory", verbose_name=_("Sub kategori"), on_delete=PROTECT, related_name="+"
    )
    ticket_type = models.ForeignKey(
        "catalog.TicketType", verbose_name=_("Jenis tiket"), on_delete=PROTECT, related_name="+"
    )
    error_code = models.CharField(_("Kode error"), max_length=40, blank=True)
    tender_code = models.CharField(_("Kode tender"), max_length=12, blank=True, db_index=True)
    tender_data = models.JSONField(
        _("Data tender"),
        default=dict,
        blank=True,
        help_text=_("Salinan data tender saat tiket dibuat (data warehouse atau isian manual)."),
    )
    priority = models.ForeignKey(
        "catalog.PriorityLevel", verbose_name=_("Prioritas"), on_delete=PROTECT, related_name="+"
    )
    priority_reasons = models.JSONField(_("Alasan prioritas"), default=list, blank=True)
    status = models.CharField(
        _("Status"), max_length=24, choices=Status.choices, default=Status.BARU, db_index=True
    )
    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("Tim"), on_delete=PROTECT, related_name="tickets"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Petugas"),
        null=True,
        blank=True,
        on_delete=PROTECT,
        related_name="assigned_tickets",
    )
    position = models.CharField(_("Posisi tiket"), max_length=60)
    previous_team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("Tim sebelumnya"),
        null=True,
        blank=True,
        on_delete=PROTECT,
        related_name="+",
        help_text=_("Tim yang mengeskalasi tiket ke tim sekarang."),
    )
    feedback_from = models.CharField(
        _("Feedback diminta dari"), max_length=10, blank=True, choices=FeedbackFrom.choices
    )
    feedback_team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("Tim yang diminta feedback"),
        null=True,
        blank=True,
        on_delete=PROTECT,
        related_name="+",
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Diselesaikan oleh"),
        null=True,
        blank=True,
        on_delete=PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("Diselesaikan pada"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("Dibuka kembali"), default=0)
    waiting_since = models.DateTimeField(
        _("Menunggu pelapor sejak"),
        null=True,
        blank=True,
        help_text=_("Jam SLA berhenti selama tiket menunggu feedback pelapor."),
    )
    sla_paused_minutes = models.PositiveIntegerField(_("Jeda SLA (menit kerja)"), default=0)
    response_due_at = models.DateTimeField(_("Batas respons"))
    resolution_due_at = models.DateTimeField(_("Batas penyelesaian"))
    first_response_at = models.DateTimeField(_("Direspons pada"), null=True, blank=True)
    done_at = models.DateTimeField(_("Selesai pada"), null=True, blank=True)
    idempotency_key = models.UUIDField(_("Kunci idempotensi"), null=True, blank=True)
    # A digest of the filing request sent with ``idempotency_key``: a retry with the same key
    # but another body is refused instead of silently answered with this ticket.
    idempotency_digest = models.CharField(
        _("Sidik permintaan"), max_length=64, blank=True, default="", db_default=""
    )
    # Raised by every state change (``services._base.Acting.save``): action forms and API
    # clients send the revision they saw, and a ticket that moved since is refused (409)
    # even when its status came back to the same value.
    # Insiden (docs/incidents.md): the outage this ticket is one report of, and the ticket it
    # duplicates ("Duplikat dari"). Written by ``services/incidents.py`` only.
    incident = models.ForeignKey(
        "tickets.Incident",
        verbose_name=_("Insiden"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("Duplikat dari"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    revision = models.PositiveIntegerField(
        _("Revisi"),
        default=1,
        db_default=1,
        help_text=_("Naik pada setiap perubahan status, tim, petugas atau kategori tiket."),
    )

    class Meta:
        verbose_name = _("Tiket")
        verbose_name_plural = _("Tiket")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="ticket_idempotent_per_reporter",
            ),
            models.CheckConstraint(
                condition=Q(number__regex=r"^T[A-Z]{2}[0-9]{10,}$"), name="ticket_number_pattern"
            ),
        ]
        indexes = [
            models.Index(fields=["reporter", "-created_at"], name="ticket_reporter_recent"),
            models.Index(fields=["team", "status", "-created_at"], name="ticket_team_status"),
            # Advance "Status Tiket" with a Tanggal range (status alone is not selective enough).
            models.Index(fields=["status", "-created_at"], name="ticket_status_recent"),
            # "Prioritas tertinggi" sort, read level by level (tickets.search.by_priority).
            models.Index(fields=["priority", "-created_at"], name="ticket_priority_recent"),
            # "Batas SLA terdekat" sort.
            models.Index(fields=["resolution_due_at", "id"], name="ticket_sla_order"),
            # Tiket Ditangani and its counters: my open tickets (a few of my many done ones).
            models.Index(
                fields=["assignee", "-created_at"],
                name="ticket_open_assignee",
                condition=~Q(status__in=["SELESAI", "DITUTUP"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    @property
    def position_display(self) -> str:
        """Posisi Tiket as a person reads it (issue 17 item 10: "Selesai" in English too)."""
        return str(STORED_POSITIONS.get(self.position, self.position))

    @property
    def status_badge(self) -> str:
        return STATUS_BADGE[Status(self.status)]

    @property
    def handling_days(self) -> int:
        """Lama Pengerjaan: whole days since creation, frozen when the ticket is done."""
        end = self.done_at if self.status in DONE_STATUSES and self.done_at else timezone.now()
        return max(0, (end - self.created_at).days)


class TicketTeam(models.Model):
    """Every team a ticket is or was in: the scope of tier staff (R-AUTH-2) reads this."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="team_links")
    team = models.ForeignKey("accounts.Team", on_delete=PROTECT, related_name="ticket_links")
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Riwayat tim tiket")
        verbose_name_plural = _("Riwayat tim tiket")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "team"], name="ticket_team_unique"),
        ]
        indexes = [models.Index(fields=["team", "ticket"], name="ticket_team_scope")]

    def __str__(self) -> str:
        return f"{self.ticket_id} @ {self.team_id}"
