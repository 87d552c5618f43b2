"""Beri Feedback (guide §4.2.3.2.2): the one asked answers; the ticket goes back to its
assignee and a pause of the SLA clock ends. Service: ``services/ticket_feedback.py``; panel:
``_action_feedback.html`` (with the request being answered); a card button leads there."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lpse_support.tickets.actions.fields import Applied, Move, TicketFields, end_feedback_wait
from lpse_support.tickets.actions.notify import actor_name
from lpse_support.tickets.actions.spec import (
    ActionContext,
    ActionSpec,
    Block,
    CardButton,
    PageForm,
    fixed,
    message_inputs,
)
from lpse_support.tickets.forms.actions import ActionForm, MessageForm
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.panel import request_of
from lpse_support.tickets.services.ticket_feedback import ticket_give_feedback
from lpse_support.tickets.workflow import Action


def apply(ticket: TicketFields, move: Move) -> Applied:
    return Applied(fields=tuple(end_feedback_wait(ticket, move, shift_due=True)))


def recipients(event: TicketEvent) -> set[int]:
    """The assignee, who asked."""
    assignee = event.assignee_id or event.ticket.assignee_id
    return {assignee} if assignee else set()


def title(event: TicketEvent) -> str:
    return f"{actor_name(event)} memberi feedback pada tiket {event.ticket.number}"


def _form(context: ActionContext) -> ActionForm:
    return MessageForm(context.data, context.files)


def _context(context: ActionContext) -> dict[str, Any]:
    """The request being answered: who asked, and what."""
    return {
        "feedback_request": request_of(Action.REQUEST_FEEDBACK, context.events, context.messages)
    }


SPEC = ActionSpec(
    action=Action.GIVE_FEEDBACK,
    service=ticket_give_feedback,
    inputs=message_inputs,
    page=PageForm(
        name="feedback",
        slug="feedback",
        url_name="give_feedback",
        build=_form,
        context=_context,
    ),
    block=Block("tickets/_action_feedback.html", order=30),
    notice=fixed(_("Feedback berhasil terkirim!")),
    apply=apply,
    recipients=recipients,
    title=title,
    card=CardButton(
        name="feedback",
        label=_("Beri Feedback"),
        icon="bi-reply",
        css="btn-info",
        anchor="feedback",
    ),
)
