from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One line of a person's notification list (R-NOTIF): written in the ticket action's own
    transaction (notifications/outbox.py), once per recipient and event. ``emailed_at`` keeps
    when its e-mail went out after the delivery row (EmailDelivery) has been purged."""

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


class EmailDelivery(models.Model):
    """The e-mail of one notification: an outbox row written with the notification in the
    action's transaction and worked off by the worker (notifications/delivery.py).

    pending → sending (claimed, with a lease) → sent; a failed attempt goes back to pending with
    a later ``next_attempt_at``, the last one to failed. A sending row whose lease ran out lost
    its worker and is claimed again, so every e-mail is sent at least once."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        SENDING = "sending", _("Sedang dikirim")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")

    notification = models.OneToOneField(
        Notification,
        verbose_name=_("Notifikasi"),
        on_delete=models.CASCADE,
        related_name="email_delivery",
    )
    to = models.EmailField(_("Kepada"))
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("Percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("Percobaan berikutnya"), default=timezone.now)
    claimed_by = models.CharField(_("Diproses oleh"), max_length=64, blank=True)
    claimed_until = models.DateTimeField(_("Diproses hingga"), null=True, blank=True)
    last_error = models.TextField(_("Galat terakhir"), blank=True)
    sent_at = models.DateTimeField(_("Terkirim pada"), null=True, blank=True)
    # The id of the request whose action wrote this row: the worker's log lines carry it.
    request_id = models.CharField(_("ID permintaan"), max_length=64, blank=True, default="")
    created_at = models.DateTimeField(_("Dibuat pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("Email notifikasi")
        verbose_name_plural = _("Email notifikasi")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The worker's claim (due pending rows, expired sending rows) and the admin list.
            models.Index(fields=["status", "next_attempt_at"], name="email_delivery_due"),
            # The purge of sent rows past the retention.
            models.Index(fields=["status", "sent_at"], name="email_delivery_sent"),
        ]

    def __str__(self) -> str:
        return self.to


class ScheduledJob(models.Model):
    """One periodic job of the workers (``notifications/schedule.py``): its row is the lock that
    lets exactly one worker, on any node, run it per period."""

    name = models.CharField(_("Nama tugas"), max_length=60, unique=True)
    next_run_at = models.DateTimeField(_("Jalan berikutnya"), default=timezone.now)
    last_started_at = models.DateTimeField(_("Terakhir mulai"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("Terakhir selesai"), null=True, blank=True)
    last_worker = models.CharField(_("Dijalankan oleh"), max_length=64, blank=True)
    last_result = models.CharField(_("Hasil terakhir"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("Tugas berkala")
        verbose_name_plural = _("Tugas berkala")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
