from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lpse_support.core.models import BaseModel


class WorkingHours(BaseModel):
    """Jam kerja per hari (0 = Senin … 6 = Minggu). A day without a row is not a working day."""

    class Weekday(models.IntegerChoices):
        SENIN = 0, _("Senin")
        SELASA = 1, _("Selasa")
        RABU = 2, _("Rabu")
        KAMIS = 3, _("Kamis")
        JUMAT = 4, _("Jumat")
        SABTU = 5, _("Sabtu")
        MINGGU = 6, _("Minggu")

    weekday = models.PositiveSmallIntegerField(_("Hari"), choices=Weekday.choices, unique=True)
    start = models.TimeField(_("Mulai"))
    end = models.TimeField(pgettext_lazy("jam kerja", "Selesai"))

    class Meta:
        verbose_name = _("Jam kerja")
        verbose_name_plural = _("Jam kerja")
        ordering = ["weekday"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="working_hours_end_after_start",
                violation_error_message=_("Jam selesai harus setelah jam mulai."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=6),
                name="working_hours_weekday_range",
                violation_error_message=_("Hari harus Senin–Minggu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class ExtraHoliday(BaseModel):
    """Admin-maintained corrections on top of ``holidays.Indonesia``.

    ``is_working_day=False`` adds a day off (cuti bersama from the SKB 3 Menteri, a local
    holiday); ``is_working_day=True`` cancels a day the package lists as a holiday.
    """

    date = models.DateField(_("Tanggal"), unique=True)
    name = models.CharField(_("Keterangan"), max_length=150)
    is_working_day = models.BooleanField(
        _("Tetap hari kerja"),
        default=False,
        help_text=_("Centang untuk membatalkan hari libur dari kalender nasional."),
    )

    class Meta:
        verbose_name = _("Hari libur tambahan")
        verbose_name_plural = _("Hari libur tambahan")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"
