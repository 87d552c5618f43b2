"""Generate many realistic tickets at once (``manage.py generate_tickets``): a bulk writer of
finished ticket histories for demos and load tests, the one reviewed exception to "ticket status,
team and assignee are written only under ``tickets/services/``" (whitelisted by path in
``tests/tickets/workflow/test_single_write_path.py``).

Tickets are made in chronological batches, one transaction each: creation times spread over the
last ``days`` days (working hours, fewer at weekends), reporters from the generated reporters plus
the demo reporters, numbers from ``TicketNumberCounter`` (the rows are locked and moved forward, so
numbers issued later never collide), then every ticket's story — team links, events, messages,
rating — written with COPY on PostgreSQL or INSERTs elsewhere."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from lpse_support.accounts.models import TeamMembership, User
from lpse_support.catalog.business_time import load_calendar
from lpse_support.demo.generator.story import (
    CHIP_COLUMNS,
    EVENT_COLUMNS,
    MESSAGE_COLUMNS,
    RATING_COLUMNS,
    TEAM_COLUMNS,
    TICKET_COLUMNS,
    Draft,
    Rows,
    Story,
)
from lpse_support.demo.generator.world import World, load_world
from lpse_support.demo.generator.writer import RowWriter
from lpse_support.tickets.models import (
    Ticket,
    TicketEvent,
    TicketMessage,
    TicketNumberCounter,
    TicketRating,
    TicketTeam,
)
from lpse_support.tickets.numbering import NUMBER_ZONE, format_number, number_prefix

DEFAULT_BATCH = 10_000
DEFAULT_DAYS = 730
DEFAULT_REPORTERS = 5_000
DEMO_REPORTER_SHARE = 0.002  # each demo reporter files this share of the tickets
# `make run`'s demo (issue 17 item 9): the demo reporters file a larger share, so the demo LPSE
# helpdesk (the guide's Level 1 walk) has a working day's open tickets, not one.
DEMO_RUN_SHARE = 0.04
# Filing hour (WIB) → weight: office hours, a little in the evening.
HOUR_WEIGHTS = [0, 0, 0, 0, 0, 1, 2, 4, 9, 12, 12, 11, 7, 10, 11, 9, 6, 4, 3, 2, 2, 1, 1, 0]


@dataclass
class Progress:
    done: int
    total: int
    elapsed: float


@dataclass(frozen=True)
class Result:
    tickets: int
    events: int
    messages: int
    team_links: int
    ratings: int
    seconds: float


def creation_times(rng: random.Random, count: int, days: int, now: datetime) -> list[datetime]:
    """``count`` sorted moments in the last ``days`` days, at office hours (WIB) mostly."""
    today = now.astimezone(NUMBER_ZONE).date()
    hours = list(range(24))
    moments: list[datetime] = []
    while len(moments) < count:
        day = today - timedelta(days=rng.randrange(days))
        if day.weekday() >= 5 and rng.random() > 0.15:
            continue
        hour = rng.choices(hours, HOUR_WEIGHTS)[0]
        local = datetime(day.year, day.month, day.day, hour, tzinfo=NUMBER_ZONE) + timedelta(
            seconds=rng.randrange(3600), microseconds=rng.randrange(1_000_000)
        )
        if local < now:
            moments.append(local.astimezone(UTC))
    moments.sort()
    return moments


def _drafts(
    rng: random.Random, world: World, moments: list[datetime], demo_share: float
) -> list[Draft]:
    apps = world.apps
    weights = [app.weight for app in apps]
    drafts = []
    for moment in moments:
        roll = rng.random()
        if world.demo_reporters and roll < demo_share * len(world.demo_reporters):
            reporter = world.demo_reporters[int(roll / demo_share)]
        else:
            reporter = rng.choice(world.reporters)
        drafts.append(Draft(moment, reporter, rng.choices(apps, weights)[0]))
    return drafts


def _numbers(drafts: list[Draft]) -> list[str]:
    """Reserve the numbers of this batch: lock the counters of its (prefix, day)s and move them."""
    keys: list[tuple[str, date]] = [
        (
            number_prefix(d.reporter.letter, d.app.letter),
            d.created_at.astimezone(NUMBER_ZONE).date(),
        )
        for d in drafts
    ]
    needed = Counter(keys)
    prefixes = {prefix for prefix, _ in needed}
    days = [day for _, day in needed]
    TicketNumberCounter.objects.bulk_create(
        [TicketNumberCounter(prefix=p, day=d, last_value=0) for p, d in needed],
        ignore_conflicts=True,
        batch_size=1000,
    )
    counters = {
        (c.prefix, c.day): c
        for c in TicketNumberCounter.objects.select_for_update().filter(
            prefix__in=prefixes, day__gte=min(days), day__lte=max(days)
        )
    }
    numbers = []
    for key in keys:
        counter = counters[key]
        counter.last_value += 1
        numbers.append(format_number(key[0], key[1], counter.last_value))
    table = connection.ops.quote_name(TicketNumberCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET last_value = %s WHERE id = %s",  # noqa: S608
            [(counters[key].last_value, counters[key].pk) for key in needed],
        )
    return numbers


def _write_batch(
    writer: RowWriter, story: Story, drafts: list[Draft], totals: Counter[str]
) -> None:
    with transaction.atomic():
        writer.fast_load()
        first_id = writer.reserve_ids(Ticket, len(drafts))
        numbers = _numbers(drafts)
        rows = Rows()
        next_rating = 0
        for offset, (draft, number) in enumerate(zip(drafts, numbers, strict=True)):
            next_rating = story.build(rows, first_id + offset, number, draft, next_rating)
        first_rating = writer.reserve_ids(TicketRating, next_rating)
        ratings = [(r[0] + first_rating, *r[1:]) for r in rows.ratings]
        chips = [(rating + first_rating, chip) for rating, chip in rows.chips]
        writer.write(Ticket._meta.db_table, TICKET_COLUMNS, rows.tickets)
        writer.write(TicketTeam._meta.db_table, TEAM_COLUMNS, rows.teams)
        writer.write(TicketEvent._meta.db_table, EVENT_COLUMNS, rows.events)
        writer.write(TicketMessage._meta.db_table, MESSAGE_COLUMNS, rows.messages)
        writer.write(TicketRating._meta.db_table, RATING_COLUMNS, ratings)
        writer.write(TicketRating.chips.through._meta.db_table, CHIP_COLUMNS, chips)
    totals.update(
        tickets=len(rows.tickets),
        events=len(rows.events),
        messages=len(rows.messages),
        team_links=len(rows.teams),
        ratings=len(ratings),
    )


def generate_tickets(
    *,
    count: int,
    seed: int | None = None,
    batch_size: int = DEFAULT_BATCH,
    days: int = DEFAULT_DAYS,
    reporters: int = DEFAULT_REPORTERS,
    demo_share: float = DEMO_REPORTER_SHARE,
    progress: Callable[[Progress], None] | None = None,
) -> Result:
    """Create ``count`` tickets with their histories; raises ``MissingMasterData`` without the
    master data of ``seed_demo``."""
    if count < 1 or batch_size < 1 or days < 1:
        raise ValueError("count, batch_size and days must be positive")
    if not 0 <= demo_share <= 0.2:
        raise ValueError("demo_share must lie between 0 and 0.2")
    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 — test data, not secrets
    world = load_world(rng, reporters=reporters)
    now = timezone.now()
    story = Story(rng, world, load_calendar(), now)
    writer = RowWriter()
    moments = creation_times(rng, count, days, now)
    totals: Counter[str] = Counter()
    for start in range(0, count, batch_size):
        drafts = _drafts(rng, world, moments[start : start + batch_size], demo_share)
        _write_batch(writer, story, drafts, totals)
        if progress is not None:
            done = min(count, start + batch_size)
            progress(Progress(done, count, time.monotonic() - started))
    written = (Ticket, TicketTeam, TicketEvent, TicketMessage, TicketRating, TicketNumberCounter)
    # The generated people too: with stale row counts the planner misjudges every join to users.
    writer.analyze([m._meta.db_table for m in (*written, User, TeamMembership)])
    return Result(
        tickets=totals["tickets"],
        events=totals["events"],
        messages=totals["messages"],
        team_links=totals["team_links"],
        ratings=totals["ratings"],
        seconds=time.monotonic() - started,
    )
