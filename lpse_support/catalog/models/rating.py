from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lpse_support.core.models import BaseModel

_STAR_RANGE_MESSAGE = _("Rentang bintang harus di antara 1 dan 5, minimal tidak melebihi maksimal.")


def _star_range(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(min_stars__gte=1) & Q(max_stars__lte=5) & Q(max_stars__gte=F("min_stars")),
            name=f"{prefix}_star_range_valid",
            violation_error_message=_STAR_RANGE_MESSAGE,
        )
    ]


class RatingQuestion(BaseModel):
    """The question shown above the chips for a star range (R-RATE).

    E.g. 4–5 ★ "Apa yang menurutmu oke?", 1–3 ★ "Apa yang perlu ditingkatkan?".
    """

    text = models.CharField(_("Pertanyaan"), max_length=120)
    min_stars = models.PositiveSmallIntegerField(_("Bintang minimal"))
    max_stars = models.PositiveSmallIntegerField(_("Bintang maksimal"))

    class Meta:
        verbose_name = _("Pertanyaan penilaian")
        verbose_name_plural = _("Pertanyaan penilaian")
        ordering = ["-max_stars"]
        constraints = [
            *_star_range("rating_question"),
            models.UniqueConstraint(
                fields=["min_stars", "max_stars"], name="rating_question_unique_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.min_stars}–{self.max_stars} ★)"

    @classmethod
    def for_stars(cls, stars: int) -> "RatingQuestion | None":
        return cls.objects.filter(min_stars__lte=stars, max_stars__gte=stars).first()


class RatingChip(BaseModel):
    """A choosable reason ("Kecepatan penanganan", …) offered only for ratings in its star range."""

    label = models.CharField(_("Label"), max_length=80)
    min_stars = models.PositiveSmallIntegerField(_("Bintang minimal"))
    max_stars = models.PositiveSmallIntegerField(_("Bintang maksimal"))
    active = models.BooleanField(_("Aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("Urutan"), default=0)

    class Meta:
        verbose_name = _("Pilihan penilaian (chip)")
        verbose_name_plural = _("Pilihan penilaian (chip)")
        ordering = ["-max_stars", "order", "label"]
        constraints = [
            *_star_range("rating_chip"),
            models.UniqueConstraint(
                fields=["label", "min_stars", "max_stars"], name="rating_chip_unique_label_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.min_stars}–{self.max_stars} ★)"

    def allows(self, stars: int) -> bool:
        return self.min_stars <= stars <= self.max_stars
