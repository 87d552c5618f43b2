"""Tutup Tiket, Penilaian and the Diskusi (comments and internal notes)."""

from __future__ import annotations

import uuid

import pytest

from lpse_support.catalog.models import RatingChip
from lpse_support.core.errors import InvalidInput, NotFound
from lpse_support.tickets.errors import AlreadyRated, InvalidTransition
from lpse_support.tickets.models import Ticket, TicketEvent, TicketMessage, TicketRating
from lpse_support.tickets.parties import allowed_actions
from lpse_support.tickets.services.ticket_close import ticket_force_close
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_rate import ticket_rate
from lpse_support.tickets.workflow import OPEN_STATUSES, Action, Side, Status
from tests.tickets.conftest import sample_upload
from tests.tickets.workflow.conftest import Flow
from tests.tickets.workflow.helpers import MSG, drive_escalated, drive_to, last_event, snapshot


@pytest.mark.parametrize("status", sorted(OPEN_STATUSES), ids=str)
def test_reporter_closes_from_any_open_status(flow: Flow, status: Status) -> None:
    w = flow.world
    ticket = drive_to(w, status)
    ticket_force_close(ticket_number=ticket.number, actor=w.reporter_a, reason="Sudah teratasi")
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.status, after.position) == (Status.DITUTUP, "Ditutup")
    assert after.done_at is not None
    assert after.assignee_id == ticket.assignee_id and after.team_id == ticket.team_id
    event = last_event(after)
    assert (event.actor, event.action, event.from_status, event.to_status) == (
        w.reporter_a,
        Action.CLOSE,
        status,
        Status.DITUTUP,
    )
    assert event.data == {"reason": "Sudah teratasi"}
    line = after.messages.order_by("-id").first()
    assert line is not None and line.kind == "system"
    assert line.body.endswith("Alasan: Sudah teratasi")


def test_only_the_reporter_closes_and_only_once(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.DIKERJAKAN)
    before = snapshot(ticket.number)
    with pytest.raises(InvalidTransition):
        ticket_force_close(ticket_number=ticket.number, actor=w.staff_lpse)
    with pytest.raises(NotFound):
        ticket_force_close(ticket_number=ticket.number, actor=w.reporter_b)
    assert snapshot(ticket.number) == before
    ticket_force_close(ticket_number=ticket.number, actor=w.reporter_a)
    closed = snapshot(ticket.number)
    with pytest.raises(InvalidTransition):
        ticket_force_close(ticket_number=ticket.number, actor=w.reporter_a)
    assert snapshot(ticket.number) == closed


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


def test_comments_and_internal_notes(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.DIKERJAKAN)
    ticket_comment(
        ticket_number=ticket.number,
        actor=w.reporter_a,
        message="Ada kabar?",
        files=[sample_upload("catatan.txt")],
    )
    ticket_comment(ticket_number=ticket.number, actor=flow.staff_lpse_2, message="Sedang dicek.")
    ticket_comment(
        ticket_number=ticket.number,
        actor=w.staff_lpse,
        message="Kemungkinan masalah jadwal.",
        internal=True,
    )
    rows = list(TicketMessage.objects.filter(ticket=ticket, kind="message").order_by("id"))
    assert [(m.author, m.side, m.is_internal) for m in rows] == [
        (w.reporter_a, Side.PELAPOR, False),
        (flow.staff_lpse_2, Side.LPSE, False),
        (w.staff_lpse, Side.LPSE, True),
    ]
    assert rows[0].attachments.get().stored_name == f"pelapor_{ticket.number}_001.txt"
    actions = list(
        TicketEvent.objects.filter(ticket=ticket)
        .order_by("-id")
        .values_list("action", "from_status", "to_status")[:3]
    )
    assert actions == [
        (Action.INTERNAL_NOTE, Status.DIKERJAKAN, Status.DIKERJAKAN),
        (Action.COMMENT, Status.DIKERJAKAN, Status.DIKERJAKAN),
        (Action.COMMENT, Status.DIKERJAKAN, Status.DIKERJAKAN),
    ]
    assert Ticket.objects.get(pk=ticket.pk).status == Status.DIKERJAKAN


def test_comment_refusals_write_nothing(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.DIKERJAKAN)
    before = snapshot(ticket.number)
    with pytest.raises(InvalidTransition):  # reporters never write internal notes
        ticket_comment(ticket_number=ticket.number, actor=w.reporter_a, message=MSG, internal=True)
    with pytest.raises(NotFound):
        ticket_comment(ticket_number=ticket.number, actor=w.staff_other_lpse, message=MSG)
    with pytest.raises(InvalidInput) as refused:
        ticket_comment(ticket_number=ticket.number, actor=w.reporter_a, message="   ")
    assert refused.value.field == "message"
    assert snapshot(ticket.number) == before
    done = drive_to(w, Status.SELESAI)
    before = snapshot(done.number)
    with pytest.raises(InvalidTransition):
        ticket_comment(ticket_number=done.number, actor=w.reporter_a, message=MSG)
    assert snapshot(done.number) == before


def test_previous_team_keeps_a_voice_after_escalation(flow: Flow) -> None:
    w = flow.world
    ticket = drive_escalated(w, w.helpdesk_lkpp)
    ticket_comment(ticket_number=ticket.number, actor=flow.staff_lpse_2, message=MSG, internal=True)
    note = TicketMessage.objects.filter(ticket=ticket).order_by("-id").first()
    assert note is not None and (note.side, note.is_internal) == (Side.LPSE, True)
    ticket_comment(ticket_number=ticket.number, actor=w.helpdesk_lkpp, message=MSG)
    note = TicketMessage.objects.filter(ticket=ticket).order_by("-id").first()
    assert note is not None and note.side == Side.LKPP


def test_closing_while_the_reporter_is_asked_ends_the_wait(flow: Flow) -> None:
    w = flow.world
    ticket = drive_to(w, Status.MENUNGGU_FEEDBACK)
    assert Ticket.objects.get(pk=ticket.pk).waiting_since is not None
    ticket_force_close(ticket_number=ticket.number, actor=w.reporter_a)
    after = Ticket.objects.get(pk=ticket.pk)
    assert after.status == Status.DITUTUP
    assert (after.feedback_from, after.feedback_team, after.waiting_since) == ("", None, None)
    assert after.position == "Ditutup"
