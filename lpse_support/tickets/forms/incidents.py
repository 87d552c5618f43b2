"""Insiden forms: create an incident, resolve it (one message for every child), and the
ticket's "Duplikat dari <nomor>" field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lpse_support.catalog.models import Application
from lpse_support.tickets.services._base import MESSAGE_MIN
from lpse_support.tickets.services.incidents import TITLE_MAX


class IncidentForm(forms.Form):
    title = forms.CharField(label=_("Judul insiden"), max_length=TITLE_MAX)
    application = forms.ModelChoiceField(
        label=_("Aplikasi"),
        queryset=Application.objects.filter(active=True),
        empty_label=_("Pilih Aplikasi"),
    )
    started_at = forms.DateTimeField(
        label=_("Mulai terjadi"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Kosongkan untuk waktu sekarang."),
    )
    status_text = forms.CharField(
        label=_("Teks halaman status"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ditampilkan kepada pelapor pada halaman Buat Tiket Baru."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ModelChoiceField) else "form-control"
            field.widget.attrs.setdefault("class", css)


class ResolveIncidentForm(forms.Form):
    message = forms.CharField(
        label=_("Pesan penyelesaian"),
        min_length=MESSAGE_MIN,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Dikirim ke setiap tiket yang terlampir; setiap pelapor mengonfirmasi."),
    )


class DuplicateForm(forms.Form):
    duplicate_of = forms.CharField(
        label=_("Duplikat dari"),
        max_length=20,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
