"""Catatan Internal: a Diskusi message only staff parties read — never the reporter, even one
who is staff. Sent with the Diskusi form's "Catatan internal" checkbox (``comment.py``) or the
API's ``internal=true``. Service: ``services/ticket_comment.py``."""

from __future__ import annotations

from lpse_support.tickets.actions.comment import DISKUSI, SENT, message_of
from lpse_support.tickets.actions.notify import actor_name, reporter, team_members
from lpse_support.tickets.actions.spec import ActionSpec
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.workflow import Action


def recipients(event: TicketEvent) -> set[int]:
    """The assignee and the members of the ticket's team — never the reporter, even when they
    are staff themselves."""
    staff = team_members(event)
    if event.assignee_id:
        staff.add(event.assignee_id)
    return staff - reporter(event)


def title(event: TicketEvent) -> str:
    return f"Catatan internal baru dari {actor_name(event)} pada tiket {event.ticket.number}"


SPEC = ActionSpec(
    action=Action.INTERNAL_NOTE,
    service=ticket_comment,
    inputs=message_of(internal=True),
    page=DISKUSI,
    notice=SENT,
    versioned=False,
    recipients=recipients,
    title=title,
)
