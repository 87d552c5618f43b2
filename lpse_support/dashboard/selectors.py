"""Dashboard counters (R-UI-2). Each counter is the size of the list it links to — computed with
the same ``search_tickets`` and the same query string, so the two can never disagree — over small
indexed sets (my teams' new tickets, the tickets in my hands), a few aggregate queries in all."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.utils import timezone

from lpse_support.accounts.viewer import Viewer, ViewerOrUser
from lpse_support.tickets.search import (
    TAB_AKTIF,
    TAB_DITANGANI,
    TAB_MASUK,
    TAB_RIWAYAT,
    TAB_SEMUA,
    TicketQuery,
    search_tickets,
    tab_size,
)
from lpse_support.tickets.workflow import Status


@dataclass(frozen=True)
class CounterLink:
    """A counter's list: the query string of Daftar Tiket and the same query for the count."""

    params: dict[str, str]
    query: TicketQuery

    @property
    def query_string(self) -> str:
        return urlencode(self.params)


def _link(
    tab: str,
    *,
    status: str = "",
    overdue: bool = False,
    nearly_overdue: bool = False,
    taken: bool = False,
) -> CounterLink:
    params = {"tab": tab}
    if status:
        params["status"] = status
    if overdue:
        params["terlambat"] = "on"
    if nearly_overdue:
        params["akan_terlambat"] = "on"
    if taken:
        params["diambil"] = "hari-ini"
    query = TicketQuery(
        tab=tab, status=status, overdue=overdue, nearly_overdue=nearly_overdue, taken_today=taken
    )
    return CounterLink(params, query)


STAFF_LINKS = {
    "baru": _link(TAB_MASUK),
    "dikerjakan": _link(TAB_DITANGANI, status=Status.DIKERJAKAN),
    "diambil_hari_ini": _link(TAB_RIWAYAT, taken=True),
    "feedback": _link(TAB_DITANGANI, status=Status.MENUNGGU_FEEDBACK),
    "konfirmasi": _link(TAB_DITANGANI, status=Status.MENUNGGU_KONFIRMASI),
    "terlambat": _link(TAB_DITANGANI, overdue=True),
    # Every ticket of my scope the SLA watch warned about, taken or not (issue 14 item 6).
    "akan_terlambat": _link(TAB_SEMUA, nearly_overdue=True),
}
REPORTER_LINKS = {
    "baru": _link(TAB_AKTIF, status=Status.BARU),
    "dikerjakan": _link(TAB_AKTIF, status=Status.DIKERJAKAN),
    "feedback": _link(TAB_AKTIF, status=Status.MENUNGGU_FEEDBACK),
    "konfirmasi": _link(TAB_AKTIF, status=Status.MENUNGGU_KONFIRMASI),
    "terlambat": _link(TAB_AKTIF, overdue=True),
}


def _by_status(viewer: Viewer, tab: str) -> dict[str, int]:
    """One aggregate over the tab: each status and the overdue ones."""
    counts = (
        search_tickets(viewer, TicketQuery(tab=tab))
        .order_by()
        .aggregate(
            baru=Count("pk", filter=Q(status=Status.BARU)),
            dikerjakan=Count("pk", filter=Q(status=Status.DIKERJAKAN)),
            feedback=Count("pk", filter=Q(status=Status.MENUNGGU_FEEDBACK)),
            konfirmasi=Count("pk", filter=Q(status=Status.MENUNGGU_KONFIRMASI)),
            terlambat=Count("pk", filter=Q(resolution_due_at__lt=timezone.now())),
        )
    )
    return {key: int(value) for key, value in counts.items()}


def reporter_counts(who: ViewerOrUser) -> dict[str, int]:
    """The reporter's own open tickets by status, and the overdue ones (Tiket Aktif)."""
    return _by_status(Viewer.of(who), TAB_AKTIF)


def staff_counts(who: ViewerOrUser) -> dict[str, int]:
    """Belum Diambil in my teams; what I handle by status; what I took today (WIB); the tickets
    of my scope close to their SLA target (warned, not yet late)."""
    viewer = Viewer.of(who)
    counts = _by_status(viewer, TAB_DITANGANI)
    counts["baru"] = tab_size(viewer, TAB_MASUK)
    taken_today = STAFF_LINKS["diambil_hari_ini"].query
    counts["diambil_hari_ini"] = search_tickets(viewer, taken_today).count()
    nearly = STAFF_LINKS["akan_terlambat"].query
    counts["akan_terlambat"] = search_tickets(viewer, nearly).order_by().count()
    return counts
