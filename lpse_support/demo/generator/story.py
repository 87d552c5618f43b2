"""One generated ticket's life, from ``create`` to its current status, as plain rows.

The chain follows ``tickets.workflow``: every step is an allowed action from the status before it,
by an actor who holds the relation the table asks for (the reporter, a member of the ticket's
team, the party asked for feedback, the system). Each step applies the action's own field effects
(its spec's ``apply``, ``tickets/actions/``) — the very functions the services apply inside
``acting_on`` — to an in-memory ``GeneratedTicket``, so status, team, assignee, position, the
timestamps, the SLA pause and the event data agree with what the services would have written.
The ticket row is the state after the last step."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from lpse_support.catalog.business_time import BusinessCalendar
from lpse_support.demo.generator.words import description, reply, title
from lpse_support.demo.generator.world import (
    AppInfo,
    Reporter,
    TeamInfo,
    World,
)
from lpse_support.tickets.actions import registry
from lpse_support.tickets.actions.fields import Move, advance
from lpse_support.tickets.workflow import SIDE_BY_TIER, Action, FeedbackFrom, Side, Status

S = Status
OPEN_SHARE_RECENT = 0.9  # tickets younger than RECENT_DAYS are mostly still open
OPEN_SHARE_OLD = 0.1
RECENT_DAYS = 14
OPEN_SPLIT = (
    (S.BARU, 25),
    (S.DIKERJAKAN, 40),
    (S.MENUNGGU_FEEDBACK, 15),
    (S.MENUNGGU_KONFIRMASI, 20),
)
CLOSE_FROM = (
    (S.BARU, 30),
    (S.DIKERJAKAN, 30),
    (S.MENUNGGU_FEEDBACK, 10),
    (S.MENUNGGU_KONFIRMASI, 30),
)
AUTO_CONFIRM_DAYS = 3

TICKET_COLUMNS = (
    "id", "created_at", "updated_at", "number", "title", "description", "reporter_id",
    "reporter_category_id", "reporter_lpse_id", "application_id", "version_id", "category_id",
    "subcategory_id", "ticket_type_id", "error_code", "tender_code", "tender_data", "priority_id",
    "priority_reasons", "status", "team_id", "assignee_id", "position", "previous_team_id",
    "feedback_from", "feedback_team_id", "resolved_by_id", "resolved_at", "reopen_count",
    "waiting_since", "sla_paused_minutes", "response_due_at", "resolution_due_at",
    "first_response_at", "done_at", "idempotency_key", "idempotency_digest", "revision",
    "incident_id", "duplicate_of_id",
)  # fmt: skip
TEAM_COLUMNS = ("ticket_id", "team_id", "since")
EVENT_COLUMNS = (
    "ticket_id", "actor_id", "action", "from_status", "to_status", "team_id", "assignee_id",
    "data", "idempotency_key", "created_at",
)  # fmt: skip
MESSAGE_COLUMNS = ("ticket_id", "author_id", "side", "kind", "body", "is_internal", "created_at")
RATING_COLUMNS = ("id", "ticket_id", "rated_by_id", "stars", "message", "created_at")
CHIP_COLUMNS = ("ticketrating_id", "ratingchip_id")


@dataclass
class Draft:
    """What is decided before numbering: when, who, about what."""

    created_at: datetime
    reporter: Reporter
    app: AppInfo


@dataclass(slots=True)
class GeneratedTicket:
    """The fields the actions change (``actions.fields.TicketFields``), in memory while a story
    is told: people are user ids, teams the preloaded ``TeamInfo``."""

    team: TeamInfo
    position: str
    resolution_due_at: datetime
    status: str = S.BARU
    revision: int = 1
    assignee: int | None = None
    previous_team: TeamInfo | None = None
    feedback_from: str = ""
    feedback_team: TeamInfo | None = None
    resolved_by: int | None = None
    resolved_at: datetime | None = None
    reopen_count: int = 0
    waiting_since: datetime | None = None
    sla_paused_minutes: int = 0
    first_response_at: datetime | None = None
    done_at: datetime | None = None


@dataclass
class Rows:
    tickets: list[tuple[Any, ...]] = field(default_factory=list)
    teams: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    messages: list[tuple[Any, ...]] = field(default_factory=list)
    ratings: list[tuple[Any, ...]] = field(default_factory=list)
    chips: list[tuple[Any, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.tickets)


def _weighted(rng: random.Random, options: tuple[tuple[Status, int], ...]) -> Status:
    return rng.choices([o for o, _ in options], [w for _, w in options])[0]


def pick_status(rng: random.Random, created_at: datetime, now: datetime) -> Status:
    recent = now - created_at < timedelta(days=RECENT_DAYS)
    if rng.random() < (OPEN_SHARE_RECENT if recent else OPEN_SHARE_OLD):
        return _weighted(rng, OPEN_SPLIT)
    return S.SELESAI if rng.random() < 0.85 else S.DITUTUP


def first_team(world: World, reporter: Reporter, app: AppInfo, kind: str) -> TeamInfo:
    """``accounts.routing.first_team_for`` for a plain reporter, on the preloaded teams."""
    if app.first_line == "LPSE" and reporter.lpse_id in world.tier1_by_lpse:
        return world.tier1_by_lpse[reporter.lpse_id]
    return _by_kind(world.directorate_teams(app.directorate_id, 2), kind)[0]


def _by_kind(teams: list[TeamInfo], kind: str) -> list[TeamInfo]:
    wanted = "TEKNIS" if kind == "TEKNIS" else "NON_TEKNIS"
    return [t for t in teams if t.kind == wanted] or [t for t in teams if t.kind == "UMUM"] or teams


def escalation_targets(world: World, team: TeamInfo, app: AppInfo, kind: str) -> list[TeamInfo]:
    """``tickets.parties.escalation_targets`` on the preloaded teams."""
    if team.tier == 1:
        return _by_kind(world.directorate_teams(app.directorate_id, 2), kind)
    if team.tier == 2:
        targets = []
        if team.kind == "NON_TEKNIS":
            targets += [
                t
                for t in world.directorate_teams(team.directorate_id or 0, 2)
                if t.kind == "TEKNIS"
            ]
        return targets + world.directorate_teams(team.directorate_id or 0, 3)
    return [
        t for t in world.teams.values() if t.tier == 3 and t.directorate_id != team.directorate_id
    ]


class Story:
    """Builds the steps of one ticket, then writes them out with their times."""

    def __init__(
        self, rng: random.Random, world: World, calendar: BusinessCalendar, now: datetime
    ) -> None:
        self.rng, self.world, self.calendar, self.now = rng, world, calendar, now

    # --- the plan -------------------------------------------------------------------------
    def _member(self, team: TeamInfo) -> int:
        return self.rng.choice(team.members)

    def _gap(self, mean_minutes: float) -> float:
        return max(1.0, self.rng.expovariate(1 / mean_minutes)) * 60

    def plan(self, draft: Draft, final: Status) -> tuple[list[dict[str, Any]], list[TeamInfo]]:
        rng = self.rng
        sub = rng.choice(draft.app.subcategories)
        self.sub = sub
        path = [first_team(self.world, draft.reporter, draft.app, sub.kind)]
        escalations = rng.choices((0, 1, 2), (70, 22, 8))[0]
        for _ in range(escalations):
            targets = [t for t in escalation_targets(self.world, path[-1], draft.app, sub.kind)]
            targets = [t for t in targets if t.members and t not in path]
            if not targets:
                break
            path.append(rng.choice(targets))
        if not all(team.members for team in path):
            path = path[:1]
        if not path[0].members and final != S.BARU:
            final = S.BARU  # nobody could take it: it waits
        end = final
        if final == S.DITUTUP:
            end = _weighted(rng, CLOSE_FROM)
        steps: list[dict[str, Any]] = []
        step = steps.append
        last = len(path) - 1
        for index, team in enumerate(path):
            if index == last and end == S.BARU:
                break
            assignee = self._member(team)
            step({"a": Action.TAKE, "gap": self._gap(90 if index == 0 else 240), "who": assignee})
            if rng.random() < 0.15:
                self._feedback_cycle(steps, team, assignee, index > 0, closing=False)
            if index < last:
                step(
                    {"a": Action.ESCALATE, "gap": self._gap(600), "who": assignee, "to": index + 1}
                )
                continue
            if end == S.MENUNGGU_FEEDBACK:
                self._feedback_cycle(steps, team, assignee, index > 0, closing=True)
            elif end in (S.MENUNGGU_KONFIRMASI, S.SELESAI):
                step({"a": Action.RESOLVE, "gap": self._gap(1440), "who": assignee})
                if rng.random() < 0.06:
                    step({"a": Action.REJECT, "gap": self._gap(600)})
                    step({"a": Action.RESOLVE, "gap": self._gap(600), "who": assignee})
        if final == S.SELESAI:
            if rng.random() < 0.7:
                step({"a": Action.CONFIRM, "gap": self._gap(1440)})
            else:
                step({"a": Action.AUTO_CONFIRM, "gap": AUTO_CONFIRM_DAYS * 86400 + 600})
        elif final == S.DITUTUP:
            step({"a": Action.CLOSE, "gap": self._gap(1440)})
        if final in (S.SELESAI, S.DITUTUP) and rng.random() < (0.45 if final == S.SELESAI else 0.2):
            step({"a": Action.RATE, "gap": self._gap(120)})
        return steps, path

    def _feedback_cycle(
        self, steps: list[dict[str, Any]], team: TeamInfo, assignee: int, escalated: bool,
        *, closing: bool,
    ) -> None:  # fmt: skip
        from_team = escalated and self.rng.random() < 0.3
        steps.append(
            {
                "a": Action.REQUEST_FEEDBACK,
                "gap": self._gap(300),
                "who": assignee,
                "team": from_team,
            }
        )
        if not closing:
            steps.append({"a": Action.GIVE_FEEDBACK, "gap": self._gap(720)})

    # --- the rows ------------------------------------------------------------------------------
    def build(self, rows: Rows, ticket_id: int, number: str, draft: Draft, rating_id: int) -> int:
        """Append this ticket's rows; returns the next free rating id."""
        rng, world = self.rng, self.world
        final = pick_status(rng, draft.created_at, self.now)
        steps, path = self.plan(draft, final)
        sub, reporter = self.sub, draft.reporter
        priority = world.priorities[sub.priority_id]
        created = draft.created_at
        total = sum(s["gap"] for s in steps)
        room = (self.now - created).total_seconds() - 1
        scale = min(1.0, room / total) if total > 0 else 1.0
        tender = f"{rng.randrange(10_000_000, 99_999_999)}" if rng.random() < 0.4 else ""
        text = description(rng)
        team = path[0]
        t = GeneratedTicket(
            team=team,
            position=team.position_label,
            resolution_due_at=self.calendar.add_business_minutes(
                created, priority.resolution_minutes
            ),
        )
        rows.teams.append((ticket_id, team.id, created))
        rows.messages.append(
            (ticket_id, reporter.id, "pelapor", "description", text, False, created)
        )
        reasons = [f"Sub kategori: {priority.name}"]
        data = {"priority": priority.code, "reasons": reasons}
        rows.events.append(
            (ticket_id, reporter.id, "create", "", "BARU", team.id, None, json.dumps(data),
             None, created)
        )  # fmt: skip
        moment = created
        for step in steps:
            moment = moment + timedelta(seconds=step["gap"] * scale)
            rating_id = self._apply(rows, ticket_id, t, step, path, reporter, moment, rating_id)
        team = t.team
        rows.tickets.append(
            (ticket_id, created, moment, number, title(rng, tender), text, reporter.id,
             reporter.category_id, reporter.lpse_id, draft.app.id, rng.choice(draft.app.versions),
             sub.category_id, sub.id, world.ticket_type_id,
             f"E{rng.randrange(100, 600)}" if rng.random() < 0.2 else "", tender,
             json.dumps({"code": tender, "source": "manual"} if tender else {}), priority.id,
             json.dumps(reasons), str(t.status), team.id, t.assignee, t.position,
             t.previous_team.id if t.previous_team else None, str(t.feedback_from),
             t.feedback_team.id if t.feedback_team else None, t.resolved_by,
             t.resolved_at, t.reopen_count, t.waiting_since, t.sla_paused_minutes,
             self.calendar.add_business_minutes(created, priority.response_minutes),
             t.resolution_due_at, t.first_response_at, t.done_at, None, "", t.revision,
             None, None)
        )  # fmt: skip
        return rating_id

    def _apply(
        self, rows: Rows, ticket_id: int, t: GeneratedTicket, step: dict[str, Any],
        path: list[TeamInfo], reporter: Reporter, moment: datetime, rating_id: int,
    ) -> int:  # fmt: skip
        """One step: who acts and what they write (messages, rows of their own), then the
        action's field effects and the change of state, as the service would make them."""
        action: Action = step["a"]
        before = t.status
        actor: int | None = step.get("who", reporter.id)
        side = SIDE_BY_TIER[t.team.tier]
        body = ""
        inputs: dict[str, Any] = {}
        if action == Action.ESCALATE:
            target = path[step["to"]]
            inputs["target"] = target
            rows.teams.append((ticket_id, target.id, moment))
            body = reply(self.rng, "escalate")
        elif action == Action.REQUEST_FEEDBACK:
            from_team = step["team"] and t.previous_team is not None
            inputs["asked"] = FeedbackFrom.TEAM if from_team else FeedbackFrom.REPORTER
            body = reply(self.rng, "request_feedback")
        elif action == Action.GIVE_FEEDBACK:
            if t.feedback_team is not None:
                actor = self._member(t.feedback_team)
                side = SIDE_BY_TIER[t.feedback_team.tier]
            else:
                side = Side.PELAPOR
            body = reply(self.rng, "give_feedback")
        elif action == Action.RESOLVE:
            body = reply(self.rng, "resolve")
        elif action == Action.REJECT:
            side = Side.PELAPOR
            body = reply(self.rng, "reject")
        elif action == Action.AUTO_CONFIRM:
            actor, inputs["days"] = None, AUTO_CONFIRM_DAYS
        elif action == Action.CLOSE:
            inputs["reason"] = ""
        elif action == Action.RATE:
            rating_id, inputs["stars"], inputs["chip_ids"] = self._rate(
                rows, ticket_id, reporter, moment, rating_id
            )
        spec = registry.get(action)
        if spec.apply is None:
            raise LookupError(f"Action {action!r} has no field effects to generate.")
        applied = spec.apply(t, Move(actor, moment, self.calendar), **inputs)
        if spec.versioned:  # as Acting.save: status, position and one more revision
            advance(t, action, before)
        if body:
            rows.messages.append((ticket_id, actor, str(side), "message", body, False, moment))
        rows.events.append(
            (ticket_id, actor, action.value, str(before), str(t.status), t.team.id, t.assignee,
             json.dumps(applied.data), None, moment)
        )  # fmt: skip
        return rating_id

    def _rate(
        self, rows: Rows, ticket_id: int, reporter: Reporter, moment: datetime, rating_id: int
    ) -> tuple[int, int, list[int]]:
        """The rating row and its chips; returns the next free rating id, the stars and the
        chip ids."""
        stars = self.rng.choices((1, 2, 3, 4, 5), (3, 4, 10, 33, 50))[0]
        fitting = [chip for chip in self.world.chips if chip[1] <= stars <= chip[2]]
        chosen = self.rng.sample(fitting, min(len(fitting), self.rng.randint(0, 2)))
        message = self.rng.choice(("", "", "Terima kasih, penanganan cepat.", "Sangat membantu."))
        rows.ratings.append((rating_id, ticket_id, reporter.id, stars, message, moment))
        rows.chips.extend((rating_id, chip[0]) for chip in chosen)
        return rating_id + 1, stars, [chip[0] for chip in chosen]
