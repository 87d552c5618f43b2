from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from django.core.files.uploadedfile import UploadedFile

from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.catalog.business_time import load_calendar
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
        if from_party == FeedbackFrom.TEAM:
            if ticket.previous_team is None:
                raise NoPreviousTeam()
            ticket.feedback_from = FeedbackFrom.TEAM
            ticket.feedback_team = ticket.previous_team
            ticket.waiting_since = None
            asked = ticket.previous_team.name
        elif from_party == FeedbackFrom.REPORTER:
            ticket.feedback_from = FeedbackFrom.REPORTER
            ticket.feedback_team = None
            ticket.waiting_since = acting.now
            asked = "Pelapor"
        else:
            raise FeedbackPartyRequired()
        acting.save("feedback_from", "feedback_team", "waiting_since")
        acting.add_message(text, checked)
        acting.record({"asked": asked}, key=idempotency_key)
        return ticket


def end_feedback_wait(ticket: Ticket, now: datetime) -> list[str]:
    """The question is answered or withdrawn: nobody is asked any more, and a pause of the SLA
    clock while the reporter was asked ends now — the resolution target moves by the business
    minutes it lasted. Returns the fields to save."""
    fields = ["feedback_from", "feedback_team", "waiting_since"]
    if ticket.waiting_since is not None:
        calendar = load_calendar()
        paused = calendar.business_minutes_between(ticket.waiting_since, now)
        ticket.sla_paused_minutes += paused
        ticket.resolution_due_at = calendar.add_business_minutes(ticket.resolution_due_at, paused)
        fields += ["sla_paused_minutes", "resolution_due_at"]
    ticket.feedback_from = ""
    ticket.feedback_team = None
    ticket.waiting_since = None
    return fields


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
        ticket = acting.ticket
        acting.add_message(text, checked)
        fields = end_feedback_wait(ticket, acting.now)
        acting.save(*fields)
        acting.record(key=idempotency_key)
        return ticket
