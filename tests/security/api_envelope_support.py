"""Shared by the API edge security tests: the routes read from the OpenAPI document, the
envelope every error answer must be, and the snapshot that proves nothing changed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from lpse_support.api.app import api
from lpse_support.tickets.models import (
    Incident,
    SavedSearch,
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketMessage,
    TicketRating,
)
from tests.support.uploads import stored_files

MB = 1024 * 1024
SIX_GIB = str(6 * 1024**3)
MSG = "Mohon dicek kembali, masalah masih terjadi di browser lain."
PREFIX = "/api/v1"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")

SCHEMA_PATHS: dict[str, dict[str, Any]] = api.get_openapi_schema(path_prefix=PREFIX)["paths"]
DOCUMENTED = {path: {m.upper() for m in ops} for path, ops in SCHEMA_PATHS.items()}
BODY_OPERATIONS = sorted(
    (method.upper(), path)
    for path, ops in SCHEMA_PATHS.items()
    for method, op in ops.items()
    if "requestBody" in op
)
GET_PATHS = sorted(path for path, methods in DOCUMENTED.items() if "GET" in methods)

# --- what must never change ---------------------------------------------------------------


def snapshot(media: Path) -> tuple[Any, ...]:
    return (
        list(
            Ticket.objects.order_by("pk").values_list(
                "number",
                "status",
                "subcategory_id",
                "team_id",
                "assignee_id",
                "incident_id",
                "duplicate_of_id",
            )
        ),
        list(Incident.objects.order_by("pk").values_list("pk", "state")),
        TicketMessage.objects.count(),
        TicketEvent.objects.count(),
        TicketAttachment.objects.count(),
        TicketRating.objects.count(),
        SavedSearch.objects.count(),
        stored_files(media),
    )


@contextmanager
def nothing_changes(media: Path) -> Iterator[None]:
    before = snapshot(media)
    yield
    assert snapshot(media) == before


def assert_envelope(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].split(";")[0] == "application/json", response["Content-Type"]
    assert response["Content-Length"] == str(len(response.content))
    # Also the answers the edge gives before SecurityMiddleware runs.
    assert response["X-Content-Type-Options"] == "nosniff"
    body = response.json()
    assert set(body) == {"detail", "code", "field"}, body
    assert body["code"] == code, body
    assert isinstance(body["detail"], str) and body["detail"], body
    assert body["field"] is None or isinstance(body["field"], str), body
    return dict(body)


def _fill(template: str, ticket: Ticket) -> str:
    return template.replace("{number}", ticket.number).replace("{code}", "10012345")
