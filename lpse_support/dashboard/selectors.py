"""Dashboard counters (R-UI-2): small indexed counts, one aggregate query per group."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils import timezone

from lpse_support.accounts.models import TeamMembership
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.workflow import Status

JAKARTA = ZoneInfo("Asia/Jakarta")
TAKE_ACTION = "take"


def _start_of_today() -> datetime:
    today = timezone.now().astimezone(JAKARTA).date()
    return datetime.combine(today, time.min, tzinfo=JAKARTA)


def reporter_counts(user: Any) -> dict[str, int]:
    """The reporter's own open tickets by status."""
    counts = Ticket.objects.filter(reporter=user).aggregate(
        baru=Count("pk", filter=Q(status=Status.BARU)),
        dikerjakan=Count("pk", filter=Q(status=Status.DIKERJAKAN)),
        feedback=Count("pk", filter=Q(status=Status.MENUNGGU_FEEDBACK)),
        konfirmasi=Count("pk", filter=Q(status=Status.MENUNGGU_KONFIRMASI)),
    )
    return {key: int(value) for key, value in counts.items()}


def staff_counts(user: Any) -> dict[str, int]:
    """Belum Diambil in my teams; tickets I work on by status; tickets I took today (WIB)."""
    my_teams = TeamMembership.objects.filter(user=user, team__active=True).values("team_id")
    counts = Ticket.objects.filter(Q(team_id__in=my_teams) | Q(assignee=user)).aggregate(
        baru=Count("pk", filter=Q(status=Status.BARU, team_id__in=my_teams)),
        dikerjakan=Count("pk", filter=Q(status=Status.DIKERJAKAN, assignee=user)),
        feedback=Count("pk", filter=Q(status=Status.MENUNGGU_FEEDBACK, assignee=user)),
        konfirmasi=Count("pk", filter=Q(status=Status.MENUNGGU_KONFIRMASI, assignee=user)),
    )
    counts["diambil_hari_ini"] = TicketEvent.objects.filter(
        actor=user, action=TAKE_ACTION, created_at__gte=_start_of_today()
    ).count()
    return {key: int(value) for key, value in counts.items()}
