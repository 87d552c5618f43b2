"""Selesaikan Masalah: the assignee resolves the ticket; it waits for the reporter's answer
(``confirm``, ``reject``) or is confirmed by the system after N days (``auto_confirm``).
Service: ``services/ticket_resolution.py``; drawn in the Kerjakan block (``work.py``). Its card
button leads to the block."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lpse_support.core.text import end_sentence
from lpse_support.tickets.actions.fields import Applied, Move, TicketFields
from lpse_support.tickets.actions.notify import actor_name, reporter
from lpse_support.tickets.actions.spec import ActionSpec, CardButton, message_inputs
from lpse_support.tickets.actions.work import KERJAKAN, WORK, WORKED
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.services.ticket_resolution import ticket_resolve
from lpse_support.tickets.workflow import Action


def apply(ticket: TicketFields, move: Move) -> Applied:
    ticket.resolved_by = move.actor
    ticket.resolved_at = move.now
    return Applied(fields=("resolved_by", "resolved_at"))


def title(event: TicketEvent) -> str:
    done = end_sentence(f"Tiket {event.ticket.number} diselesaikan oleh {actor_name(event)}")
    return f"{done} Mohon konfirmasi penyelesaiannya"


SPEC = ActionSpec(
    action=Action.RESOLVE,
    service=ticket_resolve,
    inputs=message_inputs,
    page=WORK,
    slug="selesaikan",
    url_name="resolve",
    block=KERJAKAN,
    notice=WORKED,
    apply=apply,
    recipients=reporter,
    title=title,
    card=CardButton(
        name="work", label=_("Kerjakan"), icon="bi-tools", css="btn-warning", anchor="kerjakan"
    ),
)
