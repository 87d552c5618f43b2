"""Ticket actions of the API (R-API): one explicit endpoint per workflow verb (paths and schemas
are the API's contract), each calling the action's spec from the registry — the same service as
the page (``tickets/actions/``). Registered by ``api/app.py``.

Every action takes an optional ``If-Match: "<revision>"`` (the ticket's ``revision`` as the
client read it): a ticket changed since answers 409 ``ticket_changed``. Without the header an
action behaves as before (state checks only)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Form, Router

from lpse_support.api.auth import API_AUTH
from lpse_support.api.routers.ticket_output import detail_response
from lpse_support.api.routers.ticket_params import (
    ACTION_RESPONSES,
    JSON_RESPONSES,
    UPLOAD_RESPONSES,
    Files,
    IdempotencyKey,
    IfMatch,
    api_field_names,
    caller,
    revision_of,
    upload_files,
)
from lpse_support.api.schemas_tickets import (
    ClassificationIn,
    CloseIn,
    RatingIn,
    ReassignIn,
    RecallIn,
    TicketDetailOut,
    UnassignIn,
)
from lpse_support.tickets.actions import registry
from lpse_support.tickets.workflow import Action

router = Router(auth=API_AUTH)


@router.post("/{number}/take", response=ACTION_RESPONSES, summary="Ambil tiket")
def take(
    request: HttpRequest,
    number: str,
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    registry.get(Action.TAKE).perform(
        ticket_number=number,
        actor=caller(request),
        idempotency_key=idempotency_key,
        expected_revision=revision_of(if_match),
    )
    return detail_response(request, number)


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
    with api_field_names():
        registry.get(Action.RECLASSIFY).perform(
            ticket_number=number,
            actor=caller(request),
            subcategory_id=payload.subcategory_id,
            idempotency_key=idempotency_key,
            expected_revision=revision_of(if_match),
        )
    return detail_response(request, number)


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
    with api_field_names():
        registry.get(Action.REQUEST_FEEDBACK).perform(
            ticket_number=number,
            actor=caller(request),
            message=message,
            from_party=from_party,
            files=upload_files(files),
            idempotency_key=idempotency_key,
            expected_revision=revision_of(if_match),
        )
    return detail_response(request, number)


@router.post("/{number}/feedback", response=UPLOAD_RESPONSES, summary="Beri feedback")
def give_feedback(
    request: HttpRequest,
    number: str,
    message: Form[str],
    files: Files = None,  # type: ignore[assignment]
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    registry.get(Action.GIVE_FEEDBACK).perform(
        ticket_number=number,
        actor=caller(request),
        message=message,
        files=upload_files(files),
        idempotency_key=idempotency_key,
        expected_revision=revision_of(if_match),
    )
    return detail_response(request, number)


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
    with api_field_names():
        registry.get(Action.ESCALATE).perform(
            ticket_number=number,
            actor=caller(request),
            message=message,
            target_team_id=target_team_id,
            files=upload_files(files),
            idempotency_key=idempotency_key,
            expected_revision=revision_of(if_match),
        )
    return detail_response(request, number)


@router.post("/{number}/resolve", response=UPLOAD_RESPONSES, summary="Selesaikan masalah")
def resolve(
    request: HttpRequest,
    number: str,
    message: Form[str],
    files: Files = None,  # type: ignore[assignment]
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    registry.get(Action.RESOLVE).perform(
        ticket_number=number,
        actor=caller(request),
        message=message,
        files=upload_files(files),
        idempotency_key=idempotency_key,
        expected_revision=revision_of(if_match),
    )
    return detail_response(request, number)


@router.post("/{number}/confirm", response=ACTION_RESPONSES, summary="Ya, sudah selesai")
def confirm(
    request: HttpRequest,
    number: str,
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    registry.get(Action.CONFIRM).perform(
        ticket_number=number,
        actor=caller(request),
        idempotency_key=idempotency_key,
        expected_revision=revision_of(if_match),
    )
    return detail_response(request, number)


@router.post("/{number}/reject", response=UPLOAD_RESPONSES, summary="Masalah belum terselesaikan")
def reject(
    request: HttpRequest,
    number: str,
    message: Form[str],
    files: Files = None,  # type: ignore[assignment]
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    registry.get(Action.REJECT).perform(
        ticket_number=number,
        actor=caller(request),
        message=message,
        files=upload_files(files),
        idempotency_key=idempotency_key,
        expected_revision=revision_of(if_match),
    )
    return detail_response(request, number)


@router.post("/{number}/close", response=JSON_RESPONSES, summary="Tutup tiket")
def close(
    request: HttpRequest,
    number: str,
    payload: CloseIn,
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    registry.get(Action.CLOSE).perform(
        ticket_number=number,
        actor=caller(request),
        reason=payload.reason,
        idempotency_key=idempotency_key,
        expected_revision=revision_of(if_match),
    )
    return detail_response(request, number)


@router.post(
    "/{number}/unassign",
    response=JSON_RESPONSES,
    summary="Lepas tiket",
    description="The assignee hands a ticket in Sedang Dikerjakan back to the team's queue "
    "(`reason`: at least 15 characters).",
)
def unassign(
    request: HttpRequest,
    number: str,
    payload: UnassignIn,
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    registry.get(Action.UNASSIGN).perform(
        ticket_number=number,
        actor=caller(request),
        reason=payload.reason,
        idempotency_key=idempotency_key,
        expected_revision=revision_of(if_match),
    )
    return detail_response(request, number)


@router.post(
    "/{number}/reassign",
    response=JSON_RESPONSES,
    summary="Alihkan tiket",
    description="A team lead or a supervisor covering the ticket gives a taken ticket to "
    "another active member of its team (`assignee_id`; `reason`: at least 15 characters).",
)
def reassign(
    request: HttpRequest,
    number: str,
    payload: ReassignIn,
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    with api_field_names():
        registry.get(Action.REASSIGN).perform(
            ticket_number=number,
            actor=caller(request),
            assignee_id=payload.assignee_id,
            reason=payload.reason,
            idempotency_key=idempotency_key,
            expected_revision=revision_of(if_match),
        )
    return detail_response(request, number)


@router.post(
    "/{number}/recall",
    response=JSON_RESPONSES,
    summary="Tarik tiket ke antrean",
    description="A team lead or a supervisor covering the ticket pulls a taken ticket back "
    "to its team's queue (`reason`: at least 15 characters).",
)
def recall(
    request: HttpRequest,
    number: str,
    payload: RecallIn,
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    registry.get(Action.RECALL).perform(
        ticket_number=number,
        actor=caller(request),
        reason=payload.reason,
        idempotency_key=idempotency_key,
        expected_revision=revision_of(if_match),
    )
    return detail_response(request, number)


@router.post("/{number}/rating", response=JSON_RESPONSES, summary="Beri penilaian")
def rate(
    request: HttpRequest,
    number: str,
    payload: RatingIn,
    idempotency_key: IdempotencyKey = None,
    if_match: IfMatch = None,
) -> TicketDetailOut:
    with api_field_names():
        registry.get(Action.RATE).perform(
            ticket_number=number,
            actor=caller(request),
            stars=payload.stars,
            chip_ids=payload.chip_ids,
            message=payload.message,
            idempotency_key=idempotency_key,
            expected_revision=revision_of(if_match),
        )
    return detail_response(request, number)


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
    action = Action.INTERNAL_NOTE if internal else Action.COMMENT
    registry.get(action).perform(
        ticket_number=number,
        actor=caller(request),
        message=message,
        internal=internal,
        files=upload_files(files),
        idempotency_key=idempotency_key,
        expected_revision=revision_of(if_match),
    )
    return detail_response(request, number)
