from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketNumberCounter(models.Model):
    """Last sequence used per number prefix and day (R-NUM); incremented under a row lock."""

    prefix = models.CharField(_("Awalan"), max_length=3)
    day = models.DateField(_("Tanggal"))
    last_value = models.PositiveIntegerField(_("Nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("Penghitung nomor tiket")
        verbose_name_plural = _("Penghitung nomor tiket")
        constraints = [
            models.UniqueConstraint(fields=["prefix", "day"], name="ticket_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.day:%y%m%d} → {self.last_value}"
