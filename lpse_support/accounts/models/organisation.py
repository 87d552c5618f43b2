from django.db import models
from django.utils.translation import gettext_lazy as _

from lpse_support.core.models import BaseModel


class Directorate(BaseModel):
    """An LKPP directorate that owns applications and runs tier-2/3 teams."""

    code = models.SlugField(_("Kode"), max_length=40, unique=True)
    name = models.CharField(_("Nama"), max_length=200, unique=True)
    short_name = models.CharField(_("Nama singkat"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("Direktorat")
        verbose_name_plural = _("Direktorat")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class LpseUnit(BaseModel):
    """A Layanan Pengadaan Secara Elektronik office (DOMAIN.md §6)."""

    class Kind(models.TextChoices):
        KEMENTERIAN = "KEMENTERIAN", _("Kementerian")
        LEMBAGA = "LEMBAGA", _("Lembaga")
        PROVINSI = "PROVINSI", _("Provinsi")
        KABUPATEN = "KABUPATEN", _("Kabupaten")
        KOTA = "KOTA", _("Kota")
        LAINNYA = "LAINNYA", _("Lainnya")

    class Zone(models.TextChoices):
        WIB = "Asia/Jakarta", "WIB"
        WITA = "Asia/Makassar", "WITA"
        WIT = "Asia/Jayapura", "WIT"

    name = models.CharField(_("Nama LPSE"), max_length=200, unique=True)
    slug = models.SlugField(_("Slug SPSE"), max_length=60, unique=True, null=True, blank=True)
    kind = models.CharField(_("Jenis"), max_length=20, choices=Kind.choices)
    province = models.CharField(_("Provinsi"), max_length=100, blank=True)
    timezone = models.CharField(
        _("Zona waktu"), max_length=20, choices=Zone.choices, default=Zone.WIB
    )
    kd_lpse = models.PositiveIntegerField(_("Kode LPSE"), unique=True, null=True, blank=True)
    spse_version = models.CharField(_("Versi SPSE"), max_length=40, blank=True)
    active = models.BooleanField(_("Aktif"), default=True)

    class Meta:
        verbose_name = _("LPSE")
        verbose_name_plural = _("LPSE")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
