"""Alihkan Tiket: a team lead or a covering supervisor gives a taken ticket to another active
member of its team (the status stays). One form, "Alihkan ke", serves this action and Tarik ke
Antrean (``recall.py``): its choice "antrean" picks the recall. Service:
``services/ticket_reassign.py``; panel: ``_action_reassign.html``."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from lpse_support.tickets.actions.fields import Applied, Move, TicketFields
from lpse_support.tickets.actions.notify import actor_name
from lpse_support.tickets.actions.spec import (
    ActionContext,
    ActionSpec,
    Block,
    PageForm,
    fixed,
)
from lpse_support.tickets.forms.actions import ActionForm, ReassignForm
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.services.ticket_reassign import reassign_candidates, ticket_reassign
from lpse_support.tickets.workflow import Action

REASSIGN_BLOCK = Block("tickets/_action_reassign.html", order=30)


def person_id(person: Any) -> int | None:
    return person if isinstance(person, int) or person is None else int(person.pk)


def apply(ticket: TicketFields, move: Move, *, target: Any, reason: str) -> Applied:
    """``target`` holds the ticket now; the event keeps who held it before and why."""
    previous = ticket.assignee
    ticket.assignee = target
    return Applied(
        fields=("assignee",),
        data={
            "from_assignee": person_id(previous),
            "to_assignee": person_id(target),
            "reason": reason,
        },
    )


def recipients(event: TicketEvent) -> set[int]:
    """The new assignee (the event's) and the previous one."""
    data = event.data or {}
    return {pk for pk in (event.assignee_id, data.get("from_assignee")) if pk}


def title(event: TicketEvent) -> str:
    return f"Tiket {event.ticket.number} dialihkan oleh {actor_name(event)}"


def _candidates(context: ActionContext) -> list[tuple[int, str]]:
    def compute() -> list[tuple[int, str]]:
        return [(user.pk, user.get_full_name()) for user in reassign_candidates(context.ticket)]

    found: list[tuple[int, str]] = context.once("reassign_candidates", compute)
    return found


def _form(context: ActionContext) -> ActionForm:
    return ReassignForm(context.data, candidates=_candidates(context))


def _choose(form: ActionForm) -> str:
    assert isinstance(form, ReassignForm)
    return str(Action.RECALL if form.to_queue else Action.REASSIGN)


def inputs(form: ActionForm, files: list[UploadedFile]) -> dict[str, Any]:
    assert isinstance(form, ReassignForm)
    return {"assignee_id": form.assignee_id, "reason": form.cleaned_data["reason"]}


ALIHKAN = PageForm(
    name="reassign",
    slug="alihkan",
    url_name="reassign",
    build=_form,
    anchor="alihkan",
    choose=_choose,
)

SPEC = ActionSpec(
    action=Action.REASSIGN,
    service=ticket_reassign,
    inputs=inputs,
    page=ALIHKAN,
    block=REASSIGN_BLOCK,
    notice=fixed(_("Tiket berhasil dialihkan.")),
    apply=apply,
    recipients=recipients,
    title=title,
)
