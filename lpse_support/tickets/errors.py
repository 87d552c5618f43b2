"""Coded errors of ticket actions: wrong state and changed tickets are 409 for the API and
messages (or a 409 page) for the pages; a reused idempotency key is invalid input (422)."""

from lpse_support.core.errors import Conflict, InvalidInput

TICKET_CHANGED = "Tiket telah berubah sejak halaman dibuka."
KEY_REUSED = "Kunci idempotensi sudah dipakai untuk permintaan lain."


class InvalidTransition(Conflict):
    code = "invalid_transition"


class AlreadyTaken(InvalidTransition):
    code = "already_taken"


class AlreadyRated(InvalidTransition):
    code = "already_rated"


class TicketChanged(InvalidTransition):
    """The ticket's revision moved since the form or the client read it."""

    code = "ticket_changed"


class IdempotencyKeyReused(InvalidInput):
    """The key already served another request (action, ticket, actor or body)."""

    code = "idempotency_key_reused"

    # Named as the API client sent it (a header); the pages catch this class and renew the
    # form's hidden key instead of showing the error next to a field.
    def __init__(self, message: str = KEY_REUSED, *, field: str | None = "Idempotency-Key") -> None:
        super().__init__(message, field=field)
