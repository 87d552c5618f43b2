from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lpse_support.core.models import BaseModel


class PriorityLevel(BaseModel):
    """Emergency > Major > Medium > Minor, with SLA targets in business minutes (R-PRI, R-SLA)."""

    code = models.SlugField(_("Kode"), max_length=20, unique=True)
    name = models.CharField(_("Nama"), max_length=30, unique=True)
    rank = models.PositiveSmallIntegerField(
        _("Peringkat"), unique=True, help_text=_("1 = paling mendesak (Emergency).")
    )
    response_minutes = models.PositiveIntegerField(
        _("Target respons (menit kerja)"),
        help_text=_("Waktu sampai tiket diambil, dalam menit jam kerja."),
    )
    resolution_minutes = models.PositiveIntegerField(
        _("Target penyelesaian (menit kerja)"),
        help_text=_("Waktu sampai tiket diselesaikan, dalam menit jam kerja."),
    )
    color = models.CharField(
        _("Warna badge"),
        max_length=20,
        default="secondary",
        help_text=_("Kelas warna Bootstrap: danger, warning, info, secondary."),
    )

    class Meta:
        verbose_name = _("Prioritas dan SLA")
        verbose_name_plural = _("Prioritas dan SLA")
        ordering = ["rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rank__gte=1),
                name="priority_rank_positive",
                violation_error_message=_("Peringkat minimal 1."),
            ),
            models.CheckConstraint(
                condition=Q(resolution_minutes__gte=F("response_minutes")),
                name="priority_resolution_after_response",
                violation_error_message=_(
                    "Target penyelesaian tidak boleh lebih cepat dari target respons."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name
