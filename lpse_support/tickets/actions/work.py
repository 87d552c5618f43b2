"""Kerjakan Tiket (guide §4.2.3.2.1): the assignee's block of the panel — Ubah Kategori, then
one form, "Pilih Tindakan Anda", for Butuh Feedback, Eskalasi and Selesaikan Masalah. The form
posts to ``kerjakan/`` (its radio picks the action; works without JS) or to the action's own
route. The actions themselves: ``request_feedback.py``, ``escalate.py``, ``resolve.py``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lpse_support.accounts.models import Team
from lpse_support.tickets.actions import registry
from lpse_support.tickets.actions.spec import ActionContext, Block, PageForm, fixed
from lpse_support.tickets.forms.actions import ActionForm, WorkForm
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.parties import escalation_targets
from lpse_support.tickets.workflow import Action

KERJAKAN = Block("tickets/_action_work.html", order=20)
WORKED = fixed(_("Tiket berhasil dikerjakan!"))


def previous_team(ticket: Ticket) -> Team | None:
    return ticket.previous_team if ticket.previous_team_id else None


def targets(context: ActionContext) -> list[Team]:
    """Where the ticket may be escalated, read only when the viewer may escalate it."""

    def compute() -> list[Team]:
        if Action.ESCALATE not in context.allowed:
            return []
        return escalation_targets(context.ticket)

    found: list[Team] = context.once("escalation_targets", compute)
    return found


def _form(context: ActionContext) -> ActionForm:
    if context.bound:
        # Every action of the form is a choice: one the viewer may not take is refused by the
        # service (a message), not by the form.
        actions = [spec.action for spec in registry.members(WORK)]
        return WorkForm(
            context.data,
            context.files,
            actions=actions,
            previous_team=previous_team(context.ticket),
            targets=targets(context),
        )
    return WorkForm(
        actions=context.allowed,
        previous_team=previous_team(context.ticket),
        targets=targets(context),
    )


def _context(context: ActionContext) -> dict[str, Any]:
    return {"previous_team": previous_team(context.ticket), "targets": targets(context)}


def _choose(form: ActionForm) -> str:
    return str(form.cleaned_data["tindakan"])


WORK = PageForm(
    name="work",
    slug="kerjakan",
    url_name="work",
    build=_form,
    context=_context,
    anchor="kerjakan",
    choice_field="tindakan",
    choose=_choose,
)
