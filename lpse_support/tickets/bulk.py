"""The bulk operations of Daftar Tiket (issue 14 item 4): one ``BulkOperation`` per entry of the
bulk bar — its label, the action spec (or service) run on each selected ticket, its extra form
fields and who is offered it. ``register`` adds one (e.g. "Lampirkan ke insiden"); nothing else
lists them. Running them: ``services/bulk.py``; the page ``views/bulk.py``; the API
``api/routers/bulk.py``; docs/lists.md "Aksi massal"."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lpse_support.accounts.viewer import Viewer
from lpse_support.tickets.actions import registry
from lpse_support.tickets.forms.actions import reason_field
from lpse_support.tickets.workflow import Action

Text = str | Promise


def no_fields(viewer: Viewer) -> dict[str, forms.Field]:
    return {}


def same_inputs(cleaned: dict[str, Any]) -> dict[str, Any]:
    """The extra fields' cleaned values are the service's keyword arguments as they are."""
    return dict(cleaned)


def everyone(viewer: Viewer) -> bool:
    return viewer.is_authenticated


def support_staff(viewer: Viewer) -> bool:
    """Members of an active team (the workflow table still decides ticket by ticket)."""
    return viewer.is_support_staff


def plain_reporters(viewer: Viewer) -> bool:
    return viewer.is_plain_reporter


@dataclass(frozen=True)
class BulkOperation:
    """One operation of the bulk bar.

    ``action``: the workflow action whose spec's ``perform`` runs on each ticket (the same
    service as the detail page and the API verb); or ``perform``: a service of another feature
    with the same keyword shape (``ticket_number``, ``actor``, ``idempotency_key``,
    ``expected_revision``, ``**inputs``). ``fields(viewer)``: the extra form fields asked once
    for the whole selection; ``inputs(cleaned)`` turns their cleaned values into the service's
    keyword arguments. ``export``: "csv"/"xlsx" — no service: the selection is exported."""

    code: str
    label: Text
    icon: str
    order: int
    offered: Callable[[Viewer], bool] = everyone
    action: str = ""
    perform: Callable[..., Any] | None = None
    fields: Callable[[Viewer], dict[str, forms.Field]] = no_fields
    inputs: Callable[[dict[str, Any]], dict[str, Any]] = same_inputs
    export: str = ""
    css: str = "btn-outline-primary"

    @property
    def changes_tickets(self) -> bool:
        return not self.export

    def service(self) -> Callable[..., Any]:
        """What runs on each ticket: the given ``perform``, else the action spec's."""
        if self.perform is not None:
            return self.perform
        return registry.get(self.action).perform


def _close_reason(viewer: Viewer) -> dict[str, forms.Field]:
    return {
        "reason": forms.CharField(
            label=_("Alasan penutupan"),
            required=False,
            max_length=1000,
            widget=forms.Textarea(
                attrs={"rows": 2, "placeholder": _("Alasan menutup tiket (opsional)")}
            ),
        )
    }


def _unassign_reason(viewer: Viewer) -> dict[str, forms.Field]:
    return {"reason": reason_field()}


def _close_inputs(cleaned: dict[str, Any]) -> dict[str, Any]:
    return {"reason": cleaned.get("reason") or ""}


def _incident_field(viewer: Viewer) -> dict[str, forms.Field]:
    from lpse_support.tickets.models import Incident

    return {
        "incident": forms.ModelChoiceField(
            label=_("Insiden"),
            queryset=Incident.objects.filter(state=Incident.State.OPEN)
            .select_related("application")
            .order_by("-started_at"),
            empty_label=_("Pilih insiden yang sedang terjadi"),
            error_messages={"invalid_choice": _("Insiden tidak ditemukan atau sudah selesai.")},
        )
    }


def _incident_inputs(cleaned: dict[str, Any]) -> dict[str, Any]:
    return {"incident": cleaned["incident"]}


def _may_link_incidents(viewer: Viewer) -> bool:
    from lpse_support.tickets.services.incidents import may_manage_incidents

    return may_manage_incidents(viewer)


def _link_incident(
    *,
    ticket_number: str,
    actor: Viewer,
    idempotency_key: Any,
    expected_revision: int | None,
    incident: Any,
) -> Any:
    """Lampirkan ke insiden for one ticket: the incidents service (a repeat of the same batch
    is answered ``already_linked`` for the tickets it already attached)."""
    from lpse_support.tickets.services.incidents import link_ticket

    return link_ticket(actor, ticket_number, incident, expected_revision=expected_revision)


BUILT_IN = (
    BulkOperation(
        code="take",
        label=_("Ambil Tiket"),
        icon="bi-hand-index",
        order=10,
        offered=support_staff,
        action=Action.TAKE,
        css="btn-primary",
    ),
    BulkOperation(
        code="unassign",
        label=_("Lepas Tiket"),
        icon="bi-box-arrow-left",
        order=20,
        offered=support_staff,
        action=Action.UNASSIGN,
        fields=_unassign_reason,
    ),
    BulkOperation(
        code="close",
        label=_("Tutup Tiket"),
        icon="bi-x-circle",
        order=30,
        offered=plain_reporters,
        action=Action.CLOSE,
        fields=_close_reason,
        inputs=_close_inputs,
        css="btn-outline-danger",
    ),
    BulkOperation(
        code="link_incident",
        label=_("Lampirkan ke insiden"),
        icon="bi-broadcast",
        order=35,
        offered=_may_link_incidents,
        perform=_link_incident,
        fields=_incident_field,
        inputs=_incident_inputs,
    ),
    BulkOperation(
        code="export_csv",
        label=_("Export CSV terpilih"),
        icon="bi-filetype-csv",
        order=80,
        export="csv",
        css="btn-outline-success",
    ),
    BulkOperation(
        code="export_xlsx",
        label=_("Export Excel terpilih"),
        icon="bi-file-earmark-excel",
        order=90,
        export="xlsx",
        css="btn-outline-success",
    ),
)

_operations: dict[str, BulkOperation] = {operation.code: operation for operation in BUILT_IN}
_lock = threading.RLock()


def register(operation: BulkOperation) -> None:
    """Add an operation (another feature's ``AppConfig.ready``, or a test)."""
    with _lock:
        if operation.code in _operations:
            raise ValueError(f"Bulk operation {operation.code!r} is registered twice.")
        _operations[operation.code] = operation


def unregister(code: str) -> None:
    with _lock:
        _operations.pop(code, None)


def all_operations() -> list[BulkOperation]:
    return sorted(_operations.values(), key=lambda operation: operation.order)


def operations_for(viewer: Viewer, *, changing_only: bool = False) -> list[BulkOperation]:
    """The operations ``viewer`` is offered, in the bar's order (``changing_only``: without
    the exports — the API's bulk endpoint)."""
    return [
        operation
        for operation in all_operations()
        if operation.offered(viewer) and (operation.changes_tickets or not changing_only)
    ]


def find(code: str) -> BulkOperation | None:
    return _operations.get(code)
