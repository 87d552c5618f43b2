from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lpse_support.core.models import BaseModel


class ReporterCategory(BaseModel):
    """Kategori Pelapor (R-ORG-2); its letter is the second letter of a ticket number (R-NUM)."""

    code = models.SlugField(_("Kode"), max_length=30, unique=True)
    name = models.CharField(_("Nama"), max_length=60, unique=True)
    letter = models.CharField(
        _("Huruf nomor tiket"),
        max_length=1,
        unique=True,
        help_text=_("Satu huruf kapital, mis. P untuk PPK (TPS…)."),
    )
    is_support_staff = models.BooleanField(
        _("Kategori petugas"),
        default=False,
        help_text=_("Helpdesk, Verifikator, Admin Agency dan petugas LKPP."),
    )
    order = models.PositiveSmallIntegerField(_("Urutan"), default=0)

    class Meta:
        verbose_name = _("Kategori pelapor")
        verbose_name_plural = _("Kategori pelapor")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(letter__regex=r"^[A-Z]$"),
                name="reporter_category_letter_uppercase",
                violation_error_message=_("Huruf harus satu huruf kapital A–Z."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """Every person who logs in: reporters, LPSE and LKPP staff, supervisors, admins."""

    full_name = models.CharField(_("Nama lengkap"), max_length=150)
    email = models.EmailField(_("Email"), blank=True)
    phone = models.CharField(_("Telepon"), max_length=30, blank=True)
    reporter_category = models.ForeignKey(
        ReporterCategory,
        verbose_name=_("Kategori pelapor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    home_lpse = models.ForeignKey(
        "accounts.LpseUnit",
        verbose_name=_("LPSE asal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    is_supervisor = models.BooleanField(
        _("Supervisor"), default=False, help_text=_("Membaca semua tiket dalam cakupannya.")
    )
    supervised_directorate = models.ForeignKey(
        "accounts.Directorate",
        verbose_name=_("Direktorat yang disupervisi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervisors",
        help_text=_("Kosong berarti supervisor nasional (semua tiket)."),
    )

    REQUIRED_FIELDS = ["email", "full_name"]

    class Meta:
        verbose_name = _("Pengguna")
        verbose_name_plural = _("Pengguna")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name or self.username
