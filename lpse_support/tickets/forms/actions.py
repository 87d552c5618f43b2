"""Forms of the ticket actions (guide §4.2.3): they check shape only — the workflow rules, the
minimum message length and the chip ranges are enforced again by the services. Every form carries
a hidden ``idempotency_key`` made at render time, so a double submit acts once (R-WF-2), and
the hidden ``revision`` of the ticket the page was drawn from (written by the templates from
``ticket.revision``), so a form left open while the ticket moved is refused (409)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from lpse_support.accounts.models import Team
from lpse_support.catalog.models import RatingChip
from lpse_support.tickets.forms.create import (
    MultipleFileField,
    MultipleFileInput,
    category_choices,
    subcategory_choices,
    to_int,
)
from lpse_support.tickets.services._base import MESSAGE_MIN
from lpse_support.tickets.workflow import Action, FeedbackFrom

MESSAGE_PLACEHOLDER = _("Tuliskan pesan Anda di sini")
MESSAGE_ERRORS = {
    "required": _("Pesan wajib diisi."),
    "min_length": _("Pesan minimal 15 karakter."),
}
STAR_CHOICES = [(n, str(n)) for n in range(1, 6)]


class ActionForm(forms.Form):
    """Base: the hidden idempotency key and Bootstrap classes on every visible widget."""

    idempotency_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # Optional: a post without it (an old cached page) is checked by state only, as before.
    revision = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # Files already sent by tus for this form (``attachments/pending.py``), listed again when
    # the form is drawn back with errors.
    pending_uploads: Sequence[Any] = ()
    # Several action forms share one page: each gets its own id prefix.
    id_prefix = "action"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())
        for form_field in self.fields.values():
            widget = form_field.widget
            if isinstance(widget, forms.HiddenInput | forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)

    def mark_invalid(self) -> None:
        """Flag the fields with errors for Bootstrap and screen readers (before rendering)."""
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"

    @property
    def key(self) -> uuid.UUID | None:
        data = getattr(self, "cleaned_data", {})
        value = data.get("idempotency_key")
        return value if isinstance(value, uuid.UUID) else None

    @property
    def seen_revision(self) -> int | None:
        """The ticket revision the page showed when this form was drawn."""
        value = getattr(self, "cleaned_data", {}).get("revision")
        return value if isinstance(value, int) else None

    def first_error(self) -> str:
        for errors in self.errors.values():
            for error in errors:
                return str(error)
        return str(_("Periksa kembali isian Anda."))


MESSAGE_LABEL = _("Pesan")


def message_field(*, minimum: int = MESSAGE_MIN, label: Any = MESSAGE_LABEL) -> forms.CharField:
    return forms.CharField(
        label=label,
        min_length=minimum,
        strip=True,
        error_messages=MESSAGE_ERRORS,
        widget=forms.Textarea(
            attrs={
                "rows": 4,
                "placeholder": MESSAGE_PLACEHOLDER,
                "data-min-length": minimum,
                "minlength": minimum,
            }
        ),
    )


def files_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Unggah File"),
        required=False,
        widget=MultipleFileInput(attrs={"class": "form-control"}),
    )


class MessageForm(ActionForm):
    """Beri Feedback and Masalah Belum Terselesaikan: a message of ≥ 15 characters and files."""

    message = message_field()
    files = files_field()  # type: ignore[assignment]
    id_prefix = "feedback"


class RejectForm(MessageForm):
    id_prefix = "reject"


class WorkForm(MessageForm):
    """Kerjakan Tiket — "Pilih Tindakan Anda": one message for the chosen action."""

    id_prefix = "work"

    tindakan = forms.ChoiceField(
        label=_("Pilih Tindakan Anda"),
        choices=[
            (Action.REQUEST_FEEDBACK.value, _("Butuh Feedback")),
            (Action.ESCALATE.value, _("Eskalasi Tiket")),
            (Action.RESOLVE.value, _("Selesaikan Masalah")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih tindakan Anda.")},
    )
    from_party = forms.ChoiceField(
        label=_("Minta feedback dari"),
        choices=[(FeedbackFrom.REPORTER.value, _("Pelapor"))],
        required=False,
        widget=forms.RadioSelect,
    )
    target_team = forms.TypedChoiceField(
        label=_("Tim tujuan eskalasi"), coerce=int, required=False, empty_value=None
    )

    def __init__(
        self,
        *args: Any,
        actions: list[str] | None = None,
        previous_team: Team | None = None,
        targets: list[Team] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if actions is not None:
            tindakan: Any = self.fields["tindakan"]
            tindakan.choices = [c for c in tindakan.choices if c[0] in actions]
        party: Any = self.fields["from_party"]
        target: Any = self.fields["target_team"]
        if previous_team is not None:
            party.choices = [
                (FeedbackFrom.REPORTER.value, _("Pelapor")),
                (FeedbackFrom.TEAM.value, previous_team.name),
            ]
        self.fields["from_party"].initial = FeedbackFrom.REPORTER.value
        teams = targets or []
        target.choices = [(team.pk, team.name) for team in teams]
        if teams:
            self.fields["target_team"].initial = teams[0].pk
        self.targets = teams

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("tindakan") == Action.REQUEST_FEEDBACK and not data.get("from_party"):
            data["from_party"] = FeedbackFrom.REPORTER.value
        return data


REASON_LABEL = _("Alasan")
REASON_ERRORS = {
    "required": _("Alasan wajib diisi."),
    "min_length": _("Alasan minimal 15 karakter."),
}


def reason_field() -> forms.CharField:
    """A required reason of ≥ 15 characters (Lepas Tiket, Alihkan Tiket)."""
    field = message_field(label=REASON_LABEL)
    field.error_messages = {**field.error_messages, **REASON_ERRORS}
    field.widget.attrs.update({"rows": 2, "placeholder": _("Tuliskan alasannya di sini")})
    return field


class UnassignForm(ActionForm):
    """Lepas Tiket: the reason the assignee hands the ticket back."""

    id_prefix = "unassign"
    reason = reason_field()


# Alihkan Tiket's choice that pulls the ticket back to the team's queue (Tarik ke Antrean).
TO_QUEUE = "antrean"


class ReassignForm(ActionForm):
    """Alihkan Tiket: to a colleague of the ticket's team, or back to the queue; a reason."""

    id_prefix = "reassign"
    assignee = forms.ChoiceField(
        label=_("Alihkan ke"),
        error_messages={
            "required": _("Pilih petugas tujuan."),
            "invalid_choice": _("Pilih petugas tujuan dari daftar."),
        },
    )
    reason = reason_field()

    def __init__(self, *args: Any, candidates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", _("— Pilih —")),
            *[(str(pk), name) for pk, name in candidates],
            (TO_QUEUE, _("Tarik ke antrean tim (tidak ada petugas)")),
        ]

    @property
    def to_queue(self) -> bool:
        return self.cleaned_data.get("assignee") == TO_QUEUE

    @property
    def assignee_id(self) -> int | None:
        return to_int(self.cleaned_data.get("assignee"))


class CloseForm(ActionForm):
    id_prefix = "close"
    reason = forms.CharField(
        label=_("Alasan penutupan"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": _("Alasan menutup tiket (opsional)")}
        ),
    )


class CommentForm(ActionForm):
    id_prefix = "comment"
    # A Diskusi message changes no state: it is accepted whatever happened since the page was
    # drawn, so its form carries no revision (docs/security.md, "Workflow staleness").
    revision = None  # type: ignore[assignment]
    message = forms.CharField(
        label=_("Pesan"),
        error_messages={"required": _("Pesan wajib diisi.")},
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": MESSAGE_PLACEHOLDER}),
    )
    internal = forms.BooleanField(
        label=_("Catatan internal (tidak terlihat oleh pelapor)"), required=False
    )
    files = files_field()  # type: ignore[assignment]


class ReclassifyForm(ActionForm):
    """Ubah Kategori / Sub Kategori Tiket; the sub-category list follows the category (htmx)."""

    category = forms.IntegerField(
        label=_("Kategori Tiket"),
        error_messages={"required": _("Pilih kategori tiket."), "invalid": _("Pilih kategori.")},
        widget=forms.Select,
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
                "hx-trigger": "change from:#reclass_category",
                "hx-include": "#reclass_category",
                "hx-target": "this",
                "hx-swap": "innerHTML",
            }
        ),
    )

    id_prefix = "reclass"

    def __init__(self, *args: Any, application_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category_id = to_int(self.data.get("category")) if self.is_bound else None
        if category_id is None:
            category_id = to_int(self.initial.get("category"))
        self.fields["category"].widget.choices = category_choices(application_id)
        # Without JavaScript every sub-category of the application is offered, grouped.
        self.fields["subcategory"].widget.choices = (
            subcategory_choices(category_id)
            if category_id is not None
            else subcategory_choices(None, application_id)
        )


class RatingForm(ActionForm):
    id_prefix = "rating"
    stars = forms.TypedChoiceField(
        label=_("Jumlah bintang"),
        choices=STAR_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih jumlah bintang (1–5).")},
    )
    chips = forms.ModelMultipleChoiceField(
        label=_("Tanggapan"),
        queryset=RatingChip.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Pilihan penilaian tidak valid.")},
    )
    message = forms.CharField(
        label=_("Ada pesan untuk kami?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("Kritik dan saran Anda")}),
    )
