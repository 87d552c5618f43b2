"""Batas SLA terlewati: the system tells the staff in charge and the supervisors covering the
ticket that a response or resolution target was missed (``services/ticket_sla.py``, run by the
periodic SLA watch). Not offered on any page; the reporter neither sees nor is told of it.
There is no team-lead role yet: the supervisors are told in its place."""

from __future__ import annotations

from lpse_support.tickets.actions.notify import staff_in_charge, supervisors
from lpse_support.tickets.actions.sla_warning import apply, target_words
from lpse_support.tickets.actions.spec import ActionSpec
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.services.ticket_sla import ticket_sla_alert
from lpse_support.tickets.workflow import Action


def recipients(event: TicketEvent) -> set[int]:
    return staff_in_charge(event) | supervisors(event)


def title(event: TicketEvent) -> str:
    return f"Tiket {event.ticket.number} melewati batas waktu {target_words(event)}"


SPEC = ActionSpec(
    action=Action.SLA_BREACH,
    service=ticket_sla_alert,
    apply=apply,
    versioned=False,
    recipients=recipients,
    title=title,
)
