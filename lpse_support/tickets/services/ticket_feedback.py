from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from django.core.files.uploadedfile import UploadedFile

from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.tickets.errors import FeedbackPartyRequired, NoPreviousTeam
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services._base import acting_on, check_files, clean_message
from lpse_support.tickets.workflow import Action, FeedbackFrom


def ticket_request_feedback(
    *,
    ticket_number: str,
    actor: ViewerOrUser | None,
    message: str,
    from_party: str = FeedbackFrom.REPORTER,
    files: Sequence[UploadedFile] = (),
    idempotency_key: UUID | None = None,
    expected_revision: int | None = None,
) -> Ticket:
    """Butuh Feedback: ask the reporter, or the lower tier that escalated the ticket. While the
    reporter is asked, the SLA clock stops."""
    text = clean_message(message)
    checked = check_files(files)
    with acting_on(
        ticket_number=ticket_number,
        actor=actor,
        action=Action.REQUEST_FEEDBACK,
        idempotency_key=idempotency_key,
        expected_revision=expected_revision,
    ) as acting:
        if acting is None:
            return Ticket.objects.get(number=ticket_number)
        ticket = acting.ticket
        if from_party == FeedbackFrom.TEAM and ticket.previous_team is None:
            raise NoPreviousTeam()
        if from_party not in (FeedbackFrom.TEAM, FeedbackFrom.REPORTER):
            raise FeedbackPartyRequired()
        applied = acting.apply(asked=from_party)
        acting.save(*applied.fields)
        acting.add_message(text, checked)
        acting.record(applied.data, key=idempotency_key)
        return ticket


def ticket_give_feedback(
    *,
    ticket_number: str,
    actor: ViewerOrUser | None,
    message: str,
    files: Sequence[UploadedFile] = (),
    idempotency_key: UUID | None = None,
    expected_revision: int | None = None,
) -> Ticket:
    """Beri Feedback: the one asked answers; the ticket goes back to its assignee."""
    text = clean_message(message)
    checked = check_files(files)
    with acting_on(
        ticket_number=ticket_number,
        actor=actor,
        action=Action.GIVE_FEEDBACK,
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
