"""A trivial action that exists only in the tests, to prove that adding an action takes one
module (this one), one template (``templates/tickets/_action_nudge.html``) and its tests: the
reporter of a ticket in work reminds its assignee ("Ingatkan Petugas"). The workflow table still
judges who may: the test adds the action's row (``RULE``) next to the registration."""

from __future__ import annotations

from uuid import UUID

from lpse_support.accounts.models import User
from lpse_support.tickets.actions.fields import Applied, Move, TicketFields
from lpse_support.tickets.actions.notify import actor_name
from lpse_support.tickets.actions.spec import (
    ActionContext,
    ActionSpec,
    Block,
    CardButton,
    PageForm,
    fixed,
)
from lpse_support.tickets.forms.actions import ActionForm
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services._base import acting_on
from lpse_support.tickets.workflow import Relation, Rule, Status

NUDGE = "nudge"
RULE = Rule(frozenset({Relation.REPORTER}), frozenset({Status.DIKERJAKAN}), None)


def ticket_nudge(
    *,
    ticket_number: str,
    actor: User,
    idempotency_key: UUID | None = None,
    expected_revision: int | None = None,
) -> Ticket:
    with acting_on(
        ticket_number=ticket_number,
        actor=actor,
        action=NUDGE,
        idempotency_key=idempotency_key,
        expected_revision=expected_revision,
    ) as acting:
        if acting is None:
            return Ticket.objects.get(number=ticket_number)
        applied = acting.apply()
        acting.save(*applied.fields)
        acting.record(applied.data, key=idempotency_key)
        return acting.ticket


def apply(ticket: TicketFields, move: Move) -> Applied:
    """No field changes (the revision still moves: a reminder is a change of the ticket)."""
    return Applied(data={"assignee": ticket.assignee.pk if ticket.assignee else None})


def recipients(event: TicketEvent) -> set[int]:
    return {event.assignee_id} if event.assignee_id else set()


def title(event: TicketEvent) -> str:
    return f"{actor_name(event)} mengingatkan tiket {event.ticket.number}"


def _form(context: ActionContext) -> ActionForm:
    return ActionForm(context.data)


SPEC = ActionSpec(
    action=NUDGE,
    service=ticket_nudge,
    page=PageForm(name="nudge", slug="ingatkan", url_name="", build=_form),
    block=Block("tickets/_action_nudge.html", order=85),
    notice=fixed("Petugas sudah diingatkan."),
    apply=apply,
    recipients=recipients,
    title=title,
    card=CardButton(
        name="nudge", label="Ingatkan", icon="bi-bell", css="btn-outline-primary", anchor="ingatkan"
    ),
)
