"""Insiden through the API (issue 14 item 1): list, create and read incidents, start their
resolution (a background task; the answer carries its progress), link a ticket to one, unlink
it, mark it a duplicate. Thin: the same services as the pages (``tickets/services/incidents``),
so every refusal is the catalogue's and every step an event in Riwayat Tiket."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router, Schema, Status
from pydantic import ConfigDict, Field

from lpse_support.api.auth import API_AUTH
from lpse_support.api.routers.ticket_output import detail_response
from lpse_support.api.routers.ticket_params import ACTION_RESPONSES, ERRORS, caller
from lpse_support.api.schemas_common import MAX_ID, ErrorOut
from lpse_support.api.schemas_tickets import TicketDetailOut
from lpse_support.catalog.models import Application
from lpse_support.core.errors import InvalidInput
from lpse_support.tickets.models import Incident
from lpse_support.tickets.selectors.incidents import incident_list
from lpse_support.tickets.services.incidents import (
    TITLE_MAX,
    create_incident,
    get_incident,
    link_ticket,
    mark_duplicate,
    progress_of,
    start_resolution,
    unlink_ticket,
)

router = Router(auth=API_AUTH)
IncidentId = Annotated[int, Path(ge=1, le=MAX_ID)]

EXAMPLE: dict[str, Any] = {
    "id": 4,
    "title": "SPSE tidak dapat diakses",
    "application_id": 1,
    "application": "SPSE",
    "started_at": "2026-03-02T08:15:00+07:00",
    "status_text": "Server SPSE sedang dalam perbaikan.",
    "state": "resolving",
    "children": 30,
    "resolution": "Server sudah pulih.",
    "progress": {"done": 12, "total": 30, "resolved": 11, "skipped": 1, "percent": 40},
}


class ProgressOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE["progress"]]})

    done: int = Field(description="Children processed so far (resolved + skipped).")
    total: int = Field(description="Children counted when the resolution started.")
    resolved: int
    skipped: int = Field(description="Children whose status did not allow it (e.g. closed).")
    percent: int


class IncidentOut(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})

    id: int
    title: str
    application_id: int
    application: str
    started_at: datetime
    status_text: str
    state: str = Field(description="`open`, `resolving` (the task runs) or `resolved`.")
    children: int = Field(description="Tickets linked to it.")
    resolution: str
    progress: ProgressOut


class IncidentIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "SPSE tidak dapat diakses",
                    "application_id": 1,
                    "status_text": "Server SPSE sedang dalam perbaikan.",
                }
            ]
        }
    )

    title: str = Field(max_length=TITLE_MAX)
    application_id: int = Field(ge=1, le=MAX_ID)
    status_text: str = Field(max_length=2000)
    started_at: datetime | None = Field(None, description="Default: now.")


class ResolveIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"message": "Server SPSE sudah pulih sepenuhnya."}]}
    )

    message: str = Field(max_length=5000, description="At least 15 characters.")


class LinkIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"incident_id": 4}]})

    incident_id: int = Field(ge=1, le=MAX_ID)


class DuplicateIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"number": "TPS2026000001"}]})

    number: str = Field(max_length=20, description="The original ticket's number.")


def _out(incident: Incident) -> IncidentOut:
    progress = progress_of(incident)
    return IncidentOut(
        id=incident.pk,
        title=incident.title,
        application_id=incident.application_id,
        application=incident.application.name,
        started_at=incident.started_at,
        status_text=incident.status_text,
        state=incident.state,
        children=incident.tickets.count(),
        resolution=incident.resolution,
        progress=ProgressOut(
            done=progress.done,
            total=progress.total,
            resolved=progress.resolved,
            skipped=progress.skipped,
            percent=progress.percent,
        ),
    )


@router.get(
    "/incidents",
    response={200: list[IncidentOut], **ERRORS},
    summary="Daftar insiden",
    description="Staff and supervisors; anyone else gets an empty list.",
)
def list_incidents(request: HttpRequest) -> list[IncidentOut]:
    return [_out(incident) for incident in incident_list(caller(request))[:100]]


@router.post(
    "/incidents",
    response={201: IncidentOut, 422: ErrorOut, **ERRORS},
    summary="Buat insiden",
)
def create(request: HttpRequest, body: IncidentIn) -> Status[IncidentOut]:
    application = Application.objects.filter(pk=body.application_id, active=True).first()
    if application is None:
        raise InvalidInput(_("Aplikasi tidak ditemukan."), field="application_id")
    incident = create_incident(
        caller(request),
        title=body.title,
        application=application,
        status_text=body.status_text,
        started_at=body.started_at,
    )
    return Status(201, _out(incident))


@router.get(
    "/incidents/{incident_id}",
    response={200: IncidentOut, 422: ErrorOut, **ERRORS},
    summary="Detail insiden",
    description="With the progress of its resolution (poll it while `state` is `resolving`).",
)
def read(request: HttpRequest, incident_id: IncidentId) -> IncidentOut:
    return _out(get_incident(caller(request), incident_id))


@router.post(
    "/incidents/{incident_id}/resolve",
    response={202: IncidentOut, 409: ErrorOut, 422: ErrorOut, **ERRORS},
    summary="Selesaikan insiden",
    description="Queues the resolution of every child (each reporter is told and confirms or "
    "rejects). Sent again while `resolving`: the task is queued again and resumes; children "
    "already done are skipped (idempotent).",
)
def resolve(request: HttpRequest, incident_id: IncidentId, body: ResolveIn) -> Status[IncidentOut]:
    incident = start_resolution(caller(request), incident_id, message=body.message)
    return Status(202, _out(incident))


@router.post(
    "/tickets/{number}/incident",
    response=ACTION_RESPONSES,
    summary="Lampirkan tiket ke insiden",
)
def link(request: HttpRequest, number: str, body: LinkIn) -> TicketDetailOut:
    viewer = caller(request)
    link_ticket(viewer, number, get_incident(viewer, body.incident_id))
    return detail_response(request, number)


@router.delete(
    "/tickets/{number}/incident",
    response=ACTION_RESPONSES,
    summary="Lepas tiket dari insiden",
)
def unlink(request: HttpRequest, number: str) -> TicketDetailOut:
    unlink_ticket(caller(request), number)
    return detail_response(request, number)


@router.post(
    "/tickets/{number}/duplicate-of",
    response=ACTION_RESPONSES,
    summary="Tandai duplikat",
    description="Marks the ticket `Duplikat dari <number>` (a ticket the caller sees).",
)
def duplicate(request: HttpRequest, number: str, body: DuplicateIn) -> TicketDetailOut:
    mark_duplicate(caller(request), number, body.number.strip().upper())
    return detail_response(request, number)
