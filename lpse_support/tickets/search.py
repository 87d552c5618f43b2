"""Daftar Tiket and its search (R-UI-3, R-UI-4): the tabs, the filters of "Cari Tiket"/Advance and
the sort orders, applied to ``tickets_visible_to`` — never wider. The pages, the exports and the
API all read tickets through ``search_tickets``; only the way they parse input differs.

Free text uses PostgreSQL full-text search over title + description (the ``simple`` dictionary:
Indonesian has no stemmer in PostgreSQL, and ticket text is full of codes); the expression below is
the one the GIN index ``ticket_fulltext`` is built on, so the planner can use it. SQLite has no
full-text index here: every word must occur in the title or the description (``icontains``).
A ticket also matches when one Diskusi message the viewer may read holds every word (GIN index
``ticket_message_fulltext``); the list marks those tickets (``found_in_discussion``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import OrderBy
from django.utils import timezone

from lpse_support.accounts.viewer import Viewer, ViewerOrUser
from lpse_support.catalog.models import PriorityLevel
from lpse_support.tickets.access import tickets_visible_to
from lpse_support.tickets.models import Ticket, TicketEvent, TicketMessage
from lpse_support.tickets.workflow import (
    DONE_STATUSES,
    SLA_RESOLUTION,
    SLA_RESPONSE,
    SLA_STATUSES,
    Action,
    FeedbackFrom,
    Status,
)

WIB = ZoneInfo("Asia/Jakarta")
FULLTEXT_CONFIG = "simple"
MAX_WORDS = 8
TAKE_ACTION = str(Action.TAKE)
# Narrowed sets (Riwayat, Tiket Masuk, Tiket Ditangani, number search) reach this many tickets
# back — the depth of list paging (selectors.COUNT_CAP).
NARROW_CAP = 10_000

# Tabs (guide §4.2, Gambar 7–9). Staff: Tiket Masuk, Tiket Ditangani, Riwayat; everyone: Semua
# Tiket (the menu entry). A plain reporter's "Tiket Saya": open tickets and Riwayat (done ones).
TAB_MASUK = "masuk"
TAB_DITANGANI = "ditangani"
TAB_RIWAYAT = "riwayat"
TAB_SEMUA = "semua"
TAB_AKTIF = "aktif"
STAFF_TABS = (TAB_MASUK, TAB_DITANGANI, TAB_RIWAYAT, TAB_SEMUA)
REPORTER_TABS = (TAB_AKTIF, TAB_RIWAYAT, TAB_SEMUA)

PRIORITY_ORDERS = ("priority", "-priority")
SLA_ORDERS = ("sla", "-sla")
# Finished tickets have nothing left to meet: "Batas SLA terdekat" lists every open ticket first
# (soonest due first, overdue ones on top), then the finished ones (issue 17 item 4).
FINISHED = Case(
    When(status__in=list(DONE_STATUSES), then=Value(1)),
    default=Value(0),
    output_field=IntegerField(),
)
ORDER_BY: dict[str, tuple[str | OrderBy, ...]] = {
    "-created_at": ("-created_at", "-pk"),
    "created_at": ("created_at", "pk"),
    # rank 1 is Emergency: "priority" lists the most urgent first.
    "priority": ("priority__rank", "-created_at", "-pk"),
    "-priority": ("-priority__rank", "-created_at", "-pk"),
    # the resolution target: "sla" lists the soonest due first.
    "sla": (FINISHED.asc(), "resolution_due_at", "pk"),
    "-sla": (FINISHED.desc(), "-resolution_due_at", "-pk"),
}


def fulltext_vector() -> SearchVector:
    """The indexed expression (migration 0003 builds ``ticket_fulltext`` on exactly this)."""
    return SearchVector("title", "description", config=FULLTEXT_CONFIG)


def message_vector() -> SearchVector:
    """The indexed expression of the Diskusi (migration 0011 builds ``ticket_message_fulltext``)."""
    return SearchVector("body", config=FULLTEXT_CONFIG)


@dataclass(frozen=True)
class TicketQuery:
    """What the user asked for; empty values mean "no filter"."""

    tab: str = TAB_SEMUA
    number: str = ""
    text: str = ""
    title: str = ""
    status: str = ""
    application_id: int | None = None
    version_id: int | None = None
    category_id: int | None = None
    priority_code: str = ""
    lpse_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    overdue: bool = False
    nearly_overdue: bool = False
    taken_today: bool = False
    ordering: str = "-created_at"

    @property
    def has_filters(self) -> bool:
        return any(
            (
                self.number,
                self.text,
                self.title,
                self.status,
                self.application_id,
                self.version_id,
                self.category_id,
                self.priority_code,
                self.lpse_id,
                self.date_from,
                self.date_to,
                self.overdue,
                self.nearly_overdue,
                self.taken_today,
            )
        )


def small_tab_condition(who: ViewerOrUser, tab: str) -> Q | None:
    """The indexed condition of Tiket Masuk / Tiket Ditangani for staff (``None`` otherwise).
    Both sets lie inside the user's scope by construction: a team's ticket has a ``TicketTeam``
    row for that team, the asked team escalated the ticket, assignee and reporter are in scope."""
    viewer = Viewer.of(who)
    if viewer.is_plain_reporter and tab in REPORTER_TABS:
        return None
    if tab == TAB_AKTIF:  # staff have no "aktif" tab: their open work is Tiket Ditangani
        tab = TAB_DITANGANI
    if tab not in (TAB_MASUK, TAB_DITANGANI):
        return None
    team_ids = viewer.team_ids
    if tab == TAB_MASUK:
        return Q(status=Status.BARU, team_id__in=team_ids) if team_ids else Q(pk__in=[])
    asked_of_me = Q(status=Status.MENUNGGU_FEEDBACK) & (
        Q(feedback_from=FeedbackFrom.REPORTER, reporter_id=viewer.pk)
        | Q(feedback_from=FeedbackFrom.TEAM, feedback_team_id__in=team_ids)
    )
    to_confirm = Q(status=Status.MENUNGGU_KONFIRMASI, reporter_id=viewer.pk)
    # In my hands only in a team I am still in (an assignment outside it grants nothing).
    working = Q(assignee_id=viewer.pk, team_id__in=team_ids) & ~Q(status__in=DONE_STATUSES)
    return working | asked_of_me | to_confirm


def _tab(tickets: QuerySet[Ticket], tab: str, viewer: Viewer) -> QuerySet[Ticket]:
    condition = small_tab_condition(viewer, tab)
    if condition is not None:
        return tickets.filter(pk__in=narrowed_ids(condition))
    if tab in REPORTER_TABS and viewer.is_plain_reporter:
        own = tickets.filter(reporter_id=viewer.pk)
        if tab == TAB_AKTIF:
            return own.exclude(status__in=DONE_STATUSES)
        if tab == TAB_RIWAYAT:
            return own.filter(status__in=DONE_STATUSES)
        return own
    if tab == TAB_RIWAYAT:
        return tickets.filter(pk__in=acted_on_by(viewer))
    return tickets


def tab_size(who: ViewerOrUser, tab: str) -> int:
    """The badge of a tab: Tiket Masuk and Tiket Ditangani count their indexed id list (at most
    ``NARROW_CAP`` + 1; the scope is not re-checked row by row, see ``small_tab_condition``);
    other tabs a capped count of the list itself."""
    viewer = Viewer.of(who)
    condition = small_tab_condition(viewer, tab)
    if condition is not None:
        return len(narrowed_ids(condition))
    tickets = search_tickets(viewer, TicketQuery(tab=tab)).order_by()
    return int(tickets[: NARROW_CAP + 1].count())


def narrowed_ids(condition: Q) -> list[int]:
    """The newest ``NARROW_CAP`` + 1 tickets matching a selective ``condition`` that has its own
    index (a team's new tickets, a person's open work, a number prefix), read first as literal
    ids. Put in the list's own query, the planner walks the whole scope by date expecting matches
    early — seconds at a million tickets when there are few."""
    ids = (
        Ticket.objects.filter(condition)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[: NARROW_CAP + 1]
    )
    return list(ids)


def acted_on_by(who: ViewerOrUser) -> list[int]:
    """The newest ``NARROW_CAP`` + 1 tickets ``who`` acted on, as literal ids (index
    ticket_event_actor). Joined as a sub-select instead, the planner walks the whole scope by date
    looking for a user's few tickets — 4 s at a million tickets for someone who acted on none."""
    acted = (
        TicketEvent.objects.filter(actor_id=who.pk)
        .order_by("-ticket_id")
        .values_list("ticket_id", flat=True)
        .distinct()
    )
    return list(acted[: NARROW_CAP + 1])


def _words(text: str) -> list[str]:
    return [word for word in text.split() if word][:MAX_WORDS]


def _readable_messages(viewer: Viewer) -> QuerySet[TicketMessage]:
    """The Diskusi messages of the outer ticket ``viewer`` may read (``access.
    may_see_internal_notes`` as a condition): internal notes only for staff readers, and never
    on a ticket they reported. The description (the first entry) is searched as the ticket's."""
    messages = TicketMessage.objects.filter(ticket_id=OuterRef("pk")).exclude(
        kind=TicketMessage.Kind.DESCRIPTION
    )
    if not viewer.is_staff_reader:
        return messages.filter(is_internal=False)
    return messages.filter(Q(is_internal=False) | ~Q(ticket__reporter_id=viewer.pk))


def _free_text(tickets: QuerySet[Ticket], text: str, viewer: Viewer) -> QuerySet[Ticket]:
    """Every word in title + description, or every word in one readable Diskusi message; the
    latter is annotated as ``found_in_discussion`` for the card's "ditemukan di"."""
    words = _words(text)
    if not words:
        return tickets
    messages = _readable_messages(viewer)
    if connection.vendor == "postgresql":
        # Every word, each as a prefix ("dokum" finds "dokumen"); quoted so no word is an operator.
        cleaned = [word.replace("\\", "").replace("'", "''") for word in words]
        if not any(cleaned):
            return tickets.none()  # only characters a query cannot hold
        terms = " & ".join(f"'{word}':*" for word in cleaned if word)
        query = SearchQuery(terms, config=FULLTEXT_CONFIG, search_type="raw")
        in_ticket = Q(fulltext=query)
        tickets = tickets.annotate(fulltext=fulltext_vector())
        messages = messages.annotate(fulltext=message_vector()).filter(fulltext=query)
    else:
        in_ticket = Q()
        for word in words:
            in_ticket &= Q(title__icontains=word) | Q(description__icontains=word)
            messages = messages.filter(body__icontains=word)
    tickets = tickets.annotate(found_in_discussion=Exists(messages))
    return tickets.filter(in_ticket | Q(found_in_discussion=True))


def found_in(ticket: Ticket, text: str) -> list[str]:
    """Where the words of a keyword search occur on a listed ticket: ``"judul"``,
    ``"deskripsi"`` (any word, case-insensitive, from the loaded row) and ``"diskusi"`` (one
    readable message holds every word — the annotation of ``_free_text``; no query)."""
    words = [word.lower() for word in _words(text)]
    if not words:
        return []
    places = []
    if any(word in ticket.title.lower() for word in words):
        places.append("judul")
    if any(word in ticket.description.lower() for word in words):
        places.append("deskripsi")
    if getattr(ticket, "found_in_discussion", False):
        places.append("diskusi")
    return places


def wib_day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, WIB)


def filter_query(tickets: QuerySet[Ticket], query: TicketQuery, viewer: Viewer) -> QuerySet[Ticket]:
    if query.number:
        number = query.number.strip().upper()
        tickets = tickets.filter(pk__in=narrowed_ids(Q(number__startswith=number)))
    tickets = _free_text(tickets, query.text, viewer)
    if query.title.strip():
        tickets = tickets.filter(title__icontains=query.title.strip())
    if query.status:
        tickets = tickets.filter(status=query.status)
    if query.application_id is not None:
        tickets = tickets.filter(application_id=query.application_id)
    if query.version_id is not None:
        tickets = tickets.filter(version_id=query.version_id)
    if query.category_id is not None:
        tickets = tickets.filter(category_id=query.category_id)
    if query.priority_code:
        tickets = tickets.filter(priority__code=query.priority_code)
    if query.lpse_id is not None:
        tickets = tickets.filter(reporter_lpse_id=query.lpse_id)
    if query.date_from is not None:
        tickets = tickets.filter(created_at__gte=wib_day_start(query.date_from))
    if query.date_to is not None:
        tickets = tickets.filter(created_at__lt=wib_day_start(query.date_to + timedelta(days=1)))
    if query.overdue:
        tickets = overdue(tickets)
    if query.nearly_overdue:
        tickets = nearly_overdue(tickets)
    return tickets


def overdue(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """Open tickets past their resolution target (the "Terlambat" counter and filter)."""
    return tickets.exclude(status__in=DONE_STATUSES).filter(resolution_due_at__lt=timezone.now())


def nearly_overdue(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """Tickets the SLA watch warned about whose target is still ahead and still running (the
    "Akan Terlambat" counter and filter): warned of the response target and not yet taken, or
    warned of the resolution target and not yet handed to the reporter. The warned tickets are
    read from the few ``sla_warning`` events (index ticket_event_action_time)."""
    now = timezone.now()

    def warned(target: str) -> Q:
        events = TicketEvent.objects.filter(action=Action.SLA_WARNING, data__target=target)
        return Q(pk__in=events.values("ticket_id"))

    response = warned(SLA_RESPONSE) & Q(first_response_at__isnull=True, response_due_at__gt=now)
    resolution = warned(SLA_RESOLUTION) & Q(resolution_due_at__gt=now)
    return tickets.filter(status__in=SLA_STATUSES).filter(response | resolution)


def start_of_today() -> datetime:
    """Midnight WIB today — "Hari Ini" of the dashboard."""
    return wib_day_start(timezone.now().astimezone(WIB).date())


def taken_today_by(tickets: QuerySet[Ticket], who: ViewerOrUser) -> QuerySet[Ticket]:
    taken = TicketEvent.objects.filter(
        ticket_id=OuterRef("pk"),
        actor_id=who.pk,
        action=TAKE_ACTION,
        created_at__gte=start_of_today(),
    )
    return tickets.filter(Exists(taken))


def search_tickets(
    who: ViewerOrUser, query: TicketQuery, *, depth: int | None = None
) -> QuerySet[Ticket]:
    """The tab's tickets in ``who``'s scope, filtered and sorted (no card relations loaded).
    A page passes ``depth`` (the rows it reads: offset + size + 1) so that a priority sort is
    served level by level through an index instead of sorting the whole scope."""
    viewer = Viewer.of(who)
    tickets = filter_query(_tab(tickets_visible_to(viewer), query.tab, viewer), query, viewer)
    if query.taken_today:
        tickets = taken_today_by(tickets, viewer)
    if depth is not None and query.ordering in PRIORITY_ORDERS:
        return by_priority(tickets, query.ordering, depth)
    if depth is not None and query.ordering in SLA_ORDERS:
        return by_sla(tickets, query.ordering, depth)
    return tickets.order_by(*ORDER_BY.get(query.ordering, ORDER_BY["-created_at"]))


def by_sla(tickets: QuerySet[Ticket], ordering: str, depth: int) -> QuerySet[Ticket]:
    """The first ``depth`` tickets of the SLA order, read one group at a time (open, then
    finished; reversed for "-sla") along the index ``ticket_sla_order``, then sorted as one small
    set: a ``CASE`` in ``ORDER BY`` alone would sort the whole scope."""
    open_first = ordering == "sla"
    groups = [Q(status__in=list(DONE_STATUSES)), ~Q(status__in=list(DONE_STATUSES))]
    due = ("resolution_due_at", "pk") if open_first else ("-resolution_due_at", "-pk")
    ids: list[int] = []
    for group in reversed(groups) if open_first else groups:
        if len(ids) >= depth:
            break
        ids.extend(
            tickets.filter(group).order_by(*due).values_list("pk", flat=True)[: depth - len(ids)]
        )
    return tickets.filter(pk__in=ids).order_by(*ORDER_BY[ordering])


def by_priority(tickets: QuerySet[Ticket], ordering: str, depth: int) -> QuerySet[Ticket]:
    """The first ``depth`` tickets in priority order, read one priority level at a time, newest
    first (index ``ticket_priority_recent``), then sorted as one small set. ``ORDER BY`` the
    joined level's rank cannot use an index: at a million tickets it sorted the whole scope
    (0.7–3.3 s per page)."""
    levels = PriorityLevel.objects.order_by("rank" if ordering == "priority" else "-rank")
    ids: list[int] = []
    for level_id in levels.values_list("pk", flat=True):
        if len(ids) >= depth:
            break
        newest = tickets.filter(priority_id=level_id).order_by("-created_at", "-pk")
        ids.extend(newest.values_list("pk", flat=True)[: depth - len(ids)])
    return tickets.filter(pk__in=ids).order_by(*ORDER_BY[ordering])
