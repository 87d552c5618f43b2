"""Selesaikan Masalah, then the reporter's answer: confirm (Ya, Sudah Selesai), reject (Masalah
Belum Terselesaikan, back to the resolver), or silence — auto-confirmed after N days."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.tickets.errors import RESOLUTION_RECENT, InvalidTransition, TicketChanged
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services._base import (
    acting_on,
    check_files,
    clean_message,
    person,
)
from lpse_support.tickets.services.ticket_release import ticket_release, unheld_tickets
from lpse_support.tickets.workflow import Action, Status

logger = logging.getLogger("lpse_support.tickets")


def ticket_resolve(
    *,
    ticket_number: str,
    actor: ViewerOrUser | None,
    message: str,
    files: Sequence[UploadedFile] = (),
    idempotency_key: UUID | None = None,
    expected_revision: int | None = None,
) -> Ticket:
    text = clean_message(message)
    checked = check_files(files)
    with acting_on(
        ticket_number=ticket_number,
        actor=actor,
        action=Action.RESOLVE,
        idempotency_key=idempotency_key,
        expected_revision=expected_revision,
    ) as acting:
        if acting is None:
            return Ticket.objects.get(number=ticket_number)
        acting.add_message(text, checked)
        applied = acting.apply()
        acting.save(*applied.fields)
        acting.record(applied.data, key=idempotency_key)
        return acting.ticket


def ticket_confirm(
    *,
    ticket_number: str,
    actor: ViewerOrUser | None,
    idempotency_key: UUID | None = None,
    expected_revision: int | None = None,
) -> Ticket:
    with acting_on(
        ticket_number=ticket_number,
        actor=actor,
        action=Action.CONFIRM,
        idempotency_key=idempotency_key,
        expected_revision=expected_revision,
    ) as acting:
        if acting is None:
            return Ticket.objects.get(number=ticket_number)
        applied = acting.apply()
        acting.save(*applied.fields)
        acting.system_line(f"Penyelesaian dikonfirmasi oleh {person(acting.user)}.")
        acting.record(applied.data, key=idempotency_key)
        return acting.ticket


def ticket_reject(
    *,
    ticket_number: str,
    actor: ViewerOrUser | None,
    message: str,
    files: Sequence[UploadedFile] = (),
    idempotency_key: UUID | None = None,
    expected_revision: int | None = None,
) -> Ticket:
    """Back to DIKERJAKAN with the resolver as assignee; reopen count +1. A resolver who may no
    longer hold the ticket (left its team since) does not get it back: the system releases it to
    the team's queue right after, in the same request (``ticket_release``)."""
    text = clean_message(message, field_name="message")
    checked = check_files(files)
    with acting_on(
        ticket_number=ticket_number,
        actor=actor,
        action=Action.REJECT,
        idempotency_key=idempotency_key,
        expected_revision=expected_revision,
    ) as acting:
        if acting is None:
            return Ticket.objects.get(number=ticket_number)
        ticket = acting.ticket
        acting.add_message(text, checked)
        applied = acting.apply()
        acting.save(*applied.fields)
        acting.record(applied.data, key=idempotency_key)
        # The resolver may have left the team while the reporter was deciding: then the
        # reopened ticket goes to the team's queue, not back to them — the system's own event,
        # in the same transaction.
        if unheld_tickets().filter(pk=ticket.pk).exists():
            return ticket_release(ticket_number=ticket_number) or ticket
        return ticket


def ticket_auto_confirm(
    *,
    ticket_number: str,
    expected_revision: int | None = None,
    resolved_before: datetime | None = None,
) -> Ticket:
    """The system confirms a resolution the reporter left unanswered (actor: none).
    ``resolved_before``: the latest resolution must be that old, read under the lock — a ticket
    rejected and resolved again since it was listed has a new clock."""
    with acting_on(
        ticket_number=ticket_number,
        actor=None,
        action=Action.AUTO_CONFIRM,
        expected_revision=expected_revision,
    ) as acting:
        assert acting is not None
        resolved_at = acting.ticket.resolved_at
        if resolved_before is not None and (resolved_at is None or resolved_at > resolved_before):
            raise TicketChanged(reason=RESOLUTION_RECENT)
        days = settings.LPSE_SUPPORT["AUTO_CONFIRM_DAYS"]
        applied = acting.apply(days=days)
        acting.save(*applied.fields)
        acting.system_line(
            f"Tiket dikonfirmasi otomatis: tidak ada jawaban pelapor dalam {days} hari."
        )
        acting.record(applied.data)
        return acting.ticket


def auto_confirm_due(*, now: datetime | None = None) -> list[str]:
    """Confirm every ticket whose latest resolution is more than AUTO_CONFIRM_DAYS old and still
    unanswered; return their numbers. Each ticket is its own transaction and is confirmed only
    if it is still the ticket that was listed (same revision, resolution still old enough): one
    that changed meanwhile — rejected, re-resolved, closed — is skipped, and the run goes on."""
    days: int = settings.LPSE_SUPPORT["AUTO_CONFIRM_DAYS"]
    cutoff = (now or timezone.now()) - timedelta(days=days)
    listed = list(
        Ticket.objects.filter(status=Status.MENUNGGU_KONFIRMASI, resolved_at__lte=cutoff)
        .order_by("resolved_at", "pk")
        .values_list("number", "revision")
    )
    done = []
    for number, revision in listed:
        try:
            ticket_auto_confirm(
                ticket_number=number, expected_revision=revision, resolved_before=cutoff
            )
        except InvalidTransition as exc:  # changed since listed (TicketChanged) or no longer due
            logger.info("Konfirmasi otomatis %s dilewati: %s", number, exc.message)
            continue
        done.append(number)
    return done
