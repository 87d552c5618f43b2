"""Penilaian: the reporter rates a finished ticket once, with chips that fit the stars."""

from __future__ import annotations

import uuid

import pytest

from lpse_support.catalog.models import RatingChip
from lpse_support.core.errors import InvalidInput
from lpse_support.tickets.errors import AlreadyRated, InvalidTransition
from lpse_support.tickets.models import Ticket, TicketEvent, TicketRating
from lpse_support.tickets.parties import allowed_actions
from lpse_support.tickets.services.ticket_rate import ticket_rate
from lpse_support.tickets.workflow import Action, Status
from tests.support.drive import drive_to, last_event, snapshot
from tests.support.flow import Flow


@pytest.fixture
def chips() -> dict[str, RatingChip]:
    return {
        "good": RatingChip.objects.create(label="Kecepatan penanganan", min_stars=4, max_stars=5),
        "bad": RatingChip.objects.create(label="Respons lambat", min_stars=1, max_stars=3),
        "off": RatingChip.objects.create(
            label="Tidak dipakai", min_stars=1, max_stars=5, active=False
        ),
    }


@pytest.mark.parametrize("status", [Status.SELESAI, Status.DITUTUP], ids=str)
def test_rating_once_by_the_reporter(
    flow: Flow, chips: dict[str, RatingChip], status: Status
) -> None:
    w = flow.world
    ticket = drive_to(w, status)
    assert Action.RATE in allowed_actions(ticket, w.reporter_a)
    with pytest.raises(InvalidTransition):
        ticket_rate(ticket_number=ticket.number, actor=w.staff_lpse, stars=5)
    ticket_rate(
        ticket_number=ticket.number,
        actor=w.reporter_a,
        stars=5,
        chip_ids=[chips["good"].pk],
        message="  Terima kasih  ",
    )
    after = Ticket.objects.get(pk=ticket.pk)
    assert after.status == status
    rating = TicketRating.objects.get(ticket=after)
    assert (rating.stars, rating.rated_by, rating.message) == (5, w.reporter_a, "Terima kasih")
    assert list(rating.chips.all()) == [chips["good"]]
    event = last_event(after)
    assert (event.action, event.from_status, event.to_status) == (Action.RATE, status, status)
    assert event.data == {"stars": 5, "chips": [chips["good"].pk]}
    assert Action.RATE not in allowed_actions(after, w.reporter_a)
    before = snapshot(ticket.number)
    with pytest.raises(AlreadyRated):
        ticket_rate(ticket_number=ticket.number, actor=w.reporter_a, stars=1)
    assert snapshot(ticket.number) == before


def test_rating_chips_must_fit_the_stars(flow: Flow, chips: dict[str, RatingChip]) -> None:
    w = flow.world
    ticket = drive_to(w, Status.SELESAI)
    before = snapshot(ticket.number)
    for stars, chip in ((5, "bad"), (2, "good"), (3, "off")):
        with pytest.raises(InvalidInput) as refused:
            ticket_rate(
                ticket_number=ticket.number,
                actor=w.reporter_a,
                stars=stars,
                chip_ids=[chips[chip].pk],
            )
        assert refused.value.field == "chips"
    with pytest.raises(InvalidInput) as refused:
        ticket_rate(ticket_number=ticket.number, actor=w.reporter_a, stars=2, chip_ids=[10**9])
    assert refused.value.field == "chips"
    for stars in (0, 6, -1):
        with pytest.raises(InvalidInput) as refused:
            ticket_rate(ticket_number=ticket.number, actor=w.reporter_a, stars=stars)
        assert refused.value.field == "stars"
    assert snapshot(ticket.number) == before
    ticket_rate(
        ticket_number=ticket.number, actor=w.reporter_a, stars=2, chip_ids=[chips["bad"].pk]
    )
    assert TicketRating.objects.get(ticket=ticket).stars == 2


def test_rating_an_open_ticket_is_refused(flow: Flow, chips: dict[str, RatingChip]) -> None:
    w = flow.world
    for status in (Status.DIKERJAKAN, Status.MENUNGGU_KONFIRMASI):
        ticket = drive_to(w, status)
        before = snapshot(ticket.number)
        with pytest.raises(InvalidTransition):
            ticket_rate(ticket_number=ticket.number, actor=w.reporter_a, stars=4)
        assert snapshot(ticket.number) == before


def test_rating_twice_with_the_same_key_is_one_rating(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.SELESAI)
    key = uuid.uuid4()
    for _ in range(2):
        ticket_rate(ticket_number=ticket.number, actor=w.reporter_a, stars=4, idempotency_key=key)
    assert TicketRating.objects.filter(ticket=ticket).count() == 1
    assert TicketEvent.objects.filter(ticket=ticket, action=Action.RATE).count() == 1
