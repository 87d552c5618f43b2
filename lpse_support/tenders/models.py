"""Local mirror of the LKPP data warehouse's tender data (R-DW); the embedded default source."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lpse_support.core.models import BaseModel


class ProcurementCategory(models.TextChoices):
    """Jenis pengadaan as SPSE labels them (DOMAIN.md §3.1)."""

    BARANG = "Pengadaan Barang", _("Pengadaan Barang")
    KONSTRUKSI = "Pekerjaan Konstruksi", _("Pekerjaan Konstruksi")
    KONSULTANSI_BU_NON = (
        "Jasa Konsultansi Badan Usaha Non Konstruksi",
        _("Jasa Konsultansi Badan Usaha Non Konstruksi"),
    )
    KONSULTANSI_BU = (
        "Jasa Konsultansi Badan Usaha Konstruksi",
        _("Jasa Konsultansi Badan Usaha Konstruksi"),
    )
    KONSULTANSI_PERORANGAN_NON = (
        "Jasa Konsultansi Perorangan Non Konstruksi",
        _("Jasa Konsultansi Perorangan Non Konstruksi"),
    )
    KONSULTANSI_PERORANGAN = (
        "Jasa Konsultansi Perorangan Konstruksi",
        _("Jasa Konsultansi Perorangan Konstruksi"),
    )
    JASA_LAINNYA = "Jasa Lainnya", _("Jasa Lainnya")
    KONSTRUKSI_TERINTEGRASI = (
        "Pekerjaan Konstruksi Terintegrasi",
        _("Pekerjaan Konstruksi Terintegrasi"),
    )


class Tender(BaseModel):
    code = models.CharField(
        _("Kode tender"),
        max_length=12,
        unique=True,
        help_text=_("Angka 6–12 digit; disimpan sebagai teks."),
    )
    name = models.CharField(_("Nama paket"), max_length=500)
    lpse = models.ForeignKey(
        "accounts.LpseUnit",
        verbose_name=_("LPSE"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tenders",
    )
    satker = models.CharField(_("Satuan kerja"), max_length=300, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("Tahun anggaran"))
    hps = models.DecimalField(_("Nilai HPS"), max_digits=18, decimal_places=2)
    pagu = models.DecimalField(_("Nilai pagu"), max_digits=18, decimal_places=2)
    procurement_category = models.CharField(
        _("Kategori pengadaan"), max_length=60, choices=ProcurementCategory.choices
    )
    method = models.CharField(_("Metode pemilihan"), max_length=60)
    spse_build = models.CharField(_("Build SPSE"), max_length=40, blank=True)
    source_updated_at = models.DateTimeField(_("Diperbarui di sumber"), null=True, blank=True)

    class Meta:
        verbose_name = _("Tender")
        verbose_name_plural = _("Tender")
        ordering = ["-fiscal_year", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{6,12}$"),
                name="tender_code_digits",
                violation_error_message=_("Kode tender harus 6–12 digit angka."),
            ),
            models.CheckConstraint(
                condition=Q(hps__gte=0) & Q(pagu__gte=0),
                name="tender_amounts_non_negative",
                violation_error_message=_("HPS dan pagu tidak boleh negatif."),
            ),
            models.CheckConstraint(
                condition=Q(hps__lte=F("pagu")),
                name="tender_hps_within_pagu",
                violation_error_message=_("HPS tidak boleh melebihi pagu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def current_stage(self, at: datetime | None = None) -> TenderStage | None:
        """The stage running at ``at`` (default now), else None."""
        moment = at or timezone.now()
        for stage in self.stages.all():
            if stage.start <= moment < stage.end:
                return stage
        return None


class TenderStage(BaseModel):
    """One row of the jadwal (JadwalTahapanTender): a named stage with start and end."""

    tender = models.ForeignKey(
        Tender, verbose_name=_("Tender"), on_delete=models.CASCADE, related_name="stages"
    )
    order = models.PositiveSmallIntegerField(_("Urutan"))
    name = models.CharField(_("Tahapan"), max_length=200)
    start = models.DateTimeField(_("Mulai"))
    end = models.DateTimeField(_("Sampai"))

    class Meta:
        verbose_name = _("Tahapan tender")
        verbose_name_plural = _("Tahapan tender")
        ordering = ["tender", "order"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "order"], name="tender_stage_unique_order"),
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="tender_stage_end_after_start",
                violation_error_message=_("Akhir tahapan harus setelah awalnya."),
            ),
        ]
        indexes = [models.Index(fields=["tender", "start", "end"], name="tender_stage_window")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
