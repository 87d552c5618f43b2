from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lpse_support.core.models import BaseModel


class FirstLine(models.TextChoices):
    """Who receives a reporter's new ticket on this application (R-ORG-3)."""

    LPSE = "LPSE", _("Helpdesk LPSE pelapor (Level 1)")
    DIRECTORATE = "DIRECTORATE", _("Helpdesk direktorat pemilik aplikasi (Level 2)")


class CategoryKind(models.TextChoices):
    TEKNIS = "TEKNIS", _("Teknis")
    NON_TEKNIS = "NON_TEKNIS", _("Non-Teknis")


class Application(BaseModel):
    """An application supported by LPSE Support (SPSE, SiRUP, e-Katalog, …)."""

    code = models.SlugField(_("Kode"), max_length=30, unique=True)
    name = models.CharField(_("Nama aplikasi"), max_length=120, unique=True)
    full_name = models.CharField(_("Nama lengkap"), max_length=200, blank=True)
    letter = models.CharField(
        _("Huruf nomor tiket"),
        max_length=1,
        unique=True,
        help_text=_("Huruf ketiga nomor tiket, mis. S untuk SPSE (TPS…)."),
    )
    directorate = models.ForeignKey(
        "accounts.Directorate",
        verbose_name=_("Direktorat pemilik"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    first_line = models.CharField(
        _("Penerima pertama tiket pelapor"),
        max_length=12,
        choices=FirstLine.choices,
        default=FirstLine.LPSE,
    )
    active = models.BooleanField(_("Aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("Urutan"), default=0)

    class Meta:
        verbose_name = _("Aplikasi")
        verbose_name_plural = _("Aplikasi")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(letter__regex=r"^[A-Z]$"),
                name="application_letter_uppercase",
                violation_error_message=_("Huruf harus satu huruf kapital A–Z."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ApplicationVersion(BaseModel):
    application = models.ForeignKey(
        Application, verbose_name=_("Aplikasi"), on_delete=models.CASCADE, related_name="versions"
    )
    name = models.CharField(_("Versi"), max_length=60)
    active = models.BooleanField(_("Aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("Urutan"), default=0)

    class Meta:
        verbose_name = _("Versi aplikasi")
        verbose_name_plural = _("Versi aplikasi")
        ordering = ["application", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["application", "name"], name="version_unique_per_app"),
        ]

    def __str__(self) -> str:
        return f"{self.application.name} {self.name}"


class Category(BaseModel):
    application = models.ForeignKey(
        Application, verbose_name=_("Aplikasi"), on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(_("Kategori"), max_length=120)
    kind = models.CharField(
        _("Jenis"),
        max_length=12,
        choices=CategoryKind.choices,
        default=CategoryKind.TEKNIS,
        help_text=_("Menentukan tim Helpdesk LKPP Teknis atau Non-Teknis."),
    )
    active = models.BooleanField(_("Aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("Urutan"), default=0)

    class Meta:
        verbose_name = _("Kategori")
        verbose_name_plural = _("Kategori")
        ordering = ["application", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["application", "name"], name="category_unique_per_app"),
        ]

    def __str__(self) -> str:
        return f"{self.application.name} — {self.name}"


class SubCategory(BaseModel):
    category = models.ForeignKey(
        Category, verbose_name=_("Kategori"), on_delete=models.CASCADE, related_name="subcategories"
    )
    name = models.CharField(_("Sub kategori"), max_length=160)
    default_priority = models.ForeignKey(
        "catalog.PriorityLevel",
        verbose_name=_("Prioritas bawaan"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline_sensitive = models.BooleanField(
        _("Peka tenggat tahapan"),
        default=False,
        help_text=_("Prioritas naik bila tahapan tender berakhir dalam 24/72 jam."),
    )
    active = models.BooleanField(_("Aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("Urutan"), default=0)

    class Meta:
        verbose_name = _("Sub kategori")
        verbose_name_plural = _("Sub kategori")
        ordering = ["category", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "name"], name="subcategory_unique_per_category"
            ),
        ]

    def __str__(self) -> str:
        return self.name
