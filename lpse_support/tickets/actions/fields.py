"""The ticket fields the workflow's actions change, and the pure rules both write paths share.

An action's ``apply`` (its field effects) changes a ticket in memory and names the fields it
changed; it reads nothing from the database and writes nothing. The services apply it to the
locked ``Ticket`` inside ``acting_on`` and write those fields with one conditional UPDATE
(``Acting.save``); the demo generator applies it to its in-memory ``GeneratedTicket`` and writes
rows with COPY. So the two can never disagree about what an action does to a ticket — the SLA
pause included.

People and teams are whatever the caller holds: ``User`` and ``Team`` rows in the services, ids
and preloaded ``TeamInfo`` in the generator. The effects only move them between fields and read
``team.id`` and ``team.position_label``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, Protocol

from lpse_support.catalog.business_time import BusinessCalendar, load_calendar
from lpse_support.tickets.workflow import (
    DONE_POSITION,
    REPORTER_POSITION,
    FeedbackFrom,
    Status,
    target_status,
)


class TicketFields(Protocol):
    """What an action's field effects read and write (a ``Ticket`` or a generated ticket)."""

    status: str
    position: str
    revision: int
    team: Any
    assignee: Any
    previous_team: Any
    feedback_from: str
    feedback_team: Any
    resolved_by: Any
    resolved_at: datetime | None
    reopen_count: int
    waiting_since: datetime | None
    sla_paused_minutes: int
    resolution_due_at: datetime
    first_response_at: datetime | None
    done_at: datetime | None


@dataclass(frozen=True)
class Move:
    """Who acts and when. ``calendar``: the business calendar for SLA maths, loaded (cached per
    process) only when an effect needs it unless the caller already holds one."""

    actor: Any
    now: datetime
    given_calendar: BusinessCalendar | None = None

    @cached_property
    def calendar(self) -> BusinessCalendar:
        return self.given_calendar or load_calendar()


@dataclass(frozen=True)
class Applied:
    """What an action did to a ticket: the fields it changed (to write) and the event's data —
    codes and ids only, never words shown to people (those come from the codes when shown)."""

    fields: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)


def team_id(team: Any) -> int | None:
    return None if team is None else int(team.id)


def position_of(ticket: TicketFields) -> str:
    """Posisi Tiket: who holds the ticket now."""
    if ticket.status in DONE_POSITION:
        return DONE_POSITION[Status(ticket.status)]
    if ticket.status == Status.MENUNGGU_KONFIRMASI:
        return REPORTER_POSITION
    if ticket.status == Status.MENUNGGU_FEEDBACK:
        if ticket.feedback_from == FeedbackFrom.TEAM and ticket.feedback_team is not None:
            return str(ticket.feedback_team.position_label)
        return REPORTER_POSITION
    return str(ticket.team.position_label)


def advance(ticket: TicketFields, action: str, from_status: str) -> None:
    """The change of state every versioned action makes: the status the workflow table leads
    to, the position that follows from it, and one more revision."""
    ticket.status = target_status(action, from_status)
    ticket.position = position_of(ticket)
    ticket.revision += 1


def end_feedback_wait(ticket: TicketFields, move: Move, *, shift_due: bool = True) -> list[str]:
    """The question is answered or withdrawn: nobody is asked any more, and a pause of the SLA
    clock while the reporter was asked ends now — with ``shift_due`` the resolution target moves
    by the business minutes it lasted (a closed ticket keeps its target). Returns the fields."""
    fields = ["feedback_from", "feedback_team", "waiting_since"]
    if ticket.waiting_since is not None:
        calendar = move.calendar
        paused = calendar.business_minutes_between(ticket.waiting_since, move.now)
        ticket.sla_paused_minutes += paused
        fields.append("sla_paused_minutes")
        if shift_due:
            ticket.resolution_due_at = calendar.add_business_minutes(
                ticket.resolution_due_at, paused
            )
            fields.append("resolution_due_at")
    ticket.feedback_from = ""
    ticket.feedback_team = None
    ticket.waiting_since = None
    return fields
