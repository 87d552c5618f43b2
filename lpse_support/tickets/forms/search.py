"""Cari Tiket (guide §4.2, Gambar 8): "No. Tiket — Cari nomor tiket" and the Advance fields, read
from the URL (GET) so a search can be shared, bookmarked and reached with the back button."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lpse_support.accounts.models import LpseUnit
from lpse_support.catalog.models import Application, ApplicationVersion, Category, PriorityLevel
from lpse_support.core.dates import CalendarDateField
from lpse_support.tickets.search import (
    ORDER_BY,
    REPORTER_TABS,
    STAFF_TABS,
    TAB_SEMUA,
    TicketQuery,
)
from lpse_support.tickets.workflow import Status

NUMBER_PATTERN = re.compile(r"^[A-Za-z0-9]*$")
SORTS = (
    ("terbaru", _("Terbaru"), "-created_at"),
    ("terlama", _("Terlama"), "created_at"),
    ("prioritas", _("Prioritas tertinggi"), "priority"),
    ("sla", _("Batas SLA terdekat"), "sla"),
)
ORDERING_OF = {code: ordering for code, _label, ordering in SORTS}
assert set(ORDERING_OF.values()) <= set(ORDER_BY)
DATE_ERROR = _("Tanggal harus ditulis dd/mm/yyyy, misalnya 28/11/2026.")
# The Advance fields: when one of them is set the Advance panel opens by itself.
ADVANCE_FIELDS = (
    "dari",
    "sampai",
    "aplikasi",
    "versi",
    "status",
    "judul",
    "lpse",
    "prioritas",
    "kategori",
    "q",
)


class WibDateField(CalendarDateField):
    """Typed as dd/mm/yyyy (links, bookmarks) or picked (the browser sends yyyy-mm-dd)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, error_messages={"invalid": DATE_ERROR}, **kwargs)


class ApplicationOptionSelect(forms.Select):
    """Each option names its application (``data-application``), so that ticket-list.js offers
    only the versions and categories of the chosen Aplikasi (issue 17 item 3)."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        instance = getattr(option["value"], "instance", None)
        if instance is not None:
            option["attrs"]["data-application"] = str(instance.application_id)
        return option


class TicketSearchForm(forms.Form):
    tab = forms.ChoiceField(required=False, choices=[])
    nomor = forms.CharField(
        label=_("No. Tiket"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": _("Cari nomor tiket"), "autocomplete": "off"}),
    )
    dari = WibDateField(label=_("Tanggal dari"))
    sampai = WibDateField(label=_("Tanggal sampai"))
    aplikasi = forms.ModelChoiceField(
        label=_("Aplikasi"), required=False, queryset=Application.objects.none()
    )
    versi = forms.ModelChoiceField(
        label=_("Versi"),
        required=False,
        queryset=ApplicationVersion.objects.none(),
        widget=ApplicationOptionSelect(attrs={"data-narrowed-by": "id_aplikasi"}),
    )
    status = forms.ChoiceField(
        label=_("Status Tiket"),
        required=False,
        choices=[("", _("Semua status")), *Status.choices],
    )
    judul = forms.CharField(label=_("Judul"), required=False, max_length=100)
    lpse = forms.ModelChoiceField(label=_("LPSE"), required=False, queryset=LpseUnit.objects.none())
    prioritas = forms.ModelChoiceField(
        label=_("Prioritas"),
        required=False,
        queryset=PriorityLevel.objects.none(),
        to_field_name="code",
    )
    kategori = forms.ModelChoiceField(
        label=_("Kategori"),
        required=False,
        queryset=Category.objects.none(),
        widget=ApplicationOptionSelect(attrs={"data-narrowed-by": "id_aplikasi"}),
    )
    q = forms.CharField(
        label=_("Kata kunci"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"placeholder": _("Kata dalam judul, deskripsi atau diskusi")}
        ),
    )
    urut = forms.ChoiceField(
        label=_("Urutkan"),
        required=False,
        choices=[(code, label) for code, label, _ordering in SORTS],
    )
    # Set by the dashboard's counters: "Terlambat", "Akan Terlambat" and "Diambil (Per Hari)".
    terlambat = forms.BooleanField(required=False)
    akan_terlambat = forms.BooleanField(required=False)
    diambil = forms.ChoiceField(required=False, choices=[("", ""), ("hari-ini", "hari-ini")])

    def __init__(self, *args: Any, tabs: tuple[str, ...] = STAFF_TABS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tabs = tabs
        self.fields["tab"].choices = [(tab, tab) for tab in tabs]  # type: ignore[attr-defined]
        applications = Application.objects.filter(active=True).order_by("name")
        self.fields["aplikasi"].queryset = applications  # type: ignore[attr-defined]
        self.fields["versi"].queryset = (  # type: ignore[attr-defined]
            ApplicationVersion.objects.select_related("application")
            .filter(application__active=True)
            .order_by("application__name", "name")
        )
        self.fields["versi"].label_from_instance = (  # type: ignore[attr-defined]
            lambda version: f"{version.application.name} {version.name}"
        )
        self.fields["lpse"].queryset = LpseUnit.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["prioritas"].queryset = PriorityLevel.objects.order_by("rank")  # type: ignore[attr-defined]
        self.fields["kategori"].queryset = (  # type: ignore[attr-defined]
            Category.objects.select_related("application").order_by("application__name", "name")
        )
        self.fields["kategori"].label_from_instance = (  # type: ignore[attr-defined]
            lambda category: f"{category.application.name} — {category.name}"
        )

        for name in ADVANCE_FIELDS[2:]:
            field = self.fields[name]
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
        for name, empty in (
            ("aplikasi", _("Semua aplikasi")),
            ("versi", _("Semua versi")),
            ("lpse", _("Semua LPSE")),
            ("prioritas", _("Semua prioritas")),
            ("kategori", _("Semua kategori")),
        ):
            self.fields[name].empty_label = empty  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"

    def clean_nomor(self) -> str:
        number = str(self.cleaned_data.get("nomor") or "").strip()
        if not NUMBER_PATTERN.match(number):
            raise forms.ValidationError(_("Nomor tiket hanya berisi huruf dan angka."))
        return number.upper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("dari"), cleaned.get("sampai")
        if start and end and start > end:
            self.add_error("sampai", _("Tanggal sampai tidak boleh sebelum tanggal dari."))
        version, application = cleaned.get("versi"), cleaned.get("aplikasi")
        if version and application and version.application_id != application.pk:
            self.add_error("versi", _("Versi ini bukan versi aplikasi yang dipilih."))
        return cleaned

    @property
    def advance_open(self) -> bool:
        return any(self.data.get(name) for name in ADVANCE_FIELDS)

    def to_query(self) -> TicketQuery:
        """The valid form as a ``TicketQuery`` (call after ``is_valid()``)."""
        data = self.cleaned_data
        tab = data.get("tab") or TAB_SEMUA

        def pk(name: str) -> int | None:
            value = data.get(name)
            return int(value.pk) if value is not None else None

        priority = data.get("prioritas")
        return TicketQuery(
            tab=tab,
            number=data.get("nomor") or "",
            text=data.get("q") or "",
            title=data.get("judul") or "",
            status=data.get("status") or "",
            application_id=pk("aplikasi"),
            version_id=pk("versi"),
            category_id=pk("kategori"),
            priority_code=priority.code if priority is not None else "",
            lpse_id=pk("lpse"),
            date_from=data.get("dari"),
            date_to=data.get("sampai"),
            overdue=bool(data.get("terlambat")),
            nearly_overdue=bool(data.get("akan_terlambat")),
            taken_today=data.get("diambil") == "hari-ini",
            ordering=ORDERING_OF.get(data.get("urut") or "", "-created_at"),
        )


def tabs_for(is_reporter: bool) -> tuple[str, ...]:
    return REPORTER_TABS if is_reporter else STAFF_TABS
