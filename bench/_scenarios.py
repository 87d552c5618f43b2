"""The pages measured by ``bench/lists.py`` and explained by ``bench/explain_pages.py``, with the
ids they need read from the database the server uses (``DATABASE_URL``, default the bench DB).

Importing this module sets Django up against that database."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/lpse_support_bench"
os.environ.setdefault("DATABASE_URL", BENCH_DATABASE_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402
from django.db.models.functions import TruncDate  # noqa: E402

from lpse_support.accounts.models import User  # noqa: E402
from lpse_support.catalog.models import Application  # noqa: E402
from lpse_support.demo.generator.words import SEARCH_WORD  # noqa: E402
from lpse_support.tickets.models import Ticket, TicketTeam  # noqa: E402

WIB = ZoneInfo("Asia/Jakarta")
PASSWORD = "Demo#2026"  # noqa: S105 — the published demo password (seed_demo)
LIST_P95_MS = 150.0
EXPORT_ROWS = 100_000
EXPORT_SECONDS = 20.0
REPORT_SECONDS = 2.0


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    username: str
    path: str
    kind: str = "page"  # page | export | report
    target: str = "p95 ≤ 150 ms"


def _first_of_year() -> date:
    return date(datetime.now(WIB).year, 1, 1)


def _fmt(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def export_window(rows: int = EXPORT_ROWS) -> tuple[date, date]:
    """From 1 January, the first days holding about ``rows`` tickets (Semua Tiket, everyone)."""
    start = _first_of_year()
    since = datetime.combine(start, time.min, WIB)
    per_day = (
        Ticket.objects.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at", tzinfo=WIB))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    total, end = 0, start
    for row in per_day:
        total += row["n"]
        end = row["day"]
        if total >= rows:
            break
    return start, end


def _number_in_scope(username: str) -> str:
    user = User.objects.get(username=username)
    team_ids = user.team_memberships.values("team_id")
    link = TicketTeam.objects.filter(team_id__in=team_ids).order_by("-ticket_id").first()
    if link is None:
        return Ticket.objects.order_by("-pk").values_list("number", flat=True)[:1].get()
    return Ticket.objects.values_list("number", flat=True).get(pk=link.ticket_id)


def scenarios() -> list[Scenario]:
    if not Ticket.objects.exists():
        sys.exit("No tickets: run `manage.py seed_demo` and `manage.py generate_tickets` first.")
    spse = Application.objects.get(letter="S").pk
    year = _first_of_year()
    quarter = f"dari={_fmt(year)}&sampai={_fmt(date(year.year, 3, 31))}"
    advance = f"tab=semua&aplikasi={spse}&status=DIKERJAKAN&{quarter}"
    lpse_number = _number_in_scope("helpdesk_lpse1")
    lkpp_number = _number_in_scope("helpdesk_lkpp_teknis")
    export_from, export_to = export_window()
    report = f"dari={_fmt(year)}&sampai={_fmt(date(year.year, 12, 31))}"
    return [
        Scenario("masuk", "Tiket Masuk, halaman 1", "helpdesk_lpse1", "/tiket/?tab=masuk"),
        Scenario(
            "ditangani", "Tiket Ditangani, halaman 1", "helpdesk_lpse1", "/tiket/?tab=ditangani"
        ),
        Scenario("advance_l2", "Semua Tiket + Advance (Level 2)", "helpdesk_lkpp_teknis",
                 f"/tiket/?{advance}"),
        Scenario("advance_sup", "Semua Tiket + Advance (supervisor)", "supervisor",
                 f"/tiket/?{advance}"),
        Scenario("nomor", "Cari nomor (awalan 9 huruf)", "helpdesk_lkpp_teknis",
                 f"/tiket/?tab=semua&nomor={lkpp_number[:9]}"),
        Scenario("teks_l2", f"Cari teks “{SEARCH_WORD}” (Level 2)", "helpdesk_lkpp_teknis",
                 f"/tiket/?tab=semua&q={SEARCH_WORD}"),
        Scenario("teks_sup", f"Cari teks “{SEARCH_WORD}” (supervisor)", "supervisor",
                 f"/tiket/?tab=semua&q={SEARCH_WORD}"),
        Scenario("saya", "Tiket Saya (pelapor)", "ppk1", "/tiket/?tab=semua"),
        Scenario("dashboard_l1", "Dashboard (Level 1)", "helpdesk_lpse1", "/"),
        Scenario("dashboard_pelapor", "Dashboard (pelapor)", "ppk1", "/"),
        Scenario("detail", "Detail tiket", "helpdesk_lpse1", f"/tiket/{lpse_number}/"),
        Scenario("csv", f"Ekspor CSV {_fmt(export_from)}–{_fmt(export_to)} (≈100.000 baris)",
                 "supervisor",
                 f"/tiket/ekspor/csv/?tab=semua&dari={_fmt(export_from)}&sampai={_fmt(export_to)}",
                 kind="export", target="≤ 20 s, memori datar"),
        Scenario("reporting", "Reporting satu tahun", "supervisor", f"/reporting/?{report}",
                 kind="report", target="≤ 2 s"),
    ]  # fmt: skip
