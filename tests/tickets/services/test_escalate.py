"""Eskalasi Tiket: the target of every tier (SPEC §4, parties.escalation_targets), the state
and event after, the target required when several, invalid targets refused, refusals write
nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from lpse_support.accounts.models import Directorate, Team, TeamKind, User
from lpse_support.catalog.models import CategoryKind, SubCategory
from lpse_support.core.errors import InvalidInput
from lpse_support.tickets.access import tickets_visible_to
from lpse_support.tickets.errors import InvalidTransition
from lpse_support.tickets.models import Ticket, TicketAttachment, TicketEvent, TicketTeam
from lpse_support.tickets.parties import escalation_targets
from lpse_support.tickets.services.ticket_escalate import ticket_escalate
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, Side, Status
from tests.support.drive import MSG, SHORT, drive_to, last_event, snapshot
from tests.support.factories import (
    CategoryFactory,
    DirectorateFactory,
    SubCategoryFactory,
    TeamFactory,
    UserFactory,
)
from tests.support.flow import Flow
from tests.support.ticket_world import make_ticket
from tests.support.uploads import sample_upload


@dataclass
class Tiers:
    teknis: Team
    non_teknis: Team
    user_teknis: User
    user_non_teknis: User
    non_teknis_subcategory: SubCategory
    dir_b: Directorate
    t3_b: Team
    user_t3_b: User
    t3_c: Team


def _staff(username: str, flow: Flow) -> User:
    return UserFactory.create(
        username=username, reporter_category=flow.world.category_ppk, home_lpse=None
    )


@pytest.fixture
def tiers(flow: Flow) -> Tiers:
    """Tier-2 Teknis and Non-Teknis teams beside the general LKPP team, and tier-3 teams in two
    other directorates."""
    w = flow.world
    user_teknis, user_non = _staff("hd_teknis", flow), _staff("hd_nonteknis", flow)
    teknis = TeamFactory.create(
        name="Helpdesk Teknis LKPP",
        tier=2,
        kind=TeamKind.TEKNIS,
        lpse=None,
        directorate=w.directorate,
        position_label="Helpdesk Teknis",
        members=[user_teknis],
    )
    non_teknis = TeamFactory.create(
        name="Helpdesk Non-Teknis LKPP",
        tier=2,
        kind=TeamKind.NON_TEKNIS,
        lpse=None,
        directorate=w.directorate,
        position_label="Helpdesk Non-Teknis",
        members=[user_non],
    )
    category = CategoryFactory.create(
        application=w.spse, name="Akun & Hak Akses", kind=CategoryKind.NON_TEKNIS
    )
    subcategory = SubCategoryFactory.create(
        category=category, name="Lupa kata sandi", default_priority=w.priorities["minor"]
    )
    dir_b = DirectorateFactory.create(name="Direktorat Katalog")
    dir_c = DirectorateFactory.create(name="Direktorat Monev")
    user_t3_b = _staff("timteknis_katalog", flow)
    t3_b = TeamFactory.create(
        name="Tim Teknis Katalog",
        tier=3,
        lpse=None,
        directorate=dir_b,
        position_label="Tim Teknis Katalog",
        members=[user_t3_b],
    )
    t3_c = TeamFactory.create(
        name="Tim Teknis Monev",
        tier=3,
        lpse=None,
        directorate=dir_c,
        position_label="Tim Teknis Monev",
        members=[_staff("timteknis_monev", flow)],
    )
    return Tiers(
        teknis, non_teknis, user_teknis, user_non, subcategory, dir_b, t3_b, user_t3_b, t3_c
    )


def test_tier1_teknis_category_goes_to_tier2_teknis(flow: Flow, tiers: Tiers) -> None:
    w = flow.world
    ticket = drive_to(w, Status.DIKERJAKAN)
    assert escalation_targets(ticket) == [tiers.teknis]
    ticket_escalate(
        ticket_number=ticket.number,
        actor=w.staff_lpse,
        message=MSG,
        files=[sample_upload("galat.png")],
    )
    after = Ticket.objects.get(pk=ticket.pk)
    assert after.status == Status.BARU
    assert (after.team, after.assignee, after.previous_team) == (tiers.teknis, None, w.team_lpse)
    assert after.position == "Helpdesk Teknis"
    assert (after.feedback_from, after.feedback_team) == ("", None)
    assert set(TicketTeam.objects.filter(ticket=after).values_list("team", flat=True)) == {
        w.team_lpse.pk,
        tiers.teknis.pk,
    }
    event = last_event(after)
    assert (event.actor, event.action, event.from_status, event.to_status) == (
        w.staff_lpse,
        Action.ESCALATE,
        Status.DIKERJAKAN,
        Status.BARU,
    )
    assert (event.team, event.assignee) == (tiers.teknis, None)
    assert event.data == {"from_team": w.team_lpse.pk, "to_team": tiers.teknis.pk}
    attachment = TicketAttachment.objects.get(ticket=after)
    assert attachment.stored_name == f"lpse_{ticket.number}_001.png"
    assert attachment.message is not None and attachment.message.side == Side.LPSE
    # The escalating LPSE still sees the ticket; the new team sees it; others do not.
    assert tickets_visible_to(w.staff_lpse).filter(pk=ticket.pk).exists()
    assert tickets_visible_to(tiers.user_teknis).filter(pk=ticket.pk).exists()
    assert not tickets_visible_to(tiers.user_non_teknis).filter(pk=ticket.pk).exists()


def test_tier1_non_teknis_category_goes_to_tier2_non_teknis(flow: Flow, tiers: Tiers) -> None:
    w = flow.world
    ticket = make_ticket(w, subcategory_id=tiers.non_teknis_subcategory.pk)
    ticket_take(ticket_number=ticket.number, actor=w.staff_lpse)
    ticket_escalate(ticket_number=ticket.number, actor=w.staff_lpse, message=MSG)
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.team, after.position) == (tiers.non_teknis, "Helpdesk Non-Teknis")


def _at(flow: Flow, team: Team, user: User, subcategory: SubCategory | None = None) -> Ticket:
    """A DIKERJAKAN ticket escalated up to ``team`` and taken there by ``user``."""
    w = flow.world
    extra: dict[str, Any] = {"subcategory_id": subcategory.pk} if subcategory else {}
    ticket = make_ticket(w, **extra)
    ticket_take(ticket_number=ticket.number, actor=w.staff_lpse)
    current = Ticket.objects.get(pk=ticket.pk)
    while current.team != team:
        targets = escalation_targets(current)
        ordered = [t for t in targets if t == team] or targets
        ticket_escalate(
            ticket_number=ticket.number,
            actor=current.assignee,
            message=MSG,
            target_team_id=ordered[0].pk,
        )
        current = Ticket.objects.get(pk=ticket.pk)
        ticket_take(ticket_number=ticket.number, actor=current.team.members.first())
        current = Ticket.objects.get(pk=ticket.pk)
    if current.assignee != user:
        raise AssertionError("the route did not reach the wanted assignee")
    return current


def test_tier2_non_teknis_goes_to_teknis_or_tier3_target_required(flow: Flow, tiers: Tiers) -> None:
    w = flow.world
    ticket = _at(flow, tiers.non_teknis, tiers.user_non_teknis, tiers.non_teknis_subcategory)
    assert escalation_targets(ticket) == [tiers.teknis, flow.team_t3]
    before = snapshot(ticket.number)
    with pytest.raises(InvalidInput) as refused:
        ticket_escalate(ticket_number=ticket.number, actor=tiers.user_non_teknis, message=MSG)
    assert refused.value.field == "target"
    assert refused.value.message == "Pilih tim tujuan eskalasi."
    with pytest.raises(InvalidInput) as refused:  # a team that is not a target
        ticket_escalate(
            ticket_number=ticket.number,
            actor=tiers.user_non_teknis,
            message=MSG,
            target_team_id=w.team_lkpp.pk,
        )
    assert refused.value.message == "Tim tujuan eskalasi tidak valid."
    assert snapshot(ticket.number) == before
    ticket_escalate(
        ticket_number=ticket.number,
        actor=tiers.user_non_teknis,
        message=MSG,
        target_team_id=tiers.teknis.pk,
    )
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.status, after.team, after.previous_team, after.assignee) == (
        Status.BARU,
        tiers.teknis,
        tiers.non_teknis,
        None,
    )


def test_tier2_goes_to_tier3_of_its_directorate(flow: Flow, tiers: Tiers) -> None:
    ticket = _at(flow, tiers.teknis, tiers.user_teknis)
    assert escalation_targets(ticket) == [flow.team_t3]
    ticket_escalate(ticket_number=ticket.number, actor=tiers.user_teknis, message=MSG)
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.team, after.previous_team, after.position) == (
        flow.team_t3,
        tiers.teknis,
        "Tim Teknis",
    )
    message = after.messages.filter(kind="message").order_by("-id").first()
    assert message is not None and message.side == Side.LKPP


def test_tier3_goes_to_another_directorates_tier3(flow: Flow, tiers: Tiers) -> None:
    ticket = _at(flow, flow.team_t3, flow.teknis)
    assert set(escalation_targets(ticket)) == {tiers.t3_b, tiers.t3_c}
    before = snapshot(ticket.number)
    for wrong in (None, flow.team_t3.pk, tiers.teknis.pk, 10**9):
        with pytest.raises(InvalidInput) as refused:
            ticket_escalate(
                ticket_number=ticket.number, actor=flow.teknis, message=MSG, target_team_id=wrong
            )
        assert refused.value.field == "target"
    assert snapshot(ticket.number) == before
    ticket_escalate(
        ticket_number=ticket.number,
        actor=flow.teknis,
        message=MSG,
        target_team_id=tiers.t3_b.pk,
        files=[sample_upload("trace.txt")],
    )
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.status, after.team, after.previous_team, after.position) == (
        Status.BARU,
        tiers.t3_b,
        flow.team_t3,
        "Tim Teknis Katalog",
    )
    assert (
        TicketAttachment.objects.filter(ticket=after)
        .get()
        .stored_name.startswith(f"teknis_{ticket.number}_")
    )
    ticket_take(ticket_number=ticket.number, actor=tiers.user_t3_b)
    back = escalation_targets(Ticket.objects.get(pk=ticket.pk))
    assert set(back) == {flow.team_t3, tiers.t3_c}  # any directorate but its own


def test_refusals_write_nothing(flow: Flow, tiers: Tiers) -> None:
    w = flow.world
    ticket = drive_to(w, Status.DIKERJAKAN)
    before = snapshot(ticket.number)
    with pytest.raises(InvalidInput) as refused:
        ticket_escalate(ticket_number=ticket.number, actor=w.staff_lpse, message=SHORT)
    assert refused.value.field == "message"
    for not_assignee in (flow.staff_lpse_2, w.reporter_a):
        with pytest.raises(InvalidTransition):
            ticket_escalate(ticket_number=ticket.number, actor=not_assignee, message=MSG)
    assert snapshot(ticket.number) == before
    waiting = drive_to(w, Status.MENUNGGU_FEEDBACK)
    before = snapshot(waiting.number)
    with pytest.raises(InvalidTransition):
        ticket_escalate(ticket_number=waiting.number, actor=w.staff_lpse, message=MSG)
    assert snapshot(waiting.number) == before


def test_same_idempotency_key_escalates_once(flow: Flow, tiers: Tiers) -> None:
    w = flow.world
    ticket = drive_to(w, Status.DIKERJAKAN)
    key = uuid.uuid4()
    for _ in range(2):
        ticket_escalate(
            ticket_number=ticket.number, actor=w.staff_lpse, message=MSG, idempotency_key=key
        )
    assert TicketEvent.objects.filter(ticket=ticket, action=Action.ESCALATE).count() == 1
    assert ticket.messages.filter(kind="message", body=MSG).count() == 1
