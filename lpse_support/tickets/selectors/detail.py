"""Everything the detail, print and PDF views of one ticket show, in a fixed number of queries
(ARCHITECTURE.md rule 7). Access goes through ``access_ticket`` (rule 5); internal notes, their
files and their events are filtered by ``access`` here, never in a template, so no output path
(page, print, PDF, API) can show them to someone who may not see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from lpse_support.accounts.viewer import Viewer, ViewerOrUser
from lpse_support.tenders.connectors.base import TenderData
from lpse_support.tickets.access import (
    access_ticket,
    attachments_visible_to,
    events_visible_to,
    may_see_internal_notes,
    messages_visible_to,
)
from lpse_support.tickets.models import Ticket, TicketAttachment, TicketEvent, TicketMessage
from lpse_support.tickets.priority import format_duration, format_rupiah
from lpse_support.tickets.workflow import SLA_TARGET_LABELS, Action

TICKET_RELATIONS = (
    "incident",
    "duplicate_of",
    "reporter",
    "reporter_category",
    "reporter_lpse",
    "application",
    "version",
    "category",
    "subcategory",
    "ticket_type",
    "priority",
    "team",
    "assignee",
    "previous_team",
    "rating",
)


@dataclass(frozen=True)
class SlaLine:
    """One SLA target as shown on the page: "Batas respons: 02/12/2026 10:00 WIB — sisa 3 jam"."""

    label: str
    target: str
    due_at: datetime
    done_at: datetime | None
    overdue: bool
    text: str


@dataclass(frozen=True)
class EventRow:
    event: TicketEvent
    label: str


@dataclass(frozen=True)
class TicketDetail:
    ticket: Ticket
    messages: list[TicketMessage]
    attachments: list[TicketAttachment]
    events: list[EventRow]
    tender: TenderData | None
    sla: list[SlaLine]
    shows_internal: bool

    @cached_property
    def rating_chips(self) -> list[Any]:
        rating = getattr(self.ticket, "rating", None)
        return list(rating.chips.all()) if rating is not None else []

    @property
    def hps_text(self) -> str:
        """Nilai HPS in Rupiah ("Rp 1.370.200.000"), or "" without a tender or an HPS."""
        if self.tender is None or self.tender.hps is None:
            return ""
        return format_rupiah(self.tender.hps)


def work_minutes_label(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not rest:
        return _("%(hours)d jam kerja") % {"hours": hours}
    if not hours:
        return _("%(minutes)d menit kerja") % {"minutes": rest}
    return _("%(hours)d jam %(minutes)d menit kerja") % {"hours": hours, "minutes": rest}


def sla_text(due_at: datetime, done_at: datetime | None, now: datetime) -> str:
    """ "Tepat waktu" / "Terlambat" once done, else "Sisa 3 jam" / "Terlambat 2 hari 1 jam".
    Time left is the wall-clock difference; the due time itself is in business hours."""
    if done_at is not None:
        return _("Terlambat") if done_at > due_at else _("Tepat waktu")
    if now > due_at:
        return _("Terlambat %(duration)s") % {"duration": format_duration(now - due_at)}
    return _("Sisa %(duration)s") % {"duration": format_duration(due_at - now)}


def _sla_line(
    label: str, target_minutes: int, due_at: datetime, done_at: datetime | None, now: datetime
) -> SlaLine:
    overdue = done_at > due_at if done_at is not None else now > due_at
    text = sla_text(due_at, done_at, now)
    return SlaLine(
        label=label,
        target=work_minutes_label(target_minutes),
        due_at=due_at,
        done_at=done_at,
        overdue=overdue,
        text=text,
    )


def sla_lines(ticket: Ticket, now: datetime) -> list[SlaLine]:
    return [
        _sla_line(
            _("Batas respons"),
            ticket.priority.response_minutes,
            ticket.response_due_at,
            ticket.first_response_at,
            now,
        ),
        _sla_line(
            _("Batas penyelesaian"),
            ticket.priority.resolution_minutes,
            ticket.resolution_due_at,
            ticket.done_at,
            now,
        ),
    ]


def _event_label(event: TicketEvent) -> str:
    """The action's name; an SLA alert also names its target ("Peringatan SLA (target
    respons)")."""
    try:
        label = str(Action(event.action).label)
    except ValueError:
        return event.action
    target = SLA_TARGET_LABELS.get(str(event.data.get("target", "")))
    return f"{label} ({target})" if target is not None else label


def ticket_detail(who: ViewerOrUser, number: str) -> TicketDetail:
    """The ticket ``number`` as ``who`` may see it; raises ``NotFound`` like ``access_ticket``."""
    viewer = Viewer.of(who)
    ticket = access_ticket(viewer, number, related=TICKET_RELATIONS)
    shows_internal = may_see_internal_notes(viewer, ticket)

    attachments = attachments_visible_to(viewer, ticket)
    messages = (
        messages_visible_to(viewer, ticket)
        .exclude(kind=TicketMessage.Kind.DESCRIPTION)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=attachments))
        .order_by("created_at", "id")
    )
    events = (
        events_visible_to(viewer, ticket)
        .select_related("actor", "team")
        .order_by("created_at", "id")
    )
    tender = TenderData.from_snapshot(ticket.tender_data) if ticket.tender_data else None
    return TicketDetail(
        ticket=ticket,
        messages=list(messages),
        attachments=list(attachments),
        events=[EventRow(event=event, label=_event_label(event)) for event in events],
        tender=tender,
        sla=sla_lines(ticket, timezone.now()),
        shows_internal=shows_internal,
    )
