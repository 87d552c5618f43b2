"""A hand-built report world: tickets in two LPSEs with known statuses, times, ratings and actions
(expected figures in ``expected.py``). Timestamps are written directly; services are not needed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from lpse_support.accounts.models import User
from lpse_support.catalog.models import RatingChip
from lpse_support.reports.period import WIB, Period
from lpse_support.tickets.models import Ticket, TicketEvent, TicketRating, TicketTeam
from lpse_support.tickets.workflow import Action, Status
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.users import make_user

JANUARY = {"dari": "01/01/2025", "sampai": "31/01/2025"}


def wib(day: int, hour: int = 0, minute: int = 0, *, month: int = 1, year: int = 2025) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


@dataclass
class ReportWorld:
    world: TicketWorld
    reporter_c: User
    tickets: dict[str, Ticket]
    period: Period


def report_ticket(
    world: TicketWorld, reporter: User, *, other_app: bool = False, **fields: Any
) -> Ticket:
    if other_app:
        ticket = make_ticket(
            world,
            reporter=reporter,
            application_id=world.other_app.pk,
            version_id=world.other_version.pk,
            subcategory_id=world.other_subcategory.pk,
        )
    else:
        ticket = make_ticket(world, reporter=reporter)
    Ticket.objects.filter(pk=ticket.pk).update(**fields)
    TicketTeam.objects.filter(ticket=ticket).update(
        since=fields.get("created_at", ticket.created_at)
    )
    ticket.refresh_from_db()
    return ticket


def _event(ticket: Ticket, actor: User, action: str, at: datetime) -> None:
    event = TicketEvent.objects.create(
        ticket=ticket, actor=actor, action=action, to_status=Status.DIKERJAKAN
    )
    TicketEvent.objects.filter(pk=event.pk).update(created_at=at)


def _rate(ticket: Ticket, stars: int, chips: list[RatingChip]) -> None:
    rating = TicketRating.objects.create(ticket=ticket, rated_by=ticket.reporter, stars=stars)
    rating.chips.set(chips)


def build_report_world(w: TicketWorld) -> ReportWorld:
    medium, minor = w.priorities["medium"], w.priorities["minor"]
    staff, lkpp = w.staff_lpse, w.helpdesk_lkpp
    later = timezone.now() + timedelta(days=2)
    a = w.reporter_a
    t: dict[str, Ticket] = {}
    done: dict[str, Any] = {"priority": medium, "assignee": staff, "resolved_by": staff}
    t["t1"] = report_ticket(
        w,
        a,
        status=Status.SELESAI,
        created_at=wib(6, 9),
        **done,
        response_due_at=wib(6, 10),
        first_response_at=wib(6, 9, 10),
        resolution_due_at=wib(7, 9),
        resolved_at=wib(6, 13),
        done_at=wib(6, 15),
    )
    t["t2"] = report_ticket(
        w,
        a,
        status=Status.SELESAI,
        created_at=wib(7, 8),
        priority=medium,
        team=w.team_lkpp,
        assignee=lkpp,
        resolved_by=lkpp,
        response_due_at=wib(7, 9),
        first_response_at=wib(7, 12),
        resolution_due_at=wib(8, 10),
        resolved_at=wib(8, 18),
        done_at=wib(9, 9),
    )
    TicketTeam.objects.create(ticket=t["t2"], team=w.team_lkpp, since=wib(7, 11))
    t["t3"] = report_ticket(
        w,
        a,
        status=Status.MENUNGGU_KONFIRMASI,
        created_at=wib(10, 8),
        **done,
        response_due_at=wib(10, 9),
        first_response_at=wib(10, 8, 30),
        resolution_due_at=wib(11, 8),
        resolved_at=wib(10, 18),
    )
    t["t4"] = report_ticket(
        w,
        a,
        other_app=True,
        status=Status.DIKERJAKAN,
        created_at=wib(15, 10),
        priority=minor,
        assignee=staff,
        response_due_at=wib(15, 12),
        first_response_at=wib(15, 11),
        resolution_due_at=wib(16, 10),
    )
    t["t5"] = report_ticket(
        w,
        a,
        status=Status.BARU,
        created_at=wib(1, 0, 30),
        priority=medium,
        response_due_at=later,
        resolution_due_at=later + timedelta(days=1),
    )
    t["t6"] = report_ticket(
        w,
        a,
        status=Status.MENUNGGU_FEEDBACK,
        created_at=wib(21, 8),
        priority=medium,
        assignee=staff,
        feedback_from="reporter",
        response_due_at=wib(21, 8, 30),
        first_response_at=wib(21, 9),
        waiting_since=wib(21, 10),
        resolution_due_at=wib(22, 10),
    )
    t["t7"] = report_ticket(
        w,
        a,
        status=Status.DITUTUP,
        created_at=wib(25, 9),
        priority=medium,
        reporter_lpse=None,
        response_due_at=wib(25, 10),
        resolution_due_at=wib(26, 9),
        done_at=wib(25, 9, 30),
    )
    t["t9"] = report_ticket(
        w,
        a,
        status=Status.SELESAI,
        created_at=wib(28, 8),
        **done,
        response_due_at=wib(28, 9),
        first_response_at=wib(28, 8, 5),
        resolution_due_at=wib(29, 8),
        resolved_at=wib(28, 9),
        done_at=wib(28, 10),
    )
    # Filed one minute before the period (WIB): outside every period table, but still held now.
    t["t8"] = report_ticket(
        w,
        a,
        status=Status.DIKERJAKAN,
        created_at=wib(31, 23, 59, month=12, year=2024),
        priority=medium,
        assignee=staff,
        response_due_at=wib(2, 9),
        first_response_at=wib(2, 8),
        resolution_due_at=wib(3, 9),
    )
    # LPSE B (Gowa): another scope.
    reporter_c = make_user(
        username="ppk_c", reporter_category=w.category_ppk, home_lpse=w.other_lpse
    )
    gowa = w.staff_other_lpse
    t["u1"] = report_ticket(
        w,
        reporter_c,
        status=Status.SELESAI,
        created_at=wib(8, 9),
        priority=minor,
        assignee=gowa,
        resolved_by=gowa,
        response_due_at=wib(8, 10),
        first_response_at=wib(8, 9, 30),
        resolution_due_at=wib(9, 9),
        resolved_at=wib(8, 11),
        done_at=wib(8, 12),
    )
    t["u2"] = report_ticket(
        w,
        reporter_c,
        status=Status.BARU,
        created_at=wib(30, 9),
        priority=medium,
        response_due_at=later,
        resolution_due_at=later,
    )

    for key in ("t1", "t3", "t4", "t6", "t9"):
        _event(t[key], staff, Action.TAKE, t[key].first_response_at or wib(1))
    for key in ("t1", "t3", "t9"):
        _event(t[key], staff, Action.RESOLVE, t[key].resolved_at or wib(1))
    _event(t["t2"], lkpp, Action.TAKE, wib(7, 12))
    _event(t["t2"], lkpp, Action.RESOLVE, wib(8, 18))
    _event(t["t8"], staff, Action.TAKE, wib(31, 23, 59, month=12, year=2024))
    _event(t["u1"], gowa, Action.TAKE, wib(8, 9, 30))
    _event(t["u1"], gowa, Action.RESOLVE, wib(8, 11))

    fast = RatingChip.objects.create(label="Cepat", min_stars=4, max_stars=5)
    friendly = RatingChip.objects.create(label="Ramah", min_stars=4, max_stars=5)
    slow = RatingChip.objects.create(label="Lambat", min_stars=1, max_stars=3)
    _rate(t["t1"], 5, [fast, friendly])
    _rate(t["t2"], 2, [slow])
    _rate(t["t9"], 4, [fast])
    _rate(t["u1"], 1, [slow])
    period = Period(start=wib(1).date(), end=wib(31).date())
    return ReportWorld(world=w, reporter_c=reporter_c, tickets=t, period=period)
