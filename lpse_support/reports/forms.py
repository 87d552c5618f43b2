"""The report period form: "Tanggal" dari/sampai in dd/mm/yyyy (WIB), at most 366 days."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lpse_support.core.dates import CalendarDateField
from lpse_support.reports.period import MAX_DAYS, Period

BAD_DATE = _("Tanggal harus berformat dd/mm/yyyy, mis. 31/01/2026.")


class PeriodForm(forms.Form):
    dari = CalendarDateField(
        label=_("Dari"),
        error_messages={"required": _("Isi tanggal awal."), "invalid": BAD_DATE},
    )
    sampai = CalendarDateField(
        label=_("Sampai"),
        error_messages={"required": _("Isi tanggal akhir."), "invalid": BAD_DATE},
    )

    @classmethod
    def from_query(cls, query: Any) -> PeriodForm:
        """Bound to the query string, or to the default period (the last 30 days) when the
        query names neither date."""
        if "dari" in query or "sampai" in query:
            return cls(query)
        default = Period.default()
        return cls({"dari": f"{default.start:%d/%m/%Y}", "sampai": f"{default.end:%d/%m/%Y}"})

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        start, end = cleaned.get("dari"), cleaned.get("sampai")
        if start is None or end is None:
            return cleaned
        if start > end:
            raise forms.ValidationError(
                _("Tanggal awal tidak boleh setelah tanggal akhir."), code="order"
            )
        if (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(
                _("Periode paling panjang %(max)s hari; persingkat rentang tanggal."),
                code="too_long",
                params={"max": MAX_DAYS},
            )
        return cleaned

    def period(self) -> Period:
        """The chosen period; call only after ``is_valid()``."""
        return Period(start=self.cleaned_data["dari"], end=self.cleaned_data["sampai"])
