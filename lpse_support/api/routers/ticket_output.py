"""Tickets as the API shows them (R-API): summaries for lists, the detail with its messages,
attachments and events, and the caller's ``allowed_actions``. Built explicitly from the same
selectors as the pages; public for the ticket routers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from lpse_support.accounts.models import User
from lpse_support.accounts.viewer import Viewer
from lpse_support.api.routers.ticket_params import caller
from lpse_support.api.schemas_tickets import (
    AttachmentOut,
    EventOut,
    MessageOut,
    PersonOut,
    RatingOut,
    RefOut,
    TicketDetailOut,
    TicketIncidentOut,
)
from lpse_support.tickets.attachments.preview import preview_kind
from lpse_support.tickets.models import Ticket, TicketAttachment, TicketMessage
from lpse_support.tickets.parties import allowed_actions
from lpse_support.tickets.selectors.detail import TicketDetail, ticket_detail
from lpse_support.tickets.workflow import Status as TicketStatus


def ref_out(obj: Any) -> RefOut | None:
    return None if obj is None else RefOut(id=obj.pk, name=obj.name)


def person_out(user: User | None) -> PersonOut | None:
    if user is None:
        return None
    return PersonOut(username=user.username, full_name=user.full_name or user.username)


def rating_out(ticket: Ticket) -> RatingOut | None:
    rating = getattr(ticket, "rating", None)
    if rating is None:
        return None
    return RatingOut(
        stars=rating.stars,
        chips=[chip.label for chip in rating.chips.all()],
        message=rating.message,
        created_at=rating.created_at,
    )


def summary_fields(ticket: Ticket, actions: list[str]) -> dict[str, Any]:
    reporter = ticket.reporter
    return {
        "number": ticket.number,
        "title": ticket.title,
        "status": {"code": ticket.status, "label": str(TicketStatus(ticket.status).label)},
        "priority": {
            "code": ticket.priority.code,
            "name": ticket.priority.name,
            "rank": ticket.priority.rank,
        },
        "reasons": [str(reason) for reason in ticket.priority_reasons or []],
        "application": ref_out(ticket.application),
        "version": ref_out(ticket.version),
        "category": ref_out(ticket.category),
        "subcategory": ref_out(ticket.subcategory),
        "ticket_type": ref_out(ticket.ticket_type),
        "reporter": {
            "username": reporter.username,
            "full_name": reporter.full_name or reporter.username,
            "email": reporter.email,
            "category": ticket.reporter_category.name,
        },
        "reporter_lpse": ref_out(ticket.reporter_lpse),
        "team": ref_out(ticket.team),
        "position": ticket.position,
        "assignee": person_out(ticket.assignee),
        "created_at": ticket.created_at,
        "handling_days": ticket.handling_days,
        "response_due_at": ticket.response_due_at,
        "resolution_due_at": ticket.resolution_due_at,
        "tender": ticket.tender_data or None,
        "rating": rating_out(ticket),
        "allowed_actions": actions,
        "revision": ticket.revision,
    }


def attachment_out(number: str, attachment: TicketAttachment) -> AttachmentOut:
    return AttachmentOut(
        sequence=attachment.sequence,
        original_name=attachment.original_name,
        stored_name=attachment.stored_name,
        size=attachment.size,
        content_type=attachment.content_type,
        sha256=attachment.sha256,
        url=reverse("tickets:attachment", args=[number, attachment.sequence]),
        preview_url=reverse("tickets:attachment_preview", args=[number, attachment.sequence])
        if preview_kind(attachment)
        else None,
    )


def message_out(number: str, message: TicketMessage) -> MessageOut:
    return MessageOut(
        id=message.pk,
        author=person_out(message.author),
        side=message.side,
        kind=message.kind,
        body=message.body,
        is_internal=message.is_internal,
        created_at=message.created_at,
        attachments=[attachment_out(number, a) for a in message.attachments.all()],
    )


def detail_out(detail: TicketDetail, viewer: Viewer) -> TicketDetailOut:
    ticket = detail.ticket
    actions = [str(action) for action in allowed_actions(ticket, viewer)]
    events = [
        EventOut(
            action=row.event.action,
            label=row.label,
            actor=person_out(row.event.actor),
            from_status=row.event.from_status,
            to_status=row.event.to_status,
            team=ref_out(row.event.team),
            created_at=row.event.created_at,
        )
        for row in detail.events
    ]
    return TicketDetailOut(
        **summary_fields(ticket, actions),
        description=ticket.description,
        error_code=ticket.error_code,
        attachments=[attachment_out(ticket.number, a) for a in detail.attachments],
        messages=[message_out(ticket.number, m) for m in detail.messages],
        events=events,
        incident=(
            TicketIncidentOut(
                id=incident.pk,
                title=incident.title,
                state=incident.state,
                status_text=incident.status_text,
            )
            if (incident := ticket.incident) is not None
            else None
        ),
        duplicate_of=ticket.duplicate_of.number if ticket.duplicate_of is not None else None,
    )


def detail_response(request: HttpRequest, number: str) -> TicketDetailOut:
    viewer = caller(request)
    return detail_out(ticket_detail(viewer, number), viewer)
