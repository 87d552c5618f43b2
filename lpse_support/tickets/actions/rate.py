"""Beri Penilaian (R-RATE): once, by the reporter, on a done ticket. It has a page of its own
(``views/rating.py``, ``rate.html``); the panel block only links to it. Service:
``services/ticket_rate.py``. Writes no ticket field: the rating is its own row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from lpse_support.tickets.actions.fields import Applied, Move, TicketFields
from lpse_support.tickets.actions.notify import actor_name, handler
from lpse_support.tickets.actions.spec import ActionSpec, Block, fixed
from lpse_support.tickets.forms.actions import ActionForm
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.services.ticket_rate import ticket_rate
from lpse_support.tickets.workflow import Action


def apply(ticket: TicketFields, move: Move, *, stars: int, chip_ids: Sequence[int]) -> Applied:
    return Applied(data={"stars": stars, "chips": list(chip_ids)})


def title(event: TicketEvent) -> str:
    stars = (event.data or {}).get("stars")
    return f"Tiket {event.ticket.number} dinilai {stars} bintang oleh {actor_name(event)}"


def inputs(form: ActionForm, files: list[UploadedFile]) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "stars": data["stars"],
        "chip_ids": [chip.pk for chip in data["chips"]],
        "message": data.get("message") or "",
    }


SPEC = ActionSpec(
    action=Action.RATE,
    service=ticket_rate,
    inputs=inputs,
    block=Block("tickets/_action_rate.html", order=80),
    notice=fixed(_("Terima kasih telah memberikan penilaian atas pelayanan kami")),
    apply=apply,
    versioned=False,
    recipients=handler,
    title=title,
)
