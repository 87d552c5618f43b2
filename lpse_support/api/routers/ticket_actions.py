"""Ticket actions of the API (R-API): one endpoint per workflow verb, each calling the same
service as the page. Registered on the tickets router (see ``routers/tickets.py``).

Every action takes an optional ``If-Match: "<revision>"`` (the ticket's ``revision`` as the
client read it): a ticket changed since answers 409 ``ticket_changed``. Without the header an
action behaves as before (state checks only)."""

from __future__ import annotations

import re
from typing import Annotated

from django.http import HttpRequest
from ninja import Form, Header

from lpse_support.api.routers.tickets import (
    ACTION_RESPONSES,
    JSON_RESPONSES,
    UPLOAD_RESPONSES,
    Files,
    IdempotencyKey,
    _api_field_names,
    _caller,
    _detail,
    _files,
    router,
)
from lpse_support.api.schemas_tickets import ClassificationIn, CloseIn, RatingIn, TicketDetailOut
from lpse_support.core.errors import InvalidInput
from lpse_support.tickets.services.ticket_close import ticket_force_close
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_escalate import ticket_escalate
from lpse_support.tickets.services.ticket_feedback import (
    ticket_give_feedback,
    ticket_request_feedback,
)
from lpse_support.tickets.services.ticket_rate import ticket_rate
from lpse_support.tickets.services.ticket_reclassify import ticket_reclassify
from lpse_support.tickets.services.ticket_resolution import (
    ticket_confirm,
    ticket_reject,
    ticket_resolve,
)
from lpse_support.tickets.services.ticket_take import ticket_take

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description='The ticket `revision` the client acts on, e.g. `"7"`: a ticket changed '
        "since answers 409 `ticket_changed`. Optional.",
    ),
]
ENTITY_TAG = re.compile(r'^\s*(?:W/)?"?([1-9][0-9]{0,9})"?\s*$')


def _revision(if_match: str | None) -> int | None:
    """``If-Match`` → the expected revision; ``*`` (any) or no header → no check."""
    if if_match is None or if_match.strip() in ("", "*"):
        return None
    found = ENTITY_TAG.match(if_match)
    if found is None:
        raise InvalidInput(
            'If-Match harus berisi satu revisi tiket, misalnya "7".', field="If-Match"
        )
    return int(found.group(1))


@router.post("/{number}/take", response=ACTION_RESPONSES, summary="Ambil tiket")
def take(
    request: HttpRequest,
    number: str,
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    ticket_take(
        ticket_number=number,
        actor=_caller(request),
        idempotency_key=idempotency_key,
        expected_revision=_revision(if_match),
    )
    return _detail(request, number)


@router.patch(
    "/{number}/classification",
    response=JSON_RESPONSES,
    summary="Ubah kategori / sub kategori",
    description="The assignee changes the sub-category; the priority is recomputed.",
)
def reclassify(
    request: HttpRequest,
    number: str,
    payload: ClassificationIn,
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    with _api_field_names():
        ticket_reclassify(
            ticket_number=number,
            actor=_caller(request),
            subcategory_id=payload.subcategory_id,
            idempotency_key=idempotency_key,
            expected_revision=_revision(if_match),
        )
    return _detail(request, number)


@router.post(
    "/{number}/request-feedback",
    response=UPLOAD_RESPONSES,
    summary="Butuh feedback",
    description="`from_party`: `reporter` (the default) or `team` (the tier that escalated).",
)
def request_feedback(
    request: HttpRequest,
    number: str,
    message: Form[str],
    from_party: Form[str] = "reporter",
    files: Files = None,  # type: ignore[assignment]
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    with _api_field_names():
        ticket_request_feedback(
            ticket_number=number,
            actor=_caller(request),
            message=message,
            from_party=from_party,
            files=_files(files),
            idempotency_key=idempotency_key,
            expected_revision=_revision(if_match),
        )
    return _detail(request, number)


@router.post("/{number}/feedback", response=UPLOAD_RESPONSES, summary="Beri feedback")
def give_feedback(
    request: HttpRequest,
    number: str,
    message: Form[str],
    files: Files = None,  # type: ignore[assignment]
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    ticket_give_feedback(
        ticket_number=number,
        actor=_caller(request),
        message=message,
        files=_files(files),
        idempotency_key=idempotency_key,
        expected_revision=_revision(if_match),
    )
    return _detail(request, number)


@router.post(
    "/{number}/escalate",
    response=UPLOAD_RESPONSES,
    summary="Eskalasi tiket",
    description="`target_team_id` is needed only when more than one team can receive it.",
)
def escalate(
    request: HttpRequest,
    number: str,
    message: Form[str],
    target_team_id: Form[int | None] = None,
    files: Files = None,  # type: ignore[assignment]
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    with _api_field_names():
        ticket_escalate(
            ticket_number=number,
            actor=_caller(request),
            message=message,
            target_team_id=target_team_id,
            files=_files(files),
            idempotency_key=idempotency_key,
            expected_revision=_revision(if_match),
        )
    return _detail(request, number)


@router.post("/{number}/resolve", response=UPLOAD_RESPONSES, summary="Selesaikan masalah")
def resolve(
    request: HttpRequest,
    number: str,
    message: Form[str],
    files: Files = None,  # type: ignore[assignment]
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    ticket_resolve(
        ticket_number=number,
        actor=_caller(request),
        message=message,
        files=_files(files),
        idempotency_key=idempotency_key,
        expected_revision=_revision(if_match),
    )
    return _detail(request, number)


@router.post("/{number}/confirm", response=ACTION_RESPONSES, summary="Ya, sudah selesai")
def confirm(
    request: HttpRequest,
    number: str,
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    ticket_confirm(
        ticket_number=number,
        actor=_caller(request),
        idempotency_key=idempotency_key,
        expected_revision=_revision(if_match),
    )
    return _detail(request, number)


@router.post("/{number}/reject", response=UPLOAD_RESPONSES, summary="Masalah belum terselesaikan")
def reject(
    request: HttpRequest,
    number: str,
    message: Form[str],
    files: Files = None,  # type: ignore[assignment]
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    ticket_reject(
        ticket_number=number,
        actor=_caller(request),
        message=message,
        files=_files(files),
        idempotency_key=idempotency_key,
        expected_revision=_revision(if_match),
    )
    return _detail(request, number)


@router.post("/{number}/close", response=JSON_RESPONSES, summary="Tutup tiket")
def close(
    request: HttpRequest,
    number: str,
    payload: CloseIn,
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    ticket_force_close(
        ticket_number=number,
        actor=_caller(request),
        reason=payload.reason,
        idempotency_key=idempotency_key,
        expected_revision=_revision(if_match),
    )
    return _detail(request, number)


@router.post("/{number}/rating", response=JSON_RESPONSES, summary="Beri penilaian")
def rate(
    request: HttpRequest,
    number: str,
    payload: RatingIn,
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    with _api_field_names():
        ticket_rate(
            ticket_number=number,
            actor=_caller(request),
            stars=payload.stars,
            chip_ids=payload.chip_ids,
            message=payload.message,
            idempotency_key=idempotency_key,
            expected_revision=_revision(if_match),
        )
    return _detail(request, number)


@router.post(
    "/{number}/messages",
    response=UPLOAD_RESPONSES,
    summary="Kirim pesan diskusi",
    description="`internal=true` writes an internal note (staff only; never shown to the "
    "reporter).",
)
def comment(
    request: HttpRequest,
    number: str,
    message: Form[str],
    internal: Form[bool] = False,
    files: Files = None,  # type: ignore[assignment]
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    ticket_comment(
        ticket_number=number,
        actor=_caller(request),
        message=message,
        internal=internal,
        files=_files(files),
        idempotency_key=idempotency_key,
        expected_revision=_revision(if_match),
    )
    return _detail(request, number)


# --- attachments ------------------------------------------------------------------------------
