from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from lpse_support.accounts.viewer import ViewerOrUser
from lpse_support.catalog.models import RatingChip
from lpse_support.tickets.errors import AlreadyRated, RatingChipsMismatch, StarsOutOfRange
from lpse_support.tickets.models import Ticket, TicketRating
from lpse_support.tickets.services._base import acting_on
from lpse_support.tickets.workflow import Action


def ticket_rate(
    *,
    ticket_number: str,
    actor: ViewerOrUser | None,
    stars: int,
    chip_ids: Sequence[int] = (),
    message: str = "",
    idempotency_key: UUID | None = None,
    expected_revision: int | None = None,
) -> Ticket:
    """Penilaian (R-RATE): once, by the reporter, on a done ticket; chips must fit the stars."""
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise StarsOutOfRange()
    with acting_on(
        ticket_number=ticket_number,
        actor=actor,
        action=Action.RATE,
        idempotency_key=idempotency_key,
        expected_revision=expected_revision,
    ) as acting:
        if acting is None:
            return Ticket.objects.get(number=ticket_number)
        ticket = acting.ticket
        if TicketRating.objects.filter(ticket=ticket).exists():
            raise AlreadyRated()
        chips = list(RatingChip.objects.filter(pk__in=set(chip_ids), active=True))
        if len(chips) != len(set(chip_ids)) or any(not chip.allows(stars) for chip in chips):
            raise RatingChipsMismatch()
        rating = TicketRating.objects.create(
            ticket=ticket, rated_by=acting.user, stars=stars, message=(message or "").strip()
        )
        rating.chips.set(chips)
        applied = acting.apply(stars=stars, chip_ids=[chip.pk for chip in chips])
        acting.record(applied.data, key=idempotency_key)
        return ticket
