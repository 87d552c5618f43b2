"""PostgreSQL: the per-ticket count tables in ONE pass over the period's tickets.

``status``, ``prioritas``, ``sla``, ``harian``, ``aplikasi``, ``kategori``, ``lpse``,
``penilaian``, ``chip`` and ``penanganan`` all read the same rows (the scoped tickets filed in the
period), each grouped differently. Instead of one scan per table, the scoped queryset (built by
the ORM: ``tickets_visible_to`` + the period + the per-ticket SLA states, so its SQL and parameters
are Django's own) is wrapped in one ``GROUP BY GROUPING SETS (…)`` and each set becomes a
table; chips and the handling times (a median) ride along on the same statement (``_grouping_sql``).
The rows are the same as the portable per-table queries of ``selectors_counts`` /
``selectors_quality`` (``tests/reports/test_onepass.py`` compares them on PostgreSQL).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, TruncDate

from lpse_support.accounts.models import LpseUnit, Tier
from lpse_support.catalog.models import Application, Category, PriorityLevel
from lpse_support.reports.aggregates import SecondsBetween
from lpse_support.reports.period import WIB, Period, created_in
from lpse_support.reports.selectors_counts import NO_LPSE
from lpse_support.reports.selectors_quality import (
    STARS,
    chip_rows,
    handling_rows,
    hours,
    resolution_sla_q,
    sla_row,
)
from lpse_support.tickets.models import Ticket, TicketRating
from lpse_support.tickets.workflow import Status

Row = tuple[object, ...]
MET, MISSED, RUNNING = 1, 2, 3

# Output columns of the grouping query, in order; a grouping set is a subset of them.
COLUMNS = ("st", "pr", "resp", "res", "app", "cat", "lpse", "day", "stars")
SETS: dict[str, tuple[str, ...]] = {
    "status": ("st",),
    "sla": ("pr", "resp", "res"),  # also gives "prioritas" (summed over the states)
    "aplikasi": ("app",),
    "kategori": ("app", "cat"),
    "lpse": ("lpse",),
    "harian": ("day",),
    "penilaian": ("stars",),  # also the number of ratings the chip % is taken of
}
# Which sets each table needs.
NEEDS: dict[str, tuple[str, ...]] = {
    "status": ("status",),
    "prioritas": ("sla",),
    "sla": ("sla",),
    "harian": ("harian",),
    "aplikasi": ("aplikasi",),
    "kategori": ("kategori",),
    "lpse": ("lpse",),
    "penilaian": ("penilaian",),
    "chip": ("penilaian",),  # + the chip counts joined to the same rows
    "penanganan": (),  # its own aggregate over the same rows (a median cannot be hashed)
}
ONEPASS_KEYS = frozenset(NEEDS)
EXTRAS = frozenset({"chip", "penanganan"})
WORK_MEM = "64MB"  # a constant: never built from input
TOTAL = "total"


def supports_onepass(conn: Any = connection) -> bool:
    return bool(conn.vendor == "postgresql")


def _states(now: object) -> dict[str, Case]:
    """The response and resolution SLA state of each ticket (MET / MISSED / RUNNING), from the
    same conditions the portable ``sla_by_priority`` counts with (they are exclusive and cover
    every ticket, so "neither met nor missed" is running)."""
    response_due = F("response_due_at")
    resp_met = Q(resp_stop__isnull=False, resp_stop__lte=response_due)
    resp_missed = Q(resp_stop__isnull=False, resp_stop__gt=response_due) | Q(
        resp_stop__isnull=True, response_due_at__lt=now
    )
    res_met, res_missed, _running = resolution_sla_q(now)
    return {
        "resp": Case(
            When(resp_met, then=Value(MET)),
            When(resp_missed, then=Value(MISSED)),
            default=Value(RUNNING),
            output_field=IntegerField(),
        ),
        "res": Case(
            When(res_met, then=Value(MET)),
            When(res_missed, then=Value(MISSED)),
            default=Value(RUNNING),
            output_field=IntegerField(),
        ),
    }


def _inner(
    tickets: QuerySet[Ticket], period: Period, sets: set[str], *, chips: bool, handling: bool
) -> QuerySet[Any]:
    """One row per scoped ticket of the period with just the columns the sets group by."""
    rows = created_in(tickets, period).order_by()
    columns: dict[str, Any] = {}
    if "status" in sets:
        columns["st"] = F("status")
    if "sla" in sets:
        rows = rows.annotate(
            resp_stop=Coalesce("first_response_at", "done_at"),
            res_stop=Coalesce("resolved_at", "done_at"),
        )
        columns.update(pr=F("priority_id"), **_states(period.now))
    if {"aplikasi", "kategori"} & sets:
        columns["app"] = F("application_id")
    if "kategori" in sets:
        columns["cat"] = F("category_id")
    if "lpse" in sets:
        columns["lpse"] = F("reporter_lpse_id")
    if "harian" in sets:
        columns["day"] = TruncDate("created_at", tzinfo=WIB)
    if "penilaian" in sets:
        columns["stars"] = F("rating__stars")  # LEFT JOIN tickets_ticketrating
    if chips:
        columns["rid"] = F("rating__id")
    if handling:  # NULL for tickets without a solution
        columns.update(tier=F("team__tier"), secs=SecondsBetween("resolved_at", "created_at"))
    return rows.annotate(**columns).values(*columns)


def _grouping_sql(inner_sql: str, present: list[str], sets: list[str], *, extras: set[str]) -> str:
    """GROUPING SETS over the inner rows (``s``); ``g`` is the GROUPING() bit mask naming the set.
    The empty set ``()`` is always there: its one row (even over no tickets) carries the extras.

    Extras are computed once over the same rows and ride along as JSON: ``chip_counts``
    (``{chip id: times chosen}``) and ``handling`` (``[[tier, n, avg s, median s], …]``; a median
    is an ordered-set aggregate, which a hashed GROUPING SETS cannot hold). With extras the inner
    rows are materialised once instead of scanned twice.

    Only constants are spliced in (the column aliases and sets above, quoted table names from the
    models) plus the ORM's own SQL of the scoped queryset; every value — user ids, team ids, the
    period — stays a parameter of that SQL, passed to ``cursor.execute`` with it."""
    qn = connection.ops.quote_name
    cols = ", ".join(present)
    grouping_sets = ", ".join(["()", *("(" + ", ".join(SETS[key]) + ")" for key in sets)])
    mask = f"GROUPING({cols})" if present else "0"
    ctes = [
        f"s AS {'MATERIALIZED ' if extras else ''}({inner_sql})",
        f"g AS (SELECT {mask} AS g{''.join(', ' + c for c in present)}, COUNT(*) AS n FROM s"  # noqa: S608
        f" GROUP BY GROUPING SETS ({grouping_sets}))",
    ]
    columns = []
    if "chip" in extras:
        through = qn(TicketRating.chips.through._meta.db_table)
        ctes.append(
            f"ch AS (SELECT c.ratingchip_id AS chip, COUNT(*) AS n FROM {through} AS c"  # noqa: S608
            " INNER JOIN s ON c.ticketrating_id = s.rid GROUP BY c.ratingchip_id)"
        )
        columns.append("(SELECT json_object_agg(ch.chip, ch.n) FROM ch) AS chip_counts")
    if "penanganan" in extras:
        # One aggregate row, a FILTER per tier: no sort by tier before each tier's median sort.
        per_tier = ", ".join(
            f"json_build_array({tier}, COUNT(*) FILTER (WHERE tier = {tier}),"
            f" AVG(secs) FILTER (WHERE tier = {tier}), PERCENTILE_CONT(0.5) WITHIN GROUP"
            f" (ORDER BY secs) FILTER (WHERE tier = {tier}))"
            for tier in (int(tier) for tier in Tier)
        )
        ctes.append(
            f"h AS (SELECT json_build_array({per_tier}) AS j FROM s WHERE secs IS NOT NULL)"  # noqa: S608
        )
        columns.append("(SELECT h.j FROM h) AS handling")
    joins = []
    order = []
    for alias, column, model in (
        ("a", "app", Application),
        ("c", "cat", Category),
        ("l", "lpse", LpseUnit),
        ("p", "pr", PriorityLevel),
    ):
        if column in present:
            table = qn(model._meta.db_table)
            columns.append(f"{alias}.name AS {column}_name")
            joins.append(f" LEFT JOIN {table} AS {alias} ON {alias}.id = g.{column}")
            if alias == "p":
                columns.append("p.rank AS pr_rank")
            else:  # most first, then by name (NULL last), as the portable queries order
                order.append(f"{alias}.name")
    return (
        f"WITH {', '.join(ctes)} SELECT g.*{''.join(', ' + c for c in columns)} FROM g"  # noqa: S608
        f"{''.join(joins)} ORDER BY g.g, g.n DESC{''.join(', ' + o for o in order)}"
    )


def ticket_sets(
    tickets: QuerySet[Ticket], period: Period, keys: Iterable[str]
) -> dict[str, list[Row]]:
    """The rows of every table in ``keys`` (a subset of ``ONEPASS_KEYS``) from one query."""
    wanted = [key for key in keys if key in ONEPASS_KEYS]
    if not wanted:
        return {}
    sets = sorted({name for key in wanted for name in NEEDS[key]}, key=list(SETS).index)
    extras = {key for key in wanted if key in EXTRAS}
    inner = _inner(
        tickets, period, set(sets), chips="chip" in extras, handling="penanganan" in extras
    )
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in [*sets, TOTAL]}
    if not inner.query.is_empty():
        present = [c for c in COLUMNS if any(c in SETS[name] for name in sets)]
        masks = {
            sum(1 << (len(present) - 1 - i) for i, c in enumerate(present) if c not in SETS[n]): n
            for n in sets
        }
        inner_sql, params = inner.query.sql_with_params()
        # ``tickets.db``: the read replica inside ``reading_replica()`` (core/replica.py).
        alias = tickets.db
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            # For this statement only (SET LOCAL ends with the transaction): with the default
            # 4 MB the planner sorts the grouping sets and the median on disk instead of hashing
            # the ~450 rows of output; see docs/reporting.md, "Speed".
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            cursor.execute(_grouping_sql(inner_sql, present, sets, extras=extras), params)
            names = [column[0] for column in cursor.description]
            for values in cursor.fetchall():
                row = dict(zip(names, values, strict=True))
                found[masks.get(row["g"], TOTAL)].append(row)
    return {key: _TABLES[key](found, period) for key in wanted}


def _extra(found: dict[str, list[dict[str, Any]]], column: str) -> Any:
    """A JSON extra from the grand-total row (absent when the scope is empty)."""
    return next((row[column] for row in found[TOTAL]), None)


def _status(found: dict[str, list[dict[str, Any]]], period: Period) -> list[Row]:
    counts = {row["st"]: row["n"] for row in found["status"]}
    return [(str(status.label), counts.get(status.value, 0)) for status in Status]


def _by_priority(found: dict[str, list[dict[str, Any]]]) -> list[tuple[str, dict[str, int]]]:
    per: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in found["sla"]:
        counts = per[(row["pr_rank"], row["pr_name"])]
        counts["total"] += row["n"]
        counts[f"resp{row['resp']}"] += row["n"]
        counts[f"res{row['res']}"] += row["n"]
    return [(name, counts) for (_rank, name), counts in sorted(per.items())]


def _priority(found: dict[str, list[dict[str, Any]]], period: Period) -> list[Row]:
    return [(name, counts["total"]) for name, counts in _by_priority(found)]


def _sla(found: dict[str, list[dict[str, Any]]], period: Period) -> list[Row]:
    return [
        sla_row(
            name,
            c["total"],
            (c[f"resp{MET}"], c[f"resp{MISSED}"], c[f"resp{RUNNING}"]),
            (c[f"res{MET}"], c[f"res{MISSED}"], c[f"res{RUNNING}"]),
        )
        for name, c in _by_priority(found)
    ]


def _day(found: dict[str, list[dict[str, Any]]], period: Period) -> list[Row]:
    counts: dict[date, int] = {row["day"]: row["n"] for row in found["harian"]}
    return [(day, counts.get(day, 0)) for day in period.each_day()]


def _application(found: dict[str, list[dict[str, Any]]], period: Period) -> list[Row]:
    return [(row["app_name"], row["n"]) for row in found["aplikasi"]]


def _category(found: dict[str, list[dict[str, Any]]], period: Period) -> list[Row]:
    return [(row["app_name"], row["cat_name"], row["n"]) for row in found["kategori"]]


def _lpse(found: dict[str, list[dict[str, Any]]], period: Period) -> list[Row]:
    return [(row["lpse_name"] or NO_LPSE, row["n"]) for row in found["lpse"]]


def _stars(found: dict[str, list[dict[str, Any]]]) -> dict[int, int]:
    return {row["stars"]: row["n"] for row in found["penilaian"] if row["stars"] is not None}


def _rating(found: dict[str, list[dict[str, Any]]], period: Period) -> list[Row]:
    per_star = _stars(found)
    rated = sum(per_star.values())
    total = sum(star * n for star, n in per_star.items())
    average = round(total / rated, 2) if rated else None
    return [(rated, average, *(per_star.get(star, 0) for star in STARS))]


def _chip(found: dict[str, list[dict[str, Any]]], period: Period) -> list[Row]:
    chosen = {int(chip_id): n for chip_id, n in (_extra(found, "chip_counts") or {}).items()}
    return chip_rows(chosen, sum(_stars(found).values()))


def _handling(found: dict[str, list[dict[str, Any]]], period: Period) -> list[Row]:
    per_tier = _extra(found, "handling") or []
    return handling_rows(
        {tier: (n, hours(average), hours(median)) for tier, n, average, median in per_tier}
    )


_TABLES = {
    "status": _status,
    "prioritas": _priority,
    "sla": _sla,
    "harian": _day,
    "aplikasi": _application,
    "kategori": _category,
    "lpse": _lpse,
    "penilaian": _rating,
    "chip": _chip,
    "penanganan": _handling,
}
