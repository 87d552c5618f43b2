"""Filing a ticket (Buat Tiket Baru, SPEC §2): validate, number, prioritise, route, snapshot the
tender, store the files, write the description and the ``create`` event — one transaction."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from lpse_support.accounts.models import User
from lpse_support.accounts.routing import first_team_for
from lpse_support.catalog.business_time import load_calendar
from lpse_support.catalog.models import ApplicationVersion, SubCategory, TicketType
from lpse_support.core.text import one_line
from lpse_support.tenders.connectors import TenderData, TenderServiceUnavailable, get_connector
from lpse_support.tickets.attachments import cleanup_on_failure, store_attachments
from lpse_support.tickets.errors import (
    DescriptionTooShort,
    ErrorCodeInvalid,
    HpsNegative,
    IdempotencyKeyReused,
    ReporterCategoryMissing,
    SubcategoryNotInApplication,
    TenderCodeInvalid,
    TenderCodeUnknown,
    TenderWarehouseDown,
    TicketTypeMissing,
    TitleRequired,
    TitleTooLong,
    VersionNotInApplication,
)
from lpse_support.tickets.models import Ticket, TicketEvent, TicketMessage, TicketTeam
from lpse_support.tickets.numbering import next_ticket_number
from lpse_support.tickets.services._base import check_files, notify_in_transaction
from lpse_support.tickets.services.priority import ticket_priority
from lpse_support.tickets.workflow import Action, Side, Status

TITLE_MAX = 100
DESCRIPTION_MIN = 15
TENDER_CODE_RE = re.compile(r"^[0-9]{6,12}$")
ERROR_CODE_RE = re.compile(r"^[0-9A-Za-z._-]{1,40}$")


@dataclass(frozen=True)
class ManualTender:
    """Isi Manual: every field optional (guide §4.2.1, Gambar 11)."""

    code: str = ""
    spse_build: str = ""
    fiscal_year: int | None = None
    hps: Decimal | None = None
    procurement_category: str = ""

    def to_tender_data(self) -> TenderData:
        return TenderData(
            code=self.code,
            fiscal_year=self.fiscal_year,
            hps=self.hps,
            procurement_category=self.procurement_category,
            spse_build=self.spse_build,
            source="manual",
        )


def resolve_tender(*, tender_code: str, manual: ManualTender | None) -> TenderData | None:
    """The tender a ticket is filed with: manual entry, else a warehouse look-up, else none."""
    if manual is not None:
        if manual.code and not TENDER_CODE_RE.match(manual.code):
            raise TenderCodeInvalid(field="manual_code")
        if manual.hps is not None and manual.hps < 0:
            raise HpsNegative()
        return manual.to_tender_data()
    code = tender_code.strip()
    if not code:
        return None
    if not TENDER_CODE_RE.match(code):
        raise TenderCodeInvalid()
    try:
        tender = get_connector().get(code)
    except TenderServiceUnavailable as exc:
        raise TenderWarehouseDown() from exc
    if tender is None:
        raise TenderCodeUnknown()
    return tender


def _validate_text(title: str, description: str, error_code: str) -> tuple[str, str, str]:
    # A title is one line (issue 10, row 4): it goes into e-mail subjects and "Judul :" lines,
    # where a line break would fail the mail or forge a line. Line breaks of any kind become a
    # space and invisible characters go, as a browser's single-line field does; not refused, so
    # the page and the API agree and a title pasted with a tab still files.
    title = one_line(title)
    description, error_code = description.strip(), error_code.strip()
    if not title:
        raise TitleRequired()
    if len(title) > TITLE_MAX:
        raise TitleTooLong(limit_value=TITLE_MAX)
    if len(description) < DESCRIPTION_MIN:
        raise DescriptionTooShort(limit_value=DESCRIPTION_MIN)
    if error_code and not ERROR_CODE_RE.match(error_code):
        raise ErrorCodeInvalid()
    return title, description, error_code


def _classification(
    version_id: int, subcategory_id: int, application_id: int | None
) -> tuple[ApplicationVersion, SubCategory]:
    version = (
        ApplicationVersion.objects.select_related("application__directorate")
        .filter(pk=version_id, active=True, application__active=True)
        .first()
    )
    if version is None or (application_id is not None and version.application_id != application_id):
        raise VersionNotInApplication()
    subcategory = (
        SubCategory.objects.select_related("category", "default_priority")
        .filter(pk=subcategory_id, active=True, category__active=True)
        .first()
    )
    if subcategory is None or subcategory.category.application_id != version.application_id:
        raise SubcategoryNotInApplication()
    return version, subcategory


def filing_digest(fields: dict[str, Any], files: Sequence[UploadedFile]) -> str:
    """A fingerprint of a filing request as sent (files by name and size): the same request
    retried gives the same digest, any other body another."""
    body = {**fields, "files": [(upload.name, upload.size) for upload in files]}
    encoded = json.dumps(body, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _replayed(existing: Ticket, digest: str) -> Ticket:
    """The ticket a retried key already filed — if the retry is the same request. Tickets filed
    before digests were kept (empty digest) are answered as before."""
    if existing.idempotency_digest and existing.idempotency_digest != digest:
        raise IdempotencyKeyReused()
    return existing


def ticket_create(
    *,
    reporter: User,
    title: str,
    version_id: int,
    subcategory_id: int,
    description: str,
    application_id: int | None = None,
    error_code: str = "",
    tender_code: str = "",
    manual_tender: ManualTender | None = None,
    files: Sequence[UploadedFile] = (),
    idempotency_key: UUID | None = None,
) -> Ticket:
    """Create a ticket in BARU in its routed team; a retried key returns the first ticket, the
    key sent again with another body is refused (422)."""
    digest = ""
    if idempotency_key is not None:
        fields = {
            "title": title,
            "version_id": version_id,
            "subcategory_id": subcategory_id,
            "description": description,
            "application_id": application_id,
            "error_code": error_code,
            "tender_code": tender_code,
            "manual_tender": asdict(manual_tender) if manual_tender else None,
        }
        digest = filing_digest(fields, files)
        existing = Ticket.objects.filter(reporter=reporter, idempotency_key=idempotency_key).first()
        if existing is not None:
            return _replayed(existing, digest)
    title, description, error_code = _validate_text(title, description, error_code)
    if reporter.reporter_category_id is None:
        raise ReporterCategoryMissing()
    version, subcategory = _classification(version_id, subcategory_id, application_id)
    application = version.application
    tender = resolve_tender(tender_code=tender_code, manual=manual_tender)
    checked = check_files(files)
    team = first_team_for(reporter=reporter, application=application, category=subcategory.category)
    ticket_type = TicketType.objects.filter(is_default=True).first() or TicketType.objects.first()
    if ticket_type is None:
        raise TicketTypeMissing()

    try:
        with cleanup_on_failure(), transaction.atomic():
            now = timezone.now()
            priority = ticket_priority(subcategory=subcategory, tender=tender, now=now)
            calendar = load_calendar()
            ticket = Ticket.objects.create(
                number=next_ticket_number(
                    category_letter=reporter.reporter_category.letter,  # type: ignore[union-attr]
                    application_letter=application.letter,
                    moment=now,
                ),
                title=title,
                description=description,
                reporter=reporter,
                reporter_category_id=reporter.reporter_category_id,
                reporter_lpse_id=reporter.home_lpse_id,
                application=application,
                version=version,
                category=subcategory.category,
                subcategory=subcategory,
                ticket_type=ticket_type,
                error_code=error_code,
                tender_code=tender.code if tender else "",
                tender_data=tender.to_snapshot() if tender else {},
                priority=priority.level,
                priority_reasons=priority.reasons,
                status=Status.BARU,
                team=team,
                position=team.position_label,
                response_due_at=calendar.add_business_minutes(now, priority.level.response_minutes),
                resolution_due_at=calendar.add_business_minutes(
                    now, priority.level.resolution_minutes
                ),
                idempotency_key=idempotency_key,
                idempotency_digest=digest,
            )
            TicketTeam.objects.create(ticket=ticket, team=team, since=now)
            message = TicketMessage.objects.create(
                ticket=ticket,
                author=reporter,
                side=Side.PELAPOR,
                kind=TicketMessage.Kind.DESCRIPTION,
                body=description,
            )
            store_attachments(
                ticket=ticket,
                message=message,
                uploader=reporter,
                side=Side.PELAPOR,
                uploads=checked,
            )
            event = TicketEvent.objects.create(
                ticket=ticket,
                actor=reporter,
                action=Action.CREATE,
                from_status="",
                to_status=Status.BARU,
                team=team,
                data={"priority": priority.level.code, "reasons": priority.reasons},
            )
            notify_in_transaction(event)
    except IntegrityError:
        # A double submit raced us past the first check: the other request's ticket wins.
        if idempotency_key is not None:
            existing = Ticket.objects.filter(
                reporter=reporter, idempotency_key=idempotency_key
            ).first()
            if existing is not None:
                return _replayed(existing, digest)
        raise
    return ticket
