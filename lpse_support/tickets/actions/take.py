"""Ambil Tiket: a member of the ticket's team takes a BARU ticket (guide §4.2.3.1). Service:
``services/ticket_take.py``; panel: ``_action_take.html``; the list card's one-click button."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lpse_support.tickets.actions.fields import Applied, Move, TicketFields
from lpse_support.tickets.actions.notify import actor_name, reporter
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
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action

CONFIRM_TAKE = _("Apakah Anda yakin akan mengambil tiket ini?")


def apply(ticket: TicketFields, move: Move) -> Applied:
    """The taker holds the ticket; the first take answers the response target."""
    ticket.assignee = move.actor
    fields = ["assignee"]
    if ticket.first_response_at is None:
        ticket.first_response_at = move.now
        fields.append("first_response_at")
    return Applied(fields=tuple(fields))


def title(event: TicketEvent) -> str:
    return f"Tiket {event.ticket.number} diambil oleh {actor_name(event)}"


def _form(context: ActionContext) -> ActionForm:
    return ActionForm(context.data)


SPEC = ActionSpec(
    action=Action.TAKE,
    service=ticket_take,
    page=PageForm(name="take", slug="ambil", url_name="take", build=_form),
    block=Block("tickets/_action_take.html", order=10),
    notice=fixed(_("Tiket berhasil diambil!")),
    apply=apply,
    recipients=reporter,
    title=title,
    card=CardButton(
        name="take",
        label=_("Ambil Tiket"),
        icon="bi-hand-index",
        css="btn-primary",
        url_name="tickets:take",
        confirm=CONFIRM_TAKE,
    ),
)
