from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from django.core.files.uploadedfile import UploadedFile

from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services._base import acting_on, check_files, clean_message
from lpse_support.tickets.workflow import Action


def ticket_comment(
    *,
    ticket_number: str,
    actor: ViewerOrUser | None,
    message: str,
    internal: bool = False,
    files: Sequence[UploadedFile] = (),
    idempotency_key: UUID | None = None,
    expected_revision: int | None = None,
) -> Ticket:
    """A message in the Diskusi by any party; ``internal`` notes are staff-only and never shown
    to the reporter. A message changes no state, so it raises no revision, and the page's
    comment form sends none: a reply written while the ticket moved is still a valid reply
    (it lands after the change in the timeline). ``expected_revision`` is checked only when a
    client asks for it (the API's ``If-Match``)."""
    text = clean_message(message, minimum=1)
    checked = check_files(files)
    action = Action.INTERNAL_NOTE if internal else Action.COMMENT
    with acting_on(
        ticket_number=ticket_number,
        actor=actor,
        action=action,
        idempotency_key=idempotency_key,
        expected_revision=expected_revision,
    ) as acting:
        if acting is None:
            return Ticket.objects.get(number=ticket_number)
        message_row = acting.add_message(text, checked, internal=internal)
        acting.record({"message_id": message_row.pk}, key=idempotency_key)
        return acting.ticket
