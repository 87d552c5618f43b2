"""Aksi massal through the API (issue 14 item 4): ``POST /api/v1/tickets/bulk`` runs one bulk
operation (take, unassign, close — those offered to the caller) on up to 100 tickets, each
through its action's service in its own transaction, and answers which succeeded and which were
refused and why. Thin: the page's form checks the input (``tickets/forms/bulk.py``), the
service runs it (``tickets/services/bulk.py``). Registered by ``api/app.py`` before the ticket
router (``/tickets/bulk`` must not be read as a ticket number)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import ConfigDict, Field

from lpse_support.api.auth import API_AUTH
from lpse_support.api.routers.ticket_params import ERRORS, IdempotencyKey, caller
from lpse_support.api.schemas_common import ErrorOut
from lpse_support.tickets.bulk import find
from lpse_support.tickets.errors import BulkOperationUnavailable
from lpse_support.tickets.forms.bulk import SELECTION, BulkForm, field_name
from lpse_support.tickets.services.bulk import ticket_bulk

router = Router(auth=API_AUTH)
# A body larger than this is refused by its shape (422) before the form says "at most 100".
LIST_LIMIT = 1000


class BulkIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"operation": "take", "numbers": ["TPS2611270001", "TPS2611270002"]},
                {
                    "operation": "unassign",
                    "numbers": ["TPS2611270001"],
                    "inputs": {"reason": "Salah ambil, dikembalikan ke antrean tim."},
                    "revisions": {"TPS2611270001": 3},
                },
            ]
        }
    )

    operation: str = Field(
        max_length=40,
        description="`take` (Ambil), `unassign` (Lepas Tiket, needs `inputs.reason`) or `close` "
        "(Tutup, reporters on their own tickets) — one offered to the caller.",
    )
    numbers: list[str] = Field(
        max_length=LIST_LIMIT,
        description="Ticket numbers, at most 100 different ones per request.",
    )
    inputs: dict[str, str] = Field(
        default_factory=dict,
        description="The operation's extra fields, asked once for all tickets (`reason`).",
    )
    revisions: dict[str, int] = Field(
        default_factory=dict,
        description="Optional: number → the `revision` the client acts on; a ticket changed "
        "since is refused with `ticket_changed`.",
    )


class BulkRefusalOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"number": "TPS2611270002", "code": "not_found", "detail": "Tiket tidak ditemukan."}
            ]
        }
    )

    number: str
    code: str = Field(description="The catalogue code: `not_found`, `invalid_transition`, …")
    detail: str


class BulkOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "operation": "take",
                    "succeeded": ["TPS2611270001"],
                    "refused": [
                        {
                            "number": "TPS2611270002",
                            "code": "already_taken",
                            "detail": "Tiket sudah diambil oleh Nurul Fadhilah, S.Kom.",
                        }
                    ],
                }
            ]
        }
    )

    operation: str
    succeeded: list[str]
    refused: list[BulkRefusalOut]


def _form_data(body: BulkIn, key: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "operation": body.operation,
        "idempotency_key": str(key) if key else "",
        SELECTION: list(body.numbers),
    }
    operation = find(body.operation)
    if operation is not None:
        data.update({field_name(operation, name): value for name, value in body.inputs.items()})
    return data


@router.post(
    "/bulk",
    response={200: BulkOut, 413: ErrorOut, 415: ErrorOut, 422: ErrorOut, **ERRORS},
    summary="Aksi massal",
    description="Each ticket goes through the same service as its single action, in its own "
    "transaction; refusals (wrong status, not allowed, changed, not found) are listed with "
    "their code and message and do not stop the others. With `Idempotency-Key` a repeated "
    "request does nothing twice. Bad input (no ticket, more than 100, a missing reason, an "
    "operation not offered to the caller) is a 422 and changes nothing.",
)
def bulk(request: HttpRequest, body: BulkIn, idempotency_key: IdempotencyKey = None) -> BulkOut:
    viewer = caller(request)
    revisions = {number.strip().upper(): value for number, value in body.revisions.items()}
    form = BulkForm(_form_data(body, idempotency_key), viewer=viewer, revisions=revisions)
    if not form.is_valid():
        raise form.error_for_api()
    operation = form.chosen_operation
    if not operation.changes_tickets:
        raise BulkOperationUnavailable()
    result = ticket_bulk(
        operation=operation.code,
        perform=operation.service(),
        tickets=form.tickets,
        actor=viewer,
        batch_key=idempotency_key,
        inputs=form.inputs(),
    )
    return BulkOut(
        operation=operation.code,
        succeeded=result.succeeded,
        refused=[
            BulkRefusalOut(number=r.number, code=r.code, detail=r.message) for r in result.refused
        ],
    )
