"""Ya, Sudah Selesai (guide §4.2.3.2.3): the reporter confirms the resolution; the ticket is done
and the rating page follows. Service: ``services/ticket_resolution.py``; panel:
``_action_confirm.html`` (with the resolution, shared with ``reject``); a card button leads
there."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lpse_support.tickets.actions.fields import Applied, Move, TicketFields
from lpse_support.tickets.actions.notify import actor_name, handler
from lpse_support.tickets.actions.spec import (
    ActionContext,
    ActionSpec,
    Block,
    CardButton,
    PageForm,
    fixed,
)
from lpse_support.tickets.forms.actions import ActionForm
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.panel import request_of
from lpse_support.tickets.services.ticket_resolution import ticket_confirm
from lpse_support.tickets.workflow import Action

KONFIRMASI = Block("tickets/_action_confirm.html", order=40)


def apply(ticket: TicketFields, move: Move) -> Applied:
    ticket.done_at = move.now
    return Applied(fields=("done_at",))


def title(event: TicketEvent) -> str:
    return f"Penyelesaian tiket {event.ticket.number} dikonfirmasi oleh {actor_name(event)}"


def _form(context: ActionContext) -> ActionForm:
    return ActionForm(context.data)


def _context(context: ActionContext) -> dict[str, Any]:
    """The resolution the reporter is asked about."""
    return {"resolution": request_of(Action.RESOLVE, context.events, context.messages)}


def _rating_page(number: str) -> str:
    return reverse("tickets:rate", args=[number])


SPEC = ActionSpec(
    action=Action.CONFIRM,
    service=ticket_confirm,
    page=PageForm(
        name="confirm", slug="konfirmasi", url_name="confirm", build=_form, context=_context
    ),
    block=KONFIRMASI,
    notice=fixed(_("Terima kasih, masalah Anda telah dinyatakan selesai.")),
    next_url=_rating_page,
    apply=apply,
    recipients=handler,
    title=title,
    card=CardButton(
        name="confirm",
        label=_("Konfirmasi"),
        icon="bi-patch-check",
        css="btn-success",
        anchor="konfirmasi",
    ),
)
