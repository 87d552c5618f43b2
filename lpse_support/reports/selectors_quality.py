"""SLA compliance, handling time, ratings and workload — definitions in docs/reporting.md.

Same shape as ``selectors_counts``: scoped tickets + period in, one or two GROUP BY queries,
plain rows out. Nothing loops over tickets in Python.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.db.models import Avg, Count, F, Q, QuerySet, Window
from django.db.models.functions import Coalesce, RowNumber

from lpse_support.accounts.models import Tier
from lpse_support.catalog.models import RatingChip
from lpse_support.reports.aggregates import Median, SecondsBetween, supports_median
from lpse_support.reports.period import Period, created_in
from lpse_support.tickets.models import Ticket, TicketRating

Row = tuple[object, ...]
HOUR = 3600.0
STARS = (1, 2, 3, 4, 5)


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / HOUR, 2)


def resolution_sla_q(now: object) -> tuple[Q, Q, Q]:
    """(met, missed, running) for the resolution SLA over ``res_stop`` (see docs)."""
    due = F("resolution_due_at")
    paused = Q(waiting_since__isnull=False, waiting_since__lt=due)
    met = Q(res_stop__isnull=False, res_stop__lte=due)
    missed = Q(res_stop__isnull=False, res_stop__gt=due) | (
        Q(res_stop__isnull=True, resolution_due_at__lt=now) & ~paused
    )
    running = Q(res_stop__isnull=True) & (Q(resolution_due_at__gte=now) | paused)
    return met, missed, running


def sla_by_priority(tickets: QuerySet[Ticket], period: Period) -> list[Row]:
    """Per priority: total, response met/missed/running/% met, resolution met/missed/running/%."""
    now = period.now
    response_due = F("response_due_at")
    res_met, res_missed, res_running = resolution_sla_q(now)
    rows = (
        created_in(tickets, period)
        .order_by()
        .annotate(
            resp_stop=Coalesce("first_response_at", "done_at"),
            res_stop=Coalesce("resolved_at", "done_at"),
        )
        .values("priority__rank", "priority__name")
        .annotate(
            total=Count("id"),
            resp_met=Count("id", filter=Q(resp_stop__isnull=False, resp_stop__lte=response_due)),
            resp_missed=Count(
                "id",
                filter=Q(resp_stop__isnull=False, resp_stop__gt=response_due)
                | Q(resp_stop__isnull=True, response_due_at__lt=now),
            ),
            resp_running=Count("id", filter=Q(resp_stop__isnull=True, response_due_at__gte=now)),
            res_met=Count("id", filter=res_met),
            res_missed=Count("id", filter=res_missed),
            res_running=Count("id", filter=res_running),
        )
        .order_by("priority__rank")
    )
    return [
        sla_row(
            row["priority__name"],
            row["total"],
            (row["resp_met"], row["resp_missed"], row["resp_running"]),
            (row["res_met"], row["res_missed"], row["res_running"]),
        )
        for row in rows
    ]


def sla_row(
    name: object, total: int, response: tuple[int, int, int], resolution: tuple[int, int, int]
) -> Row:
    """One SLA table row from (met, missed, running) counts of both clocks."""
    resp_met, resp_missed, resp_running = response
    res_met, res_missed, res_running = resolution
    return (
        name,
        total,
        resp_met,
        resp_missed,
        resp_running,
        _percent(resp_met, resp_met + resp_missed),
        res_met,
        res_missed,
        res_running,
        _percent(res_met, res_met + res_missed),
    )


def _median_hours_sqlite(resolved: QuerySet[Ticket]) -> dict[int, float | None]:
    """Median per tier without percentile_cont: number the durations within each tier and keep
    the middle one or two rows — at most two rows per tier leave the database."""
    ranked = resolved.annotate(
        tier=F("team__tier"),
        pos=Window(RowNumber(), partition_by=[F("team__tier")], order_by=F("secs").asc()),
        size=Window(Count("id"), partition_by=[F("team__tier")]),
    ).filter(pos__gte=(F("size") + 1) / 2, pos__lte=(F("size") + 2) / 2)
    middle: dict[int, list[float]] = defaultdict(list)
    for tier, seconds in ranked.values_list("tier", "secs"):
        middle[tier].append(seconds)
    return {tier: hours(sum(values) / len(values)) for tier, values in middle.items()}


def handling_by_tier(tickets: QuerySet[Ticket], period: Period) -> list[Row]:
    """Per tier of the team that resolved the ticket: tickets resolved, average and median hours
    from filing to resolution (``resolved_at``; tickets closed without a resolution are left out).
    """
    resolved = (
        created_in(tickets, period)
        .order_by()
        .filter(resolved_at__isnull=False)
        .annotate(secs=SecondsBetween("resolved_at", "created_at"))
    )
    with_median = supports_median(connection)
    aggregates = {"n": Count("id"), "avg": Avg("secs")}
    if with_median:
        aggregates["median"] = Median("secs")
    found = {row["team__tier"]: row for row in resolved.values("team__tier").annotate(**aggregates)}
    medians = (
        {tier: hours(row["median"]) for tier, row in found.items()}
        if with_median
        else _median_hours_sqlite(resolved)
        if found
        else {}
    )
    return handling_rows(
        {tier: (row["n"], hours(row["avg"]), medians.get(tier)) for tier, row in found.items()}
    )


def handling_rows(per_tier: dict[int, tuple[int, float | None, float | None]]) -> list[Row]:
    """Every tier, in order: (tier, tickets resolved, average hours, median hours) from
    ``{tier: (n, average hours, median hours)}``; a tier that resolved nothing gets 0, —, —."""
    return [(str(tier.label), *per_tier.get(tier.value, (0, None, None))) for tier in Tier]


def rating_summary(tickets: QuerySet[Ticket], period: Period) -> list[Row]:
    """One row: number of ratings, average stars, and how many gave 1…5 stars."""
    per_star = {f"s{star}": Count("rating", filter=Q(rating__stars=star)) for star in STARS}
    summary = (
        created_in(tickets, period)
        .order_by()
        .aggregate(n=Count("rating"), avg=Avg("rating__stars"), **per_star)
    )
    average = None if summary["avg"] is None else round(float(summary["avg"]), 2)
    return [(summary["n"], average, *(summary[f"s{star}"] for star in STARS))]


def chip_frequencies(tickets: QuerySet[Ticket], period: Period) -> list[Row]:
    """(chip with its star range, times chosen, % of the period's ratings), most chosen first."""
    in_period = created_in(tickets, period).order_by().values("pk")
    chosen = {
        row["ratingchip_id"]: row["n"]
        for row in TicketRating.chips.through.objects.filter(ticketrating__ticket__in=in_period)
        .order_by()
        .values("ratingchip_id")
        .annotate(n=Count("id"))
    }
    if not chosen:
        return []
    rated = TicketRating.objects.filter(ticket__in=in_period).count()
    return chip_rows(chosen, rated)


def chip_rows(chosen: dict[int, int], rated: int) -> list[Row]:
    """(chip with its star range, times chosen, % of ``rated``), most chosen first; the chip
    names come in one small query."""
    if not chosen:
        return []
    chips = RatingChip.objects.filter(pk__in=list(chosen)).values_list(
        "pk", "label", "min_stars", "max_stars"
    )
    rows = [
        (f"{label} ({low}–{high} ★)", chosen[pk], _percent(chosen[pk], rated))
        for pk, label, low, high in chips
    ]
    return sorted(rows, key=lambda row: (-int(str(row[1])), str(row[0])))
