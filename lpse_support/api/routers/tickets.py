"""Tickets through the API (R-API): list, create with files, detail and the zip of attachments
(the workflow actions: ``routers/ticket_actions.py``). Thin: parse, call the same
``tickets.services`` and selectors as the pages, serialise (``routers/ticket_output.py``).
Service errors (``ApplicationError``) propagate to the API's one error handler."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest, HttpResponseBase, StreamingHttpResponse
from ninja import Form, Query, Router, Status

from lpse_support.api.auth import API_AUTH
from lpse_support.api.routers.ticket_output import detail_response, summary_fields
from lpse_support.api.routers.ticket_params import (
    ERRORS,
    Files,
    IdempotencyKey,
    api_field_names,
    caller,
    caller_user,
    upload_files,
)
from lpse_support.api.schemas_common import ErrorOut
from lpse_support.api.schemas_tickets import TicketDetailOut, TicketPageOut, TicketSummaryOut
from lpse_support.api.ticket_filters import TicketFilters, filter_tickets, summary_allowed_actions
from lpse_support.core.errors import NotFound
from lpse_support.tickets.access import access_ticket, attachments_visible_to
from lpse_support.tickets.attachments.downloads import NO_ATTACHMENTS, zip_members
from lpse_support.tickets.attachments.zipstream import zip_stream
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_create import ManualTender, ticket_create

router = Router(auth=API_AUTH)

# --- list, create, detail -------------------------------------------------------------------


@router.get(
    "",
    response={200: TicketPageOut, 422: ErrorOut, **ERRORS},
    summary="Daftar tiket",
    description="Tickets in the caller's scope, filtered and paged (one row beyond the page "
    "tells `has_next`; no total count).",
)
def list_tickets(request: HttpRequest, filters: Query[TicketFilters]) -> TicketPageOut:
    viewer = caller(request)
    offset = (filters.page - 1) * filters.page_size
    rows = list(filter_tickets(viewer, filters)[offset : offset + filters.page_size + 1])
    items = [
        TicketSummaryOut(**summary_fields(ticket, summary_allowed_actions(ticket)))
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
    user = caller_user(request)
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
    with api_field_names():
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
            files=upload_files(files),
            idempotency_key=idempotency_key,
        )
    return Status(200 if retried else 201, detail_response(request, ticket.number))


@router.get(
    "/{number}",
    response={200: TicketDetailOut, **ERRORS},
    summary="Detail tiket",
    description="404 when the ticket does not exist or is outside the caller's scope.",
)
def get_ticket(request: HttpRequest, number: str) -> TicketDetailOut:
    return detail_response(request, number)


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
    viewer = caller(request)
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
