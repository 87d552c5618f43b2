"""Lepas Tiket: the assignee hands a ticket they work on back to the team's queue with a reason
(BARU, nobody holds it; the team is told). Service: ``services/ticket_unassign.py``; drawn in
the Kerjakan block (``work.py``, ``_action_work.html``) with its own form."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from lpse_support.tickets.actions.fields import Applied, Move, TicketFields
from lpse_support.tickets.actions.notify import actor_name, team_members
from lpse_support.tickets.actions.spec import ActionContext, ActionSpec, PageForm, fixed
from lpse_support.tickets.actions.work import KERJAKAN
from lpse_support.tickets.forms.actions import ActionForm, UnassignForm
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.services.ticket_unassign import ticket_unassign
from lpse_support.tickets.workflow import Action


def apply(ticket: TicketFields, move: Move, *, reason: str) -> Applied:
    """Nobody holds it any more (the status table leads to BARU); the event keeps who let go
    and why."""
    departed = ticket.assignee
    ticket.assignee = None
    departed_id = departed if isinstance(departed, int) or departed is None else departed.pk
    return Applied(fields=("assignee",), data={"from_assignee": departed_id, "reason": reason})


def recipients(event: TicketEvent) -> set[int]:
    """The members of the ticket's team: the ticket waits in their queue again."""
    return team_members(event)


def title(event: TicketEvent) -> str:
    team = event.team.name if event.team is not None else "tim"
    return f"Tiket {event.ticket.number} dilepas ke antrean {team} oleh {actor_name(event)}"


def _form(context: ActionContext) -> ActionForm:
    return UnassignForm(context.data)


def inputs(form: ActionForm, files: list[UploadedFile]) -> dict[str, Any]:
    return {"reason": form.cleaned_data["reason"]}


SPEC = ActionSpec(
    action=Action.UNASSIGN,
    service=ticket_unassign,
    inputs=inputs,
    page=PageForm(name="unassign", slug="lepas", url_name="unassign", build=_form, anchor="lepas"),
    block=KERJAKAN,
    notice=fixed(_("Tiket berhasil dilepas.")),
    apply=apply,
    recipients=recipients,
    title=title,
)
