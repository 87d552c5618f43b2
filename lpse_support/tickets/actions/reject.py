"""Masalah Belum Terselesaikan (guide §4.2.3.2.3): the reporter rejects the resolution; the
ticket goes back to the resolver (or, if they left the team, to its queue). Service:
``services/ticket_resolution.py``; panel: ``_action_confirm.html`` (shared with ``confirm``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lpse_support.tickets.actions.confirm import KONFIRMASI
from lpse_support.tickets.actions.fields import Applied, Move, TicketFields
from lpse_support.tickets.actions.notify import actor_name
from lpse_support.tickets.actions.spec import (
    ActionContext,
    ActionSpec,
    PageForm,
    fixed,
    message_inputs,
)
from lpse_support.tickets.forms.actions import ActionForm, RejectForm
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.services.ticket_resolution import ticket_reject
from lpse_support.tickets.workflow import Action


def apply(ticket: TicketFields, move: Move) -> Applied:
    """Back to the resolver; reopened once more; the resolution no longer stands."""
    ticket.assignee = ticket.resolved_by
    ticket.reopen_count += 1
    ticket.resolved_at = None
    return Applied(
        fields=("assignee", "reopen_count", "resolved_at"),
        data={"reopen_count": ticket.reopen_count},
    )


def recipients(event: TicketEvent) -> set[int]:
    """The resolver, who gets the ticket back."""
    resolver = event.assignee_id or event.ticket.resolved_by_id
    return {resolver} if resolver else set()


def title(event: TicketEvent) -> str:
    return f"{actor_name(event)} menyatakan masalah tiket {event.ticket.number} belum terselesaikan"


def _form(context: ActionContext) -> ActionForm:
    return RejectForm(context.data, context.files)


SPEC = ActionSpec(
    action=Action.REJECT,
    service=ticket_reject,
    inputs=message_inputs,
    page=PageForm(name="reject", slug="tolak", url_name="reject", build=_form),
    block=KONFIRMASI,
    notice=fixed(
        _("Pesan berhasil terkirim. Tiket dikembalikan kepada petugas untuk ditangani kembali.")
    ),
    apply=apply,
    recipients=recipients,
    title=title,
)
