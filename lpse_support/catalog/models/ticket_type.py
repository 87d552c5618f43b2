from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lpse_support.core.models import BaseModel


class TicketType(BaseModel):
    """Jenis Tiket ("Tiket Umum" by default); exactly one row may be the default."""

    name = models.CharField(_("Nama"), max_length=60, unique=True)
    is_default = models.BooleanField(_("Bawaan"), default=False)
    active = models.BooleanField(_("Aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("Urutan"), default=0)

    class Meta:
        verbose_name = _("Jenis tiket")
        verbose_name_plural = _("Jenis tiket")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="ticket_type_single_default",
                violation_error_message=_("Hanya satu jenis tiket yang boleh menjadi bawaan."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
