"""What every ticket endpoint of the API shares (R-API): the request headers (``Idempotency-Key``,
``If-Match``), uploaded files, the documented error answers, the caller, and the service field
names as the API spells them. Public: ``routers/tickets.py`` and ``routers/ticket_actions.py``
both import from here (routers never import each other's private helpers)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated, Any, cast
from uuid import UUID

from django.http import HttpRequest
from ninja import File, Header, UploadedFile

from lpse_support.accounts.models import User
from lpse_support.accounts.viewer import Viewer, viewer_of
from lpse_support.api.schemas_common import ErrorOut
from lpse_support.api.schemas_tickets import TicketDetailOut
from lpse_support.core.errors import InvalidInput

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
    "assignee": "assignee_id",
}


@contextmanager
def api_field_names() -> Iterator[None]:
    try:
        yield
    except InvalidInput as exc:
        if exc.field in FIELD_NAMES:
            exc.field = FIELD_NAMES[exc.field]
        raise


def caller(request: HttpRequest) -> Viewer:
    """Who calls: their teams and flags are read once per call (``api.auth`` sets the viewer)."""
    return viewer_of(request)


def caller_user(request: HttpRequest) -> User:
    """The authenticated user (what the auth class returned)."""
    return cast(User, request.auth)  # type: ignore[attr-defined]


def upload_files(files: Sequence[UploadedFile] | None) -> list[UploadedFile]:
    return list(files or [])


IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description='The ticket `revision` the client acts on, e.g. `"7"`: a ticket changed '
        "since answers 409 `ticket_changed`. Optional.",
    ),
]
ENTITY_TAG = re.compile(r'^\s*(?:W/)?"?([1-9][0-9]{0,9})"?\s*$')


def revision_of(if_match: str | None) -> int | None:
    """``If-Match`` → the expected revision; ``*`` (any) or no header → no check."""
    if if_match is None or if_match.strip() in ("", "*"):
        return None
    found = ENTITY_TAG.match(if_match)
    if found is None:
        raise InvalidInput(
            'If-Match harus berisi satu revisi tiket, misalnya "7".', field="If-Match"
        )
    return int(found.group(1))
