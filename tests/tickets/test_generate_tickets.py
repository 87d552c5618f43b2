"""``manage.py generate_tickets``: bulk-generated tickets obey the same invariants as tickets made
through the services — numbering, routing, the workflow table, the scope rows."""

from __future__ import annotations

import re
from collections import defaultdict
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lpse_support.accounts.models import TeamMembership, User
from lpse_support.demo.generator.generate import DEMO_RUN_SHARE, generate_tickets
from lpse_support.demo.generator.story import (
    EVENT_COLUMNS,
    MESSAGE_COLUMNS,
    RATING_COLUMNS,
    TEAM_COLUMNS,
    TICKET_COLUMNS,
)
from lpse_support.demo.seed import run_seed
from lpse_support.tickets.models import (
    Ticket,
    TicketEvent,
    TicketMessage,
    TicketNumberCounter,
    TicketRating,
    TicketTeam,
)
from lpse_support.tickets.numbering import NUMBER_ZONE, next_ticket_number
from lpse_support.tickets.workflow import TRANSITIONS, Action, Status, target_status

pytestmark = pytest.mark.django_db
COUNT = 300
NUMBER_RE = re.compile(r"^T[A-Z]{2}[0-9]{10,}$")
WORKING = {Status.DIKERJAKAN, Status.MENUNGGU_FEEDBACK, Status.MENUNGGU_KONFIRMASI}


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def generated() -> None:
    run_seed()
    # 30 days: about half the tickets are recent, so every open status shows up in 300.
    generate_tickets(count=COUNT, seed=7, days=30, reporters=200, batch_size=120)


def _columns(model: Any, *, skip_id: bool) -> set[str]:
    return {f.column for f in model._meta.concrete_fields if not (skip_id and f.column == "id")}


def test_column_lists_match_the_models() -> None:
    assert set(TICKET_COLUMNS) == _columns(Ticket, skip_id=False)
    assert set(TEAM_COLUMNS) == _columns(TicketTeam, skip_id=True)
    assert set(EVENT_COLUMNS) == _columns(TicketEvent, skip_id=True)
    assert set(MESSAGE_COLUMNS) == _columns(TicketMessage, skip_id=True)
    assert set(RATING_COLUMNS) == _columns(TicketRating, skip_id=False)


def test_revisions_count_the_changes_of_state_as_the_services_do(generated: None) -> None:
    """A generated ticket's revision is 1 + its events that change the ticket row, as
    ``Acting.save`` would have left it (action forms and If-Match compare against it)."""
    changes: dict[int, int] = defaultdict(int)
    unversioned = {Action.CREATE, Action.RATE, Action.COMMENT, Action.INTERNAL_NOTE}
    for ticket_id, action in TicketEvent.objects.values_list("ticket_id", "action"):
        if action not in unversioned:
            changes[ticket_id] += 1
    revisions = dict(Ticket.objects.values_list("pk", "revision"))
    assert revisions == {pk: 1 + changes[pk] for pk in revisions}
    assert max(revisions.values()) > 2


def test_without_master_data_the_command_says_to_seed_first() -> None:
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("generate_tickets", "--count", "5", stdout=StringIO())
    assert not Ticket.objects.exists()


def test_counts_statuses_and_generated_people(generated: None) -> None:
    assert Ticket.objects.count() == COUNT
    assert set(Ticket.objects.values_list("status", flat=True)) == set(Status.values)
    assert User.objects.filter(username__startswith="gen_pelapor_").count() == 200
    assert not any(
        u.has_usable_password() for u in User.objects.filter(username__startswith="gen_")
    )
    # every ticket has its description, its create event and a scope row for its current team
    assert TicketMessage.objects.filter(kind="description").count() == COUNT
    assert TicketEvent.objects.filter(action=Action.CREATE).count() == COUNT
    for ticket in Ticket.objects.all():
        assert TicketTeam.objects.filter(ticket=ticket, team_id=ticket.team_id).exists()
    assert TicketEvent.objects.count() > 2 * COUNT
    assert TicketRating.objects.exists()


def test_assignees_and_positions_fit_the_status(generated: None) -> None:
    members = set(TeamMembership.objects.values_list("team_id", "user_id"))
    now = timezone.now()
    for ticket in Ticket.objects.select_related("team", "feedback_team"):
        if ticket.status == Status.BARU:
            assert ticket.assignee_id is None
            assert ticket.position == ticket.team.position_label
        if ticket.status in WORKING:
            assert ticket.assignee_id is not None
            assert (ticket.team_id, ticket.assignee_id) in members
            assert ticket.first_response_at is not None
        if ticket.status == Status.MENUNGGU_KONFIRMASI:
            assert ticket.position == "Pelapor"
            assert ticket.resolved_at is not None
        if ticket.status in {Status.SELESAI, Status.DITUTUP}:
            assert ticket.done_at is not None
            assert ticket.created_at <= ticket.done_at <= now
            assert ticket.position == ("Selesai" if ticket.status == Status.SELESAI else "Ditutup")
        else:
            assert ticket.done_at is None
        assert ticket.response_due_at > ticket.created_at
        assert ticket.resolution_due_at >= ticket.response_due_at
        assert ticket.created_at <= now


def test_events_chain_from_create_to_the_current_status(generated: None) -> None:
    chains: dict[int, list[TicketEvent]] = defaultdict(list)
    for event in TicketEvent.objects.order_by("ticket_id", "created_at", "id"):
        chains[event.ticket_id].append(event)
    statuses = dict(Ticket.objects.values_list("pk", "status"))
    reporters = dict(Ticket.objects.values_list("pk", "reporter_id"))
    assert set(chains) == set(statuses)
    for ticket_id, chain in chains.items():
        first, *rest = chain
        assert (first.action, first.from_status, first.to_status) == ("create", "", "BARU")
        assert first.actor_id == reporters[ticket_id]
        current = Status.BARU
        for event in rest:
            action = Action(event.action)
            assert event.from_status == current
            assert current in TRANSITIONS[action].from_statuses, (ticket_id, action, current)
            assert event.to_status == target_status(action, current)
            if action in {Action.CONFIRM, Action.REJECT, Action.CLOSE, Action.RATE}:
                assert event.actor_id == reporters[ticket_id]
            if action == Action.AUTO_CONFIRM:
                assert event.actor_id is None
            current = Status(event.to_status)
        assert current == statuses[ticket_id]


def test_ratings_belong_to_done_tickets_and_fit_the_stars(generated: None) -> None:
    for rating in TicketRating.objects.select_related("ticket").prefetch_related("chips"):
        assert rating.ticket.status in {Status.SELESAI, Status.DITUTUP}
        assert rating.rated_by_id == rating.ticket.reporter_id
        assert all(chip.allows(rating.stars) for chip in rating.chips.all())


def _numbers_are_valid() -> None:
    numbers = list(Ticket.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))
    for ticket in Ticket.objects.select_related("reporter_category", "application"):
        assert NUMBER_RE.match(ticket.number)
        prefix = f"T{ticket.reporter_category.letter}{ticket.application.letter}"
        assert ticket.number.startswith(prefix)
        day = ticket.created_at.astimezone(NUMBER_ZONE).date()
        assert ticket.number[3:9] == f"{day:%y%m%d}"
        counter = TicketNumberCounter.objects.get(prefix=prefix, day=day)
        assert int(ticket.number[9:]) <= counter.last_value


def test_numbers_are_unique_valid_and_the_counter_continues(generated: None) -> None:
    _numbers_are_valid()
    ticket = Ticket.objects.select_related("reporter_category", "application").latest("created_at")
    with transaction.atomic():
        issued = next_ticket_number(
            category_letter=ticket.reporter_category.letter,
            application_letter=ticket.application.letter,
            moment=ticket.created_at,
        )
    assert not Ticket.objects.filter(number=issued).exists()


def test_a_second_run_adds_more_without_collisions(generated: None) -> None:
    out = StringIO()
    call_command(
        "generate_tickets", "--count", str(COUNT), "--seed", "7", "--days", "30",
        "--reporters", "200", stdout=out,
    )  # fmt: skip
    assert Ticket.objects.count() == 2 * COUNT
    assert f"{COUNT:,} tiket dibuat" in out.getvalue()
    assert User.objects.filter(username__startswith="gen_pelapor_").count() == 200
    _numbers_are_valid()


def test_if_empty_leaves_existing_tickets_alone(generated: None) -> None:
    out = StringIO()
    call_command("generate_tickets", "--count", "5", "--if-empty", stdout=out)
    assert Ticket.objects.count() == COUNT
    assert "dilewati" in out.getvalue()


def test_the_make_run_demo_gives_every_demo_lpse_team_work_to_do() -> None:
    # Issue 17 item 9: with the bulk share the demo LPSE helpdesk had one open ticket of 600.
    run_seed()
    generate_tickets(count=600, days=120, reporters=150, seed=2026, demo_share=DEMO_RUN_SHARE)
    open_ = ~Q(status__in=[Status.SELESAI, Status.DITUTUP])
    helpdesk = User.objects.get(username="helpdesk_lpse1")
    queue = Ticket.objects.filter(open_, team__in=helpdesk.teams.all()).count()
    own = Ticket.objects.filter(open_, reporter__username__in=["ppk1", "penyedia1"]).count()
    assert queue >= 4 and own >= 6, (queue, own)
    with pytest.raises(ValueError):
        generate_tickets(count=1, demo_share=0.5)
