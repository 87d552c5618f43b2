"""Tickets through the API (R-API): list, create with files, detail, every workflow action and the
zip of attachments. Thin: parse, call the same ``tickets.services`` and selectors as the pages,
serialise. Service errors (``ApplicationError``) propagate to the API's one error handler."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Annotated, Any, cast
from uuid import UUID

from django.http import HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.urls import reverse
from ninja import File, Form, Header, Query, Router, Status, UploadedFile

from lpse_support.accounts.models import User
from lpse_support.accounts.viewer import Viewer, viewer_of
from lpse_support.api.auth import API_AUTH
from lpse_support.api.schemas_common import ErrorOut
from lpse_support.api.schemas_tickets import (
    AttachmentOut,
    EventOut,
    MessageOut,
    PersonOut,
    RatingOut,
    RefOut,
    TicketDetailOut,
    TicketPageOut,
    TicketSummaryOut,
)
from lpse_support.api.ticket_filters import TicketFilters, filter_tickets, summary_allowed_actions
from lpse_support.core.errors import InvalidInput, NotFound
from lpse_support.tickets.access import access_ticket, attachments_visible_to
from lpse_support.tickets.attachments.downloads import NO_ATTACHMENTS, zip_members
from lpse_support.tickets.attachments.zipstream import zip_stream
from lpse_support.tickets.models import Ticket, TicketAttachment, TicketMessage
from lpse_support.tickets.parties import allowed_actions
from lpse_support.tickets.selectors.detail import TicketDetail, ticket_detail
from lpse_support.tickets.services.ticket_create import ManualTender, ticket_create
from lpse_support.tickets.workflow import Status as TicketStatus

router = Router(auth=API_AUTH)

IdempotencyKey = Annotated[
    UUID | None,
    Header(
        alias="Idempotency-Key",
        description="A UUID chosen by the client: sending the same request again with the same "
        "key returns the first result and never acts twice.",
    ),
]
Files = File[list[UploadedFile]]

ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut}
ACTION_RESPONSES: dict[int, Any] = {200: TicketDetailOut, 409: ErrorOut, 422: ErrorOut, **ERRORS}
# A JSON body is refused like an upload: too large (413) or of another type (415,
# ``api/media_types.py``).
JSON_RESPONSES: dict[int, Any] = {**ACTION_RESPONSES, 413: ErrorOut, 415: ErrorOut}
# Uploads may also find the server's disk full (507, docs/attachments.md).
UPLOAD_RESPONSES: dict[int, Any] = {**JSON_RESPONSES, 507: ErrorOut}

# Service field names → the API's parameter names, so a 422 names what the client sent.
FIELD_NAMES = {
    "version": "version_id",
    "subcategory": "subcategory_id",
    "application": "application_id",
    "target": "target_team_id",
    "manual_code": "manual_tender_code",
    "manual_hps": "manual_hps",
    "chips": "chip_ids",
}


@contextmanager
def _api_field_names() -> Iterator[None]:
    try:
        yield
    except InvalidInput as exc:
        if exc.field in FIELD_NAMES:
            exc.field = FIELD_NAMES[exc.field]
        raise


def _caller(request: HttpRequest) -> Viewer:
    """Who calls: their teams and flags are read once per call (``api.auth`` sets the viewer)."""
    return viewer_of(request)


def _caller_user(request: HttpRequest) -> User:
    """The authenticated user (what the auth class returned)."""
    return cast(User, request.auth)  # type: ignore[attr-defined]


# --- serialisation -------------------------------------------------------------------------


def _ref(obj: Any) -> RefOut | None:
    return None if obj is None else RefOut(id=obj.pk, name=obj.name)


def _person(user: User | None) -> PersonOut | None:
    if user is None:
        return None
    return PersonOut(username=user.username, full_name=user.full_name or user.username)


def _rating(ticket: Ticket) -> RatingOut | None:
    rating = getattr(ticket, "rating", None)
    if rating is None:
        return None
    return RatingOut(
        stars=rating.stars,
        chips=[chip.label for chip in rating.chips.all()],
        message=rating.message,
        created_at=rating.created_at,
    )


def _summary_fields(ticket: Ticket, actions: list[str]) -> dict[str, Any]:
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
        "application": _ref(ticket.application),
        "version": _ref(ticket.version),
        "category": _ref(ticket.category),
        "subcategory": _ref(ticket.subcategory),
        "ticket_type": _ref(ticket.ticket_type),
        "reporter": {
            "username": reporter.username,
            "full_name": reporter.full_name or reporter.username,
            "email": reporter.email,
            "category": ticket.reporter_category.name,
        },
        "reporter_lpse": _ref(ticket.reporter_lpse),
        "team": _ref(ticket.team),
        "position": ticket.position,
        "assignee": _person(ticket.assignee),
        "created_at": ticket.created_at,
        "handling_days": ticket.handling_days,
        "response_due_at": ticket.response_due_at,
        "resolution_due_at": ticket.resolution_due_at,
        "tender": ticket.tender_data or None,
        "rating": _rating(ticket),
        "allowed_actions": actions,
        "revision": ticket.revision,
    }


def _attachment(number: str, attachment: TicketAttachment) -> AttachmentOut:
    return AttachmentOut(
        sequence=attachment.sequence,
        original_name=attachment.original_name,
        stored_name=attachment.stored_name,
        size=attachment.size,
        content_type=attachment.content_type,
        sha256=attachment.sha256,
        url=reverse("tickets:attachment", args=[number, attachment.sequence]),
    )


def _message(number: str, message: TicketMessage) -> MessageOut:
    return MessageOut(
        id=message.pk,
        author=_person(message.author),
        side=message.side,
        kind=message.kind,
        body=message.body,
        is_internal=message.is_internal,
        created_at=message.created_at,
        attachments=[_attachment(number, a) for a in message.attachments.all()],
    )


def detail_out(detail: TicketDetail, viewer: Viewer) -> TicketDetailOut:
    ticket = detail.ticket
    actions = [str(action) for action in allowed_actions(ticket, viewer)]
    events = [
        EventOut(
            action=row.event.action,
            label=row.label,
            actor=_person(row.event.actor),
            from_status=row.event.from_status,
            to_status=row.event.to_status,
            team=_ref(row.event.team),
            created_at=row.event.created_at,
        )
        for row in detail.events
    ]
    return TicketDetailOut(
        **_summary_fields(ticket, actions),
        description=ticket.description,
        error_code=ticket.error_code,
        attachments=[_attachment(ticket.number, a) for a in detail.attachments],
        messages=[_message(ticket.number, m) for m in detail.messages],
        events=events,
    )


def _detail(request: HttpRequest, number: str) -> TicketDetailOut:
    viewer = _caller(request)
    return detail_out(ticket_detail(viewer, number), viewer)


def _files(files: Sequence[UploadedFile] | None) -> list[UploadedFile]:
    return list(files or [])


# --- list, create, detail -------------------------------------------------------------------


@router.get(
    "",
    response={200: TicketPageOut, 422: ErrorOut, **ERRORS},
    summary="Daftar tiket",
    description="Tickets in the caller's scope, filtered and paged (one row beyond the page "
    "tells `has_next`; no total count).",
)
def list_tickets(request: HttpRequest, filters: Query[TicketFilters]) -> TicketPageOut:
    viewer = _caller(request)
    offset = (filters.page - 1) * filters.page_size
    rows = list(filter_tickets(viewer, filters)[offset : offset + filters.page_size + 1])
    items = [
        TicketSummaryOut(**_summary_fields(ticket, summary_allowed_actions(ticket)))
        for ticket in rows[: filters.page_size]
    ]
    return TicketPageOut(
        items=items,
        page=filters.page,
        page_size=filters.page_size,
        has_next=len(rows) > filters.page_size,
    )


@router.post(
    "",
    response={
        200: TicketDetailOut,
        201: TicketDetailOut,
        413: ErrorOut,
        415: ErrorOut,
        422: ErrorOut,
        507: ErrorOut,
        **ERRORS,
    },
    summary="Buat tiket baru",
    description="Multipart form fields plus up to 10 `files`. The priority is computed. "
    "With `Idempotency-Key` a retry answers 200 with the first ticket instead of a second one.",
)
def create_ticket(
    request: HttpRequest,
    title: Form[str],
    version_id: Form[int],
    subcategory_id: Form[int],
    description: Form[str],
    application_id: Form[int | None] = None,
    error_code: Form[str] = "",
    tender_code: Form[str] = "",
    manual_tender_code: Form[str] = "",
    manual_spse_build: Form[str] = "",
    manual_fiscal_year: Form[int | None] = None,
    manual_hps: Form[Decimal | None] = None,
    manual_procurement_category: Form[str] = "",
    files: Files = None,  # type: ignore[assignment]
    idempotency_key: IdempotencyKey = None,
) -> Status[TicketDetailOut]:
    user = _caller_user(request)
    manual_values = (
        manual_tender_code,
        manual_spse_build,
        manual_fiscal_year,
        manual_hps,
        manual_procurement_category,
    )
    manual = (
        ManualTender(
            code=manual_tender_code.strip(),
            spse_build=manual_spse_build.strip(),
            fiscal_year=manual_fiscal_year,
            hps=manual_hps,
            procurement_category=manual_procurement_category.strip(),
        )
        if any(value not in (None, "") for value in manual_values)
        else None
    )
    retried = (
        idempotency_key is not None
        and Ticket.objects.filter(reporter=user, idempotency_key=idempotency_key).exists()
    )
    with _api_field_names():
        ticket = ticket_create(
            reporter=user,
            title=title,
            version_id=version_id,
            subcategory_id=subcategory_id,
            description=description,
            application_id=application_id,
            error_code=error_code,
            tender_code=tender_code.strip(),
            manual_tender=manual,
            files=_files(files),
            idempotency_key=idempotency_key,
        )
    return Status(200 if retried else 201, _detail(request, ticket.number))


@router.get(
    "/{number}",
    response={200: TicketDetailOut, **ERRORS},
    summary="Detail tiket",
    description="404 when the ticket does not exist or is outside the caller's scope.",
)
def get_ticket(request: HttpRequest, number: str) -> TicketDetailOut:
    return _detail(request, number)


# --- actions ----------------------------------------------------------------------------------


@router.get(
    "/{number}/attachments.zip",
    response=ERRORS,
    summary="Unduh semua lampiran",
    description="Every attachment the caller may see, as one zip streamed on the fly; 404 when "
    "the ticket has none.",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The zip archive.",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def attachments_zip(request: HttpRequest, number: str) -> HttpResponseBase:
    viewer = _caller(request)
    ticket = access_ticket(viewer, number)
    attachments = list(attachments_visible_to(viewer, ticket))
    if not attachments:
        raise NotFound(NO_ATTACHMENTS)
    response = StreamingHttpResponse(
        zip_stream(zip_members(attachments)), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="{ticket.number}_lampiran.zip"'
    response["Accept-Ranges"] = "none"  # built while it is sent: no length, no ranges
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
