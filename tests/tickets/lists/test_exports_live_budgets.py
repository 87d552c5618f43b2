"""Export CSV / Excel of a list (same search, same scope, card columns, WIB, formula injection
neutralised), live updates by ETag (304 until a ticket event), and query budgets of every tab."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.support.factories import UserFactory
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))


def test_csv_holds_the_filtered_scoped_rows(client: Client, ticket_world: TicketWorld) -> None:
    w = ticket_world
    wanted = make_ticket(w, title="Jadwal tender tidak bisa diubah")
    make_ticket(w, title="Lupa kata sandi")
    elsewhere_reporter = UserFactory.create(
        reporter_category=w.category_ppk, home_lpse=w.other_lpse
    )
    elsewhere = make_ticket(w, reporter=elsewhere_reporter, title="Jadwal tender di LPSE lain")
    client.force_login(w.staff_lpse)
    response = client.get("/tiket/ekspor/csv/", {"tab": "semua", "judul": "jadwal"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="tiket-')
    rows = csv_rows(response)
    assert rows[0][:4] == ["No. Tiket", "Judul", "Status", "Prioritas"]
    assert "Dibuat Pada (WIB)" in rows[0]
    assert [row[0] for row in rows[1:]] == [wanted.number]
    assert elsewhere.number not in body(client.get("/tiket/ekspor/csv/", {"tab": "semua"})).decode()
    created = rows[1][rows[0].index("Dibuat Pada (WIB)")]
    assert len(created) == 16 and created[2] == "/" and created[5] == "/"  # dd/mm/yyyy HH:MM


def test_formula_injection_is_neutralised(client: Client, ticket_world: TicketWorld) -> None:
    w = ticket_world
    make_ticket(w, title='=HYPERLINK("http://evil.example","klik")')
    make_ticket(w, title="+62 812 tidak bisa login")
    make_ticket(w, title="@SUM(A1) di judul")
    make_ticket(w, title="-1 penawaran hilang")
    client.force_login(w.staff_lpse)
    titles = {row[1] for row in csv_rows(client.get("/tiket/ekspor/csv/"))[1:]}
    assert titles == {
        '\'=HYPERLINK("http://evil.example","klik")',
        "'+62 812 tidak bisa login",
        "'@SUM(A1) di judul",
        "'-1 penawaran hilang",
    }
    # In Excel the cells are typed text (data type "s"), which Excel never evaluates.
    sheet = load_workbook(io.BytesIO(body(client.get("/tiket/ekspor/xlsx/")))).active
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert {cell.data_type for cell in cells} == {"s"}
    assert {str(cell.value).lstrip("'") for cell in cells} == {t.lstrip("'") for t in titles}


def test_xlsx_holds_the_rows(client: Client, ticket_world: TicketWorld) -> None:
    tickets = [make_ticket(ticket_world, title=f"Tiket nomor {n}") for n in range(3)]
    client.force_login(ticket_world.reporter_a)
    response = client.get("/tiket/ekspor/xlsx/", {"tab": "semua"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    rows = list(load_workbook(io.BytesIO(body(response))).active.iter_rows(values_only=True))
    assert rows[0][0] == "No. Tiket"
    assert [row[0] for row in rows[1:]] == [t.number for t in reversed(tickets)]


def test_bad_search_exports_nothing(client: Client, ticket_world: TicketWorld) -> None:
    make_ticket(ticket_world)
    client.force_login(ticket_world.staff_lpse)
    response = client.get("/tiket/ekspor/csv/", {"dari": "kemarin"})
    assert response.status_code == 400
    assert "Tanggal harus ditulis dd/mm/yyyy" in response.content.decode()
    client.logout()
    assert client.get("/tiket/ekspor/csv/").status_code == 302


@pytest.mark.parametrize("url", ["/tiket/?tab=masuk", "/"])
def test_live_page_answers_304_until_a_ticket_changes(
    client: Client, ticket_world: TicketWorld, url: str
) -> None:
    w = ticket_world
    ticket = make_ticket(w)
    client.force_login(w.staff_lpse)
    first = client.get(url)
    etag = first["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    assert f'data-live-etag="{etag.replace(chr(34), "&quot;")}"' in first.content.decode()
    with CaptureQueriesContext(connection) as queries:
        unchanged = client.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert len(queries) <= 4  # session, user, newest event id — no list query
    ticket_take(ticket_number=ticket.number, actor=w.staff_lpse)
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    # Another user never shares an ETag.
    client.force_login(w.reporter_a)
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_detail_etag_follows_its_own_ticket(client: Client, ticket_world: TicketWorld) -> None:
    w = ticket_world
    ticket = make_ticket(w)
    other = make_ticket(w)
    client.force_login(w.reporter_a)
    url = f"/tiket/{ticket.number}/"
    etag = client.get(url)["ETag"]
    ticket_comment(ticket_number=other.number, actor=w.reporter_a, message="Pesan di tiket lain.")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    ticket_comment(ticket_number=ticket.number, actor=w.reporter_a, message="Pesan baru di sini.")
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Pesan baru di sini." in response.content.decode()
    client.force_login(w.staff_other_lpse)  # out of scope: 404 whatever the ETag
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 404


def _queries(client: Client, params: dict[str, Any]) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/tiket/", params).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params",
    [
        {"tab": "masuk"},
        {"tab": "ditangani"},
        {"tab": "riwayat"},
        {"tab": "semua"},
        {"tab": "semua", "q": "dokumen", "status": "DIKERJAKAN", "urut": "sla"},
    ],
)
def test_each_tab_runs_a_fixed_number_of_queries(
    client: Client, ticket_world: TicketWorld, django_assert_max_num_queries: Any, params: Any
) -> None:
    w = ticket_world
    client.force_login(w.staff_lpse)
    for ticket in (make_ticket(w), make_ticket(w)):
        ticket_take(ticket_number=ticket.number, actor=w.staff_lpse)
    make_ticket(w)
    few = _queries(client, {**params, "per_page": 100})
    for n in range(30):
        ticket = make_ticket(w, title=f"Tiket dokumen {n}")
        if n % 2:
            ticket_take(ticket_number=ticket.number, actor=w.staff_lpse)
    with django_assert_max_num_queries(few):
        client.get("/tiket/", {**params, "per_page": 100})
    assert few <= 20
