"""Ubah Kategori / Sub Kategori (guide §4.2.3.2.1): the assignee changes the sub-category; the
priority and its reasons are recomputed from the ticket's tender snapshot at filing. Service:
``services/ticket_reclassify.py``; drawn in the Kerjakan block (``work.py``)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lpse_support.catalog.models import SubCategory
from lpse_support.tickets.actions.fields import Applied, Move
from lpse_support.tickets.actions.notify import actor_name, reporter
from lpse_support.tickets.actions.spec import ActionContext, ActionSpec, PageForm
from lpse_support.tickets.actions.work import KERJAKAN
from lpse_support.tickets.forms.actions import ActionForm, ReclassifyForm
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services.priority import TicketPriority
from lpse_support.tickets.services.ticket_reclassify import ticket_reclassify
from lpse_support.tickets.workflow import Action

RECLASSIFIED = _("Kategori tiket berhasil diubah. Prioritas sekarang: %(priority)s.")


def apply(
    ticket: Ticket, move: Move, *, subcategory: SubCategory, priority: TicketPriority
) -> Applied:
    """Only real tickets are reclassified (the demo generator never does): typed on ``Ticket``."""
    data = {
        "from_subcategory": ticket.subcategory_id,
        "from_priority": ticket.priority.code,
        "to_subcategory": subcategory.pk,
        "to_priority": priority.level.code,
    }
    fields: tuple[str, ...] = ("category", "subcategory", "priority", "priority_reasons")
    if priority.level.pk != ticket.priority_id:
        # The targets follow the new priority, counted from the filing as at creation; the
        # business minutes the clock was paused (feedback from the reporter) still move the
        # resolution target (issue 14: they kept the old priority's times).
        calendar = move.calendar
        ticket.response_due_at = calendar.add_business_minutes(
            ticket.created_at, priority.level.response_minutes
        )
        ticket.resolution_due_at = calendar.add_business_minutes(
            ticket.created_at, priority.level.resolution_minutes + ticket.sla_paused_minutes
        )
        fields += ("response_due_at", "resolution_due_at")
    ticket.category = subcategory.category
    ticket.subcategory = subcategory
    ticket.priority = priority.level
    ticket.priority_reasons = priority.reasons
    return Applied(fields=fields, data=data)


def title(event: TicketEvent) -> str:
    return f"Kategori tiket {event.ticket.number} diubah oleh {actor_name(event)}"


def _form(context: ActionContext) -> ActionForm:
    ticket = context.ticket
    if context.bound:
        return ReclassifyForm(context.data, application_id=ticket.application_id)
    return ReclassifyForm(
        application_id=ticket.application_id,
        initial={"category": ticket.category_id, "subcategory": ticket.subcategory_id},
    )


def inputs(form: ActionForm, files: list[UploadedFile]) -> dict[str, Any]:
    return {"subcategory_id": form.cleaned_data["subcategory"]}


def notice(ticket: Ticket) -> str:
    return gettext(str(RECLASSIFIED)) % {"priority": ticket.priority.name}


SPEC = ActionSpec(
    action=Action.RECLASSIFY,
    service=ticket_reclassify,
    inputs=inputs,
    page=PageForm(
        name="reclassify", slug="kategori", url_name="reclassify", build=_form, anchor="kerjakan"
    ),
    block=KERJAKAN,
    notice=notice,
    apply=apply,
    recipients=reporter,
    title=title,
)
