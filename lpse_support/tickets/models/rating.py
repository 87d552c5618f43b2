from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TicketRating(models.Model):
    """Penilaian layanan (R-RATE): once per ticket, by the reporter, after it is done."""

    ticket = models.OneToOneField("tickets.Ticket", on_delete=models.CASCADE, related_name="rating")
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    stars = models.PositiveSmallIntegerField(_("Bintang"))
    chips = models.ManyToManyField(
        "catalog.RatingChip", blank=True, related_name="+", verbose_name=_("Pilihan")
    )
    message = models.TextField(_("Ada pesan untuk kami?"), blank=True)
    created_at = models.DateTimeField(_("Dinilai pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("Penilaian tiket")
        verbose_name_plural = _("Penilaian tiket")
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=1) & Q(stars__lte=5), name="ticket_rating_stars_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.stars} ★"
