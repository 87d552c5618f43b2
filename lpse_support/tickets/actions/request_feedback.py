"""Butuh Feedback: the assignee asks the reporter, or the lower tier that escalated the ticket;
while the reporter is asked, the SLA clock stops (``give_feedback`` restarts it). Service:
``services/ticket_feedback.py``; drawn in the Kerjakan block (``work.py``)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile

from lpse_support.tickets.actions.fields import Applied, Move, TicketFields, team_id
from lpse_support.tickets.actions.notify import actor_name, members, reporter
from lpse_support.tickets.actions.spec import ActionSpec
from lpse_support.tickets.actions.work import KERJAKAN, WORK, WORKED
from lpse_support.tickets.forms.actions import ActionForm
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.services.ticket_feedback import ticket_request_feedback
from lpse_support.tickets.workflow import Action, FeedbackFrom


def apply(ticket: TicketFields, move: Move, *, asked: str) -> Applied:
    """``asked``: ``FeedbackFrom.REPORTER`` (the SLA clock pauses from now) or
    ``FeedbackFrom.TEAM`` (the ticket's previous team; the clock runs on)."""
    if asked == FeedbackFrom.TEAM:
        ticket.feedback_from = FeedbackFrom.TEAM
        ticket.feedback_team = ticket.previous_team
        ticket.waiting_since = None
        data: dict[str, Any] = {"asked": FeedbackFrom.TEAM.value}
        data["team"] = team_id(ticket.previous_team)
    else:
        ticket.feedback_from = FeedbackFrom.REPORTER
        ticket.feedback_team = None
        ticket.waiting_since = move.now
        data = {"asked": FeedbackFrom.REPORTER.value}
    return Applied(fields=("feedback_from", "feedback_team", "waiting_since"), data=data)


def recipients(event: TicketEvent) -> set[int]:
    """The one asked: the reporter, or the members of the team asked."""
    if (event.data or {}).get("asked", FeedbackFrom.REPORTER) == FeedbackFrom.REPORTER:
        return reporter(event)
    ticket = event.ticket
    return members(ticket.feedback_team_id or ticket.previous_team_id)


def title(event: TicketEvent) -> str:
    return f"{actor_name(event)} meminta feedback untuk tiket {event.ticket.number}"


def inputs(form: ActionForm, files: list[UploadedFile]) -> dict[str, Any]:
    party = form.cleaned_data.get("from_party") or FeedbackFrom.REPORTER.value
    return {"message": form.cleaned_data["message"], "from_party": party, "files": files}


SPEC = ActionSpec(
    action=Action.REQUEST_FEEDBACK,
    service=ticket_request_feedback,
    inputs=inputs,
    page=WORK,
    slug="butuh-feedback",
    url_name="request_feedback",
    block=KERJAKAN,
    notice=WORKED,
    apply=apply,
    recipients=recipients,
    title=title,
)
