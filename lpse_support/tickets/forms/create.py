"""Buat Tiket Baru (guide §4.2.1): the form checks shape only; the rules live in
``services.ticket_create`` and its errors are put back next to their field by the view."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from lpse_support.catalog.models import Application, ApplicationVersion, Category, SubCategory
from lpse_support.core.text import one_line
from lpse_support.tenders.models import ProcurementCategory
from lpse_support.tickets.errors import DescriptionTooShort, TitleRequired, TitleTooLong
from lpse_support.tickets.services.ticket_create import DESCRIPTION_MIN, TITLE_MAX, ManualTender

MANUAL_FIELDS = (
    "manual_code",
    "manual_spse_build",
    "manual_fiscal_year",
    "manual_hps",
    "manual_category",
)
Choices = list[tuple[Any, Any]]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; each is checked by the service (R-FILE)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def renew_idempotency_key(form: forms.Form) -> None:
    """A new hidden ``idempotency_key`` in a bound form whose key was refused as already used
    for another request: sending the form again is then a new request, not a replay."""
    posted: Any = form.data  # a QueryDict from a request (its copy is mutable), or a dict
    data = posted.copy()
    data["idempotency_key"] = str(uuid.uuid4())
    form.data = data
    form.full_clean()


def to_int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def parse_rupiah(text: str) -> Decimal:
    """ "Rp 1.500.000.000,50", "1500000000" or "1.500.000.000" → Decimal; ValueError otherwise."""
    cleaned = re.sub(r"[^\d,.\-]", "", text)
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") > 1 or re.fullmatch(r"-?\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not amount.is_finite():
        raise ValueError(text)
    return amount


def version_choices(application_id: int | None) -> Choices:
    """Versions of one application; without one, every version grouped by application (a
    browser without JavaScript still gets a usable list)."""
    placeholder: Choices = [("", _("Pilih Versi"))]
    versions = ApplicationVersion.objects.filter(active=True, application__active=True)
    if application_id is not None:
        return placeholder + [
            (v.pk, v.name) for v in versions.filter(application_id=application_id)
        ]
    groups: dict[str, Choices] = {}
    for version in versions.select_related("application").order_by(
        "application__order", "application__name", "order", "name"
    ):
        groups.setdefault(version.application.name, []).append((version.pk, version.name))
    return placeholder + list(groups.items())


def category_choices(application_id: int | None) -> Choices:
    placeholder: Choices = [("", _("Pilih Kategori"))]
    categories = Category.objects.filter(active=True, application__active=True)
    if application_id is not None:
        return placeholder + [
            (c.pk, c.name) for c in categories.filter(application_id=application_id)
        ]
    groups: dict[str, Choices] = {}
    for category in categories.select_related("application").order_by(
        "application__order", "application__name", "order", "name"
    ):
        groups.setdefault(category.application.name, []).append((category.pk, category.name))
    return placeholder + list(groups.items())


def subcategory_choices(category_id: int | None, application_id: int | None = None) -> Choices:
    placeholder: Choices = [("", _("Pilih Sub Kategori"))]
    subs = SubCategory.objects.filter(
        active=True, category__active=True, category__application__active=True
    )
    if category_id is not None:
        return placeholder + [(s.pk, s.name) for s in subs.filter(category_id=category_id)]
    if application_id is not None:
        subs = subs.filter(category__application_id=application_id)
    groups: dict[str, Choices] = {}
    for sub in subs.select_related("category__application").order_by(
        "category__application__order",
        "category__application__name",
        "category__order",
        "category__name",
        "order",
        "name",
    ):
        label = f"{sub.category.application.name} — {sub.category.name}"
        groups.setdefault(label, []).append((sub.pk, sub.name))
    return placeholder + list(groups.items())


class OneLineField(forms.CharField):
    """A single-line text field: the value is normalised by ``one_line`` (as the service does)
    before the length is checked, so a title pasted with line breaks counts as what is kept."""

    def to_python(self, value: Any) -> str:
        return one_line(super().to_python(value))


class TicketCreateForm(forms.Form):
    title = OneLineField(
        label=_("Judul Tiket"),
        max_length=TITLE_MAX,
        error_messages={
            "required": TitleRequired.message_template,
            "max_length": TitleTooLong.message_template,
        },
        widget=forms.TextInput(
            attrs={"placeholder": _("Masukkan judul tiket"), "data-counter": "title-counter"}
        ),
    )
    application = forms.ModelChoiceField(
        label=_("Aplikasi"),
        queryset=Application.objects.filter(active=True),
        empty_label=_("Pilih Aplikasi"),
        error_messages={
            "required": _("Pilih aplikasi."),
            "invalid_choice": _("Pilih aplikasi dari daftar."),
        },
    )
    version = forms.IntegerField(
        label=_("Versi"),
        error_messages={"required": _("Pilih versi aplikasi."), "invalid": _("Pilih versi.")},
        widget=forms.Select(
            attrs={
                "hx-get": reverse_lazy("tickets:version_options"),
                "hx-trigger": "change from:#id_application",
                "hx-include": "#id_application",
                "hx-target": "this",
                "hx-swap": "innerHTML",
            }
        ),
    )
    error_code = forms.CharField(
        label=_("Kode Error"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": _("Masukkan Kode Error di Sini (Opsional)")}),
    )
    tender_code = forms.CharField(
        label=_("Kode Tender"),
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Cari Kode Tender atau Isi Manual (Jika Diperlukan)"),
                "data-tender-search": reverse_lazy("tenders:search"),
                "autocomplete": "off",
            }
        ),
    )
    manual = forms.BooleanField(label=_("Isi Manual"), required=False)
    manual_code = forms.CharField(
        label=_("Kode Tender"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": _("Opsional")}),
    )
    manual_spse_build = forms.CharField(
        label=_("Build SPSE Versi"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": _("Contoh SPSE v4.3u20190904")}),
    )
    manual_fiscal_year = forms.IntegerField(
        label=_("Tahun Anggaran"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": _("Tahun anggaran harus berupa angka tahun, mis. 2025."),
            "min_value": _("Tahun anggaran tidak valid."),
            "max_value": _("Tahun anggaran tidak valid."),
        },
        widget=forms.NumberInput(attrs={"placeholder": _("Opsional")}),
    )
    manual_hps = forms.CharField(
        label=_("Nilai HPS Paket"),
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "placeholder": _("mis. 1.500.000.000")}
        ),
    )
    manual_category = forms.ChoiceField(
        label=_("Kategori"),
        required=False,
        choices=[("", _("Pilih Kategori")), *ProcurementCategory.choices],
    )
    category = forms.IntegerField(
        label=_("Kategori Tiket"),
        error_messages={"required": _("Pilih kategori tiket."), "invalid": _("Pilih kategori.")},
        widget=forms.Select(
            attrs={
                "hx-get": reverse_lazy("tickets:category_options"),
                "hx-trigger": "change from:#id_application",
                "hx-include": "#id_application",
                "hx-target": "this",
                "hx-swap": "innerHTML",
            }
        ),
    )
    subcategory = forms.IntegerField(
        label=_("Sub Kategori Tiket"),
        error_messages={
            "required": _("Pilih sub kategori tiket."),
            "invalid": _("Pilih sub kategori."),
        },
        widget=forms.Select(
            attrs={
                "hx-get": reverse_lazy("tickets:subcategory_options"),
                "hx-trigger": "change from:#id_category",
                "hx-include": "#id_category",
                "hx-target": "this",
                "hx-swap": "innerHTML",
            }
        ),
    )
    description = forms.CharField(
        label=_("Deskripsi"),
        min_length=DESCRIPTION_MIN,
        error_messages={
            "required": _("Deskripsi wajib diisi."),
            "min_length": DescriptionTooShort.message_template,
        },
        widget=forms.Textarea(
            attrs={
                "rows": 6,
                "placeholder": _("Masukkan deskripsi tiket di sini"),
                "data-min-length": DESCRIPTION_MIN,
            }
        ),
    )
    # The service names upload errors "files"; the metaclass moves declared fields into
    # ``fields``, so this never shadows ``BaseForm.files`` at runtime.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Unggah File"),
        required=False,
        widget=MultipleFileInput(attrs={"data-file-list": "files"}),
    )
    idempotency_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # Files already sent by tus for this form (``attachments/pending.py``), listed again when
    # the form is drawn back with errors.
    pending_uploads: Sequence[Any] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())
        for name, field in self.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            if isinstance(field.widget, forms.CheckboxInput):
                css = "form-check-input"
            if not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("class", css)
            if name in MANUAL_FIELDS:
                field.widget.attrs["data-manual"] = ""
        application_id = to_int(self.data.get("application")) if self.is_bound else None
        category_id = to_int(self.data.get("category")) if self.is_bound else None
        self.fields["version"].widget.choices = version_choices(application_id)
        self.fields["category"].widget.choices = category_choices(application_id)
        self.fields["subcategory"].widget.choices = subcategory_choices(category_id, application_id)
        if self.is_bound and any(str(self.data.get(name, "")).strip() for name in MANUAL_FIELDS):
            # Re-rendered with manual data: keep the fieldset open.
            data = self.data.copy()  # type: ignore[attr-defined]
            data["manual"] = "on"
            self.data = data

    def clean_manual_hps(self) -> Decimal | None:
        text = str(self.cleaned_data.get("manual_hps") or "").strip()
        if not text:
            return None
        try:
            return parse_rupiah(text)
        except ValueError:
            raise forms.ValidationError(
                _("Nilai HPS harus berupa angka, mis. 1.500.000.000.")
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        category, subcategory = data.get("category"), data.get("subcategory")
        if (
            category is not None
            and subcategory is not None
            and not SubCategory.objects.filter(pk=subcategory, category_id=category).exists()
        ):
            self.add_error("subcategory", _("Pilih sub kategori dari kategori yang dipilih."))
        return data

    def manual_tender(self) -> ManualTender | None:
        """Isi Manual is used when any of its fields is filled (a hidden, switched-off fieldset
        is disabled in the browser, so it sends nothing)."""
        data = getattr(self, "cleaned_data", {})
        code = str(data.get("manual_code") or "").strip()
        build = str(data.get("manual_spse_build") or "").strip()
        year = data.get("manual_fiscal_year")
        hps = data.get("manual_hps")
        category = str(data.get("manual_category") or "")
        if not (code or build or year is not None or hps is not None or category):
            return None
        return ManualTender(
            code=code, spse_build=build, fiscal_year=year, hps=hps, procurement_category=category
        )

    def service_arguments(self) -> dict[str, Any]:
        """Keyword arguments for ``ticket_create`` (everything but the reporter and the files)."""
        data = self.cleaned_data
        application = data["application"]
        return {
            "title": data["title"],
            "application_id": application.pk,
            "version_id": data["version"],
            "subcategory_id": data["subcategory"],
            "description": data["description"],
            "error_code": data.get("error_code") or "",
            "tender_code": data.get("tender_code") or "",
            "manual_tender": self.manual_tender(),
            "idempotency_key": data.get("idempotency_key"),
        }
