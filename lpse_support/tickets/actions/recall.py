"""Tarik ke Antrean: a team lead or a covering supervisor pulls a taken ticket back to its
team's queue (BARU, nobody holds it; a question asked is withdrawn). Chosen in the Alihkan Tiket
form (``reassign.py``). Service: ``services/ticket_reassign.py``."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from lpse_support.tickets.actions.fields import Applied, Move, TicketFields, end_feedback_wait
from lpse_support.tickets.actions.notify import actor_name, team_members
from lpse_support.tickets.actions.reassign import ALIHKAN, REASSIGN_BLOCK, person_id
from lpse_support.tickets.actions.spec import ActionSpec, fixed
from lpse_support.tickets.forms.actions import ActionForm
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.services.ticket_reassign import ticket_recall
from lpse_support.tickets.workflow import Action


def apply(ticket: TicketFields, move: Move, *, reason: str) -> Applied:
    """Nobody holds it; a question asked is withdrawn (its SLA pause ends as if answered)."""
    previous = ticket.assignee
    fields = [*end_feedback_wait(ticket, move, shift_due=True), "assignee"]
    ticket.assignee = None
    return Applied(
        fields=tuple(fields), data={"from_assignee": person_id(previous), "reason": reason}
    )


def recipients(event: TicketEvent) -> set[int]:
    """The previous assignee and the members of the team whose queue it is back in."""
    previous = (event.data or {}).get("from_assignee")
    return team_members(event) | ({previous} if previous else set())


def title(event: TicketEvent) -> str:
    team = event.team.name if event.team is not None else "tim"
    return f"Tiket {event.ticket.number} ditarik ke antrean {team} oleh {actor_name(event)}"


def inputs(form: ActionForm, files: list[UploadedFile]) -> dict[str, Any]:
    return {"reason": form.cleaned_data["reason"]}


SPEC = ActionSpec(
    action=Action.RECALL,
    service=ticket_recall,
    inputs=inputs,
    page=ALIHKAN,
    block=REASSIGN_BLOCK,
    notice=fixed(_("Tiket berhasil ditarik ke antrean tim.")),
    apply=apply,
    recipients=recipients,
    title=title,
)
