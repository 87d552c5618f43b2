"""Tutup Tiket (§1.2.8): the reporter closes their own open ticket at any stage. Service:
``services/ticket_close.py``; panel: ``_action_close.html``."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from lpse_support.tickets.actions.fields import Applied, Move, TicketFields, end_feedback_wait
from lpse_support.tickets.actions.notify import actor_name, handler
from lpse_support.tickets.actions.spec import ActionContext, ActionSpec, Block, PageForm, fixed
from lpse_support.tickets.forms.actions import ActionForm, CloseForm
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.services.ticket_close import ticket_force_close
from lpse_support.tickets.workflow import Action


def apply(ticket: TicketFields, move: Move, *, reason: str) -> Applied:
    """Done now. Closed while the reporter was asked: the pause of the SLA clock ends here
    (SLA reports read it); the resolution target stays."""
    ticket.done_at = move.now
    fields = ["done_at", *end_feedback_wait(ticket, move, shift_due=False)]
    return Applied(fields=tuple(fields), data={"reason": reason})


def title(event: TicketEvent) -> str:
    return f"Tiket {event.ticket.number} ditutup oleh {actor_name(event)}"


def _form(context: ActionContext) -> ActionForm:
    return CloseForm(context.data)


def inputs(form: ActionForm, files: list[UploadedFile]) -> dict[str, Any]:
    return {"reason": form.cleaned_data.get("reason") or ""}


SPEC = ActionSpec(
    action=Action.CLOSE,
    service=ticket_force_close,
    inputs=inputs,
    page=PageForm(name="close", slug="tutup", url_name="close", build=_form),
    block=Block("tickets/_action_close.html", order=90),
    notice=fixed(_("Tiket berhasil ditutup.")),
    apply=apply,
    recipients=handler,
    title=title,
)
