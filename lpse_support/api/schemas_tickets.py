"""Ticket schemas of the API (R-API): stable English keys for the fields of SPEC §2, status as its
code plus its Indonesian label, and the caller's ``allowed_actions``. Built explicitly by
``routers.tickets`` from the same selectors the pages use."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class StatusOut(Schema):
    model_config = _examples({"code": "BARU", "label": "Belum Diambil"})

    code: str
    label: str


class PriorityOut(Schema):
    model_config = _examples({"code": "major", "name": "Major", "rank": 2})

    code: str
    name: str
    rank: int


class RefOut(Schema):
    """A master-data reference: its id and its name."""

    model_config = _examples({"id": 1, "name": "SPSE"})

    id: int
    name: str


class ReporterOut(Schema):
    model_config = _examples(
        {
            "username": "ppk1",
            "full_name": "Andi Pratama",
            "email": "ppk1@example.go.id",
            "category": "PPK",
        }
    )

    username: str
    full_name: str
    email: str
    category: str


class PersonOut(Schema):
    model_config = _examples({"username": "helpdesk_lpse1", "full_name": "Siti Rahma"})

    username: str
    full_name: str


class RatingOut(Schema):
    model_config = _examples(
        {
            "stars": 5,
            "chips": ["Kecepatan penanganan"],
            "message": "Terima kasih.",
            "created_at": "2026-11-28T10:15:00+07:00",
        }
    )

    stars: int
    chips: list[str]
    message: str
    created_at: datetime


TICKET_SUMMARY_EXAMPLE: dict[str, Any] = {
    "number": "TPS2611280001",
    "title": "Gagal mengunduh dokumen pemilihan",
    "status": {"code": "BARU", "label": "Belum Diambil"},
    "priority": {"code": "medium", "name": "Medium", "rank": 3},
    "reasons": ["Sub kategori: Medium"],
    "application": {"id": 1, "name": "SPSE"},
    "version": {"id": 3, "name": "4.5"},
    "category": {"id": 7, "name": "Pengumuman & Dokumen"},
    "subcategory": {"id": 21, "name": "Gagal unduh dokumen"},
    "ticket_type": {"id": 1, "name": "Tiket Umum"},
    "reporter": {
        "username": "ppk1",
        "full_name": "Andi Pratama",
        "email": "ppk1@example.go.id",
        "category": "PPK",
    },
    "reporter_lpse": {"id": 4, "name": "LPSE Kota Makassar"},
    "team": {"id": 2, "name": "Helpdesk LPSE Kota Makassar"},
    "position": "Helpdesk LPSE",
    "assignee": None,
    "created_at": "2026-11-28T09:00:00+07:00",
    "handling_days": 0,
    "response_due_at": "2026-11-28T17:00:00+07:00",
    "resolution_due_at": "2026-11-30T17:00:00+07:00",
    "tender": None,
    "rating": None,
    "allowed_actions": ["close", "comment"],
    "revision": 1,
}


class TicketSummaryOut(Schema):
    """A ticket as a list shows it."""

    model_config = _examples(TICKET_SUMMARY_EXAMPLE)

    number: str
    title: str
    status: StatusOut
    priority: PriorityOut
    reasons: list[str] = Field(description="Why the priority is what it is (R-PRI).")
    application: RefOut
    version: RefOut
    category: RefOut
    subcategory: RefOut
    ticket_type: RefOut
    reporter: ReporterOut
    reporter_lpse: RefOut | None
    team: RefOut
    position: str = Field(description="Posisi Tiket: who holds it now.")
    assignee: PersonOut | None
    created_at: datetime
    handling_days: int = Field(description="Lama Pengerjaan: whole days, frozen when done.")
    response_due_at: datetime
    resolution_due_at: datetime
    tender: dict[str, Any] | None = Field(description="Tender snapshot taken at filing time.")
    rating: RatingOut | None
    allowed_actions: list[str] = Field(
        description="What the caller may do now: take, give_feedback, reclassify, "
        "request_feedback, escalate, resolve, confirm, reject, rate, close, comment, internal_note."
    )
    revision: int = Field(
        description="Raised by every change of state: send it back as `If-Match` on an action "
        "to be refused (409 `ticket_changed`) if the ticket changed since you read it."
    )


class TicketPageOut(Schema):
    """One page of a list; ``has_next`` instead of a total count."""

    model_config = _examples(
        {"items": [TICKET_SUMMARY_EXAMPLE], "page": 1, "page_size": 10, "has_next": False}
    )

    items: list[TicketSummaryOut]
    page: int
    page_size: int
    has_next: bool


class AttachmentOut(Schema):
    model_config = _examples(
        {
            "sequence": 1,
            "original_name": "galat.png",
            "stored_name": "pelapor_TPS2611280001_001.png",
            "size": 20480,
            "content_type": "image/png",
            "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "url": "/tiket/TPS2611280001/lampiran/1/",
            "preview_url": "/tiket/TPS2611280001/lampiran/1/pratinjau/",
        }
    )

    sequence: int
    original_name: str
    stored_name: str
    size: int
    content_type: str
    sha256: str
    url: str
    # Pratinjau: PNG, JPEG and PDF only (answered inline, sandboxed); null for other files.
    preview_url: str | None


class MessageOut(Schema):
    model_config = _examples(
        {
            "id": 12,
            "author": {"username": "helpdesk_lpse1", "full_name": "Siti Rahma"},
            "side": "lpse",
            "kind": "message",
            "body": "Mohon kirimkan tangkapan layar pesan galatnya.",
            "is_internal": False,
            "created_at": "2026-11-28T09:30:00+07:00",
            "attachments": [],
        }
    )

    id: int
    author: PersonOut | None
    side: str
    kind: str
    body: str
    is_internal: bool
    created_at: datetime
    attachments: list[AttachmentOut]


class EventOut(Schema):
    model_config = _examples(
        {
            "action": "take",
            "label": "Ambil Tiket",
            "actor": {"username": "helpdesk_lpse1", "full_name": "Siti Rahma"},
            "from_status": "BARU",
            "to_status": "DIKERJAKAN",
            "team": {"id": 2, "name": "Helpdesk LPSE Kota Makassar"},
            "created_at": "2026-11-28T09:20:00+07:00",
        }
    )

    action: str
    label: str
    actor: PersonOut | None
    from_status: str
    to_status: str
    team: RefOut | None
    created_at: datetime


class TicketIncidentOut(Schema):
    """The incident a ticket is one report of (``/incidents/{id}`` for staff)."""

    model_config = _examples(
        {
            "id": 4,
            "title": "SPSE tidak dapat diakses",
            "state": "open",
            "status_text": "Server SPSE sedang dalam perbaikan.",
        }
    )

    id: int
    title: str
    state: str = Field(description="`open`, `resolving` or `resolved`.")
    status_text: str


class TicketDetailOut(TicketSummaryOut):
    """A ticket with its description, Diskusi, attachments and history."""

    model_config = _examples(
        {
            **TICKET_SUMMARY_EXAMPLE,
            "description": "Dokumen pemilihan tidak dapat diunduh sejak pagi tadi.",
            "error_code": "",
            "attachments": [],
            "messages": [],
            "events": [],
        }
    )

    description: str
    error_code: str
    attachments: list[AttachmentOut] = Field(
        description="Every attachment the caller may open, including the description's."
    )
    messages: list[MessageOut] = Field(
        description="The Diskusi; internal notes are never shown to the reporter."
    )
    events: list[EventOut]
    incident: TicketIncidentOut | None = Field(
        None, description="The incident it is linked to (Insiden), if any."
    )
    duplicate_of: str | None = Field(
        None, description="The number of the ticket it duplicates (Duplikat dari), if any."
    )


class ClassificationIn(Schema):
    model_config = _examples({"subcategory_id": 21})

    subcategory_id: int


class CloseIn(Schema):
    model_config = _examples({"reason": "Masalah sudah teratasi sendiri."})

    reason: str = ""


class UnassignIn(Schema):
    model_config = _examples({"reason": "Saya cuti mulai besok, mohon diambil rekan lain."})

    reason: str


class ReassignIn(Schema):
    model_config = _examples(
        {"assignee_id": 12, "reason": "Beban kerja dibagi ulang oleh ketua tim."}
    )

    assignee_id: int
    reason: str


class RecallIn(Schema):
    model_config = _examples({"reason": "Petugas berhalangan, tiket kembali ke antrean."})

    reason: str


class RatingIn(Schema):
    model_config = _examples({"stars": 5, "chip_ids": [1, 2], "message": "Cepat dan ramah."})

    stars: int
    chip_ids: list[int] = []
    message: str = ""
