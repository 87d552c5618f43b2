"""Eskalasi Tiket: the assignee hands the ticket to the next tier's team
(``parties.escalation_targets``), BARU there with no assignee. Service:
``services/ticket_escalate.py``; drawn in the Kerjakan block (``work.py``)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile

from lpse_support.tickets.actions.fields import Applied, Move, TicketFields, team_id
from lpse_support.tickets.actions.notify import actor_name, reporter, team_members
from lpse_support.tickets.actions.spec import ActionSpec
from lpse_support.tickets.actions.work import KERJAKAN, WORK, WORKED
from lpse_support.tickets.forms.actions import ActionForm
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.services.ticket_escalate import ticket_escalate
from lpse_support.tickets.workflow import Action

NEXT_TEAM = "tim berikutnya"


def apply(ticket: TicketFields, move: Move, *, target: Any) -> Applied:
    source = ticket.team
    ticket.previous_team = source
    ticket.team = target
    ticket.assignee = None
    ticket.feedback_from = ""
    ticket.feedback_team = None
    return Applied(
        fields=("previous_team", "team", "assignee", "feedback_from", "feedback_team"),
        data={"from_team": team_id(source), "to_team": team_id(target)},
    )


def recipients(event: TicketEvent) -> set[int]:
    """The members of the new team (the event's team), and the reporter."""
    return team_members(event) | reporter(event)


def title(event: TicketEvent) -> str:
    # The event's team is the team it went to (``to_team``).
    target = event.team.name if event.team is not None else NEXT_TEAM
    return f"Tiket {event.ticket.number} dieskalasi ke {target} oleh {actor_name(event)}"


def inputs(form: ActionForm, files: list[UploadedFile]) -> dict[str, Any]:
    return {
        "message": form.cleaned_data["message"],
        "target_team_id": form.cleaned_data.get("target_team"),
        "files": files,
    }


SPEC = ActionSpec(
    action=Action.ESCALATE,
    service=ticket_escalate,
    inputs=inputs,
    page=WORK,
    slug="eskalasi",
    url_name="escalate",
    block=KERJAKAN,
    notice=WORKED,
    apply=apply,
    recipients=recipients,
    title=title,
)
