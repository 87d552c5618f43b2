"""Aksi massal on Daftar Tiket (issue 14 item 4): each selected ticket goes through its action's
service in its own transaction; the result page lists what succeeded and what was refused and
why; numbers out of scope are "tidak ditemukan"; the selection is capped; a double submit acts
once; the exports hold only the selected tickets the viewer may see."""

from __future__ import annotations

import csv
import io
import re
import uuid
from typing import Any

import pytest
from django.test import Client

from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services.bulk import BULK_MAX
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, Status
from tests.support.factories import UserFactory
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.two_factor import login_verified

pytestmark = pytest.mark.django_db
URL = "/tiket/aksi-massal/"


def staff_client(w: TicketWorld) -> Client:
    client = Client()
    login_verified(client, w.staff_lpse)
    return client


def post(client: Client, operation: str, values: list[str], **extra: Any) -> Any:
    data = {
        "operation": operation,
        "pilih": values,
        "idempotency_key": str(extra.pop("key", uuid.uuid4())),
        "kembali": "tab=masuk",
        **extra,
    }
    return client.post(URL, data)


def result_of(client: Client, response: Any) -> str:
    assert response.status_code == 302, response.content[:500]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return str(page.content.decode())


def section(html: str, name: str) -> str:
    return html.split(f'class="card mb-3 bulk-{name}"', 1)[1].split("</section>", 1)[0]


def elsewhere_ticket(w: TicketWorld) -> Ticket:
    reporter = UserFactory.create(reporter_category=w.category_ppk, home_lpse=w.other_lpse)
    return make_ticket(w, reporter=reporter, title="Tiket LPSE lain")


def test_bulk_take_mixed_success_and_refusals(ticket_world: TicketWorld) -> None:
    w = ticket_world
    fresh = [make_ticket(w, title=f"Baru {n}") for n in range(3)]

    taken = make_ticket(w, title="Sudah diambil")
    ticket_take(ticket_number=taken.number, actor=w.staff_lpse)
    hidden = elsewhere_ticket(w)
    client = staff_client(w)
    values = [f"{t.number}:{t.revision}" for t in fresh]
    values += [taken.number, hidden.number, "TPX9999999999", "bukan nomor!"]
    html = result_of(client, post(client, "take", values))

    for ticket in fresh:
        ticket.refresh_from_db()
        assert (ticket.status, ticket.assignee_id) == (Status.DIKERJAKAN, w.staff_lpse.pk)
        assert TicketEvent.objects.filter(ticket=ticket, action=Action.TAKE).count() == 1
    hidden.refresh_from_db()
    assert hidden.status == Status.BARU and hidden.assignee_id is None
    succeeded, refused = section(html, "succeeded"), section(html, "refused")
    for ticket in fresh:
        assert ticket.number in succeeded and ticket.title in succeeded
    assert "Hasil aksi massal" in html
    assert re.search(rf'data-number="{taken.number}" data-code="\w+"', refused)
    assert "Tindakan tidak dapat dilakukan" in refused or "sudah diambil" in refused
    # Out of scope and unknown look the same: no title, "Tiket tidak ditemukan."
    for number in (hidden.number, "TPX9999999999", "BUKAN NOMOR!"):
        assert f'data-number="{number}" data-code="not_found"' in refused
    assert hidden.title not in html
    assert refused.count("Tiket tidak ditemukan.") == 3


def test_the_result_page_is_its_runners_only_and_has_a_query_budget(
    ticket_world: TicketWorld, django_assert_max_num_queries: Any
) -> None:
    w = ticket_world
    tickets = [make_ticket(w, title=f"Baru {n}") for n in range(12)]
    client = staff_client(w)
    response = post(client, "take", [t.number for t in tickets])
    assert response.status_code == 302
    with django_assert_max_num_queries(8):
        page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.content.decode().count('class="list-group-item d-flex') == 12
    other = Client()
    login_verified(other, w.staff_other_lpse)
    assert other.get(response["Location"]).status_code == 404


def test_a_double_submit_acts_once(ticket_world: TicketWorld) -> None:
    w = ticket_world
    tickets = [make_ticket(w, title=f"Baru {n}") for n in range(3)]
    client = staff_client(w)
    key = uuid.uuid4()
    values = [f"{t.number}:{t.revision}" for t in tickets]
    first = result_of(client, post(client, "take", values, key=key))
    again = result_of(client, post(client, "take", values, key=key))
    for html in (first, again):
        assert section(html, "refused").count("data-code=") == 0
    for ticket in tickets:
        assert TicketEvent.objects.filter(ticket=ticket, action=Action.TAKE).count() == 1


def test_a_ticket_changed_since_it_was_chosen_is_refused(ticket_world: TicketWorld) -> None:
    w = ticket_world
    ticket = make_ticket(w)
    seen = ticket.revision
    ticket_take(ticket_number=ticket.number, actor=w.staff_lpse)
    client = staff_client(w)
    html = result_of(
        client,
        post(
            client,
            "unassign",
            [f"{ticket.number}:{seen}"],
            **{"unassign-reason": "Salah ambil, kembali ke antrean tim."},
        ),
    )
    assert f'data-number="{ticket.number}" data-code="ticket_changed"' in section(html, "refused")
    ticket.refresh_from_db()
    assert ticket.status == Status.DIKERJAKAN


def test_unassign_asks_one_reason_for_all(ticket_world: TicketWorld) -> None:
    w = ticket_world
    tickets = [make_ticket(w, title=f"Baru {n}") for n in range(2)]
    for ticket in tickets:
        ticket_take(ticket_number=ticket.number, actor=w.staff_lpse)
    client = staff_client(w)
    numbers = [t.number for t in tickets]
    refused = post(client, "unassign", numbers, **{"unassign-reason": "pendek"})
    assert refused.status_code == 422
    body = refused.content.decode()
    assert "Alasan minimal 15 karakter." in body and "tidak ada tiket yang diubah" in body
    assert all(Ticket.objects.get(pk=t.pk).status == Status.DIKERJAKAN for t in tickets)
    reason = "Salah ambil, kembali ke antrean tim."
    html = result_of(client, post(client, "unassign", numbers, **{"unassign-reason": reason}))
    assert section(html, "refused").count("data-code=") == 0
    for ticket in tickets:
        ticket.refresh_from_db()
        assert (ticket.status, ticket.assignee_id) == (Status.BARU, None)
        event = TicketEvent.objects.get(ticket=ticket, action=Action.UNASSIGN)
        assert event.data["reason"] == reason


def test_the_selection_is_capped_and_never_empty(ticket_world: TicketWorld) -> None:
    w = ticket_world
    ticket = make_ticket(w)
    client = staff_client(w)
    values = [ticket.number] + [f"TPX{n:010d}" for n in range(BULK_MAX)]
    response = post(client, "take", values)
    assert response.status_code == 422
    assert "paling banyak 100 tiket sekaligus; Anda memilih 101 tiket" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Status.BARU
    empty = post(client, "take", [])
    assert empty.status_code == 422 and "Pilih minimal satu tiket." in empty.content.decode()


def test_reporters_close_only_their_own_and_staff_are_not_offered_close(
    ticket_world: TicketWorld,
) -> None:
    w = ticket_world
    own = make_ticket(w, reporter=w.reporter_a, title="Punya saya")
    theirs = make_ticket(w, reporter=w.reporter_b, title="Punya orang lain")
    client = Client()
    client.force_login(w.reporter_a)
    html = result_of(
        client,
        post(
            client, "close", [own.number, theirs.number], **{"close-reason": "Sudah bisa sendiri."}
        ),
    )
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert own.status == Status.DITUTUP and theirs.status == Status.BARU
    assert own.number in section(html, "succeeded")
    assert f'data-number="{theirs.number}" data-code="not_found"' in section(html, "refused")
    # A reporter may not take; staff are not offered Tutup: refused as input, nothing done.
    assert post(client, "take", [theirs.number]).status_code == 422
    staff = staff_client(w)
    response = post(staff, "close", [theirs.number])
    assert response.status_code == 422
    assert "tidak tersedia untuk akun Anda" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.status == Status.BARU


def test_export_selection_holds_only_the_chosen_visible_tickets(ticket_world: TicketWorld) -> None:
    w = ticket_world
    chosen, other = make_ticket(w, title="Dipilih"), make_ticket(w, title="Tidak dipilih")
    hidden = elsewhere_ticket(w)
    client = staff_client(w)
    response = post(client, "export_csv", [chosen.number, hidden.number])
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    numbers = [row[0] for row in csv.reader(io.StringIO(body))][1:]
    assert numbers == [chosen.number]
    assert other.number not in body and hidden.number not in body
    xlsx = post(client, "export_xlsx", [chosen.number])
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]


def test_the_list_draws_checkboxes_and_only_the_offered_operations(
    ticket_world: TicketWorld,
) -> None:
    w = ticket_world
    ticket = make_ticket(w)
    html = staff_client(w).get("/tiket/").content.decode()
    assert f'value="{ticket.number}:{ticket.revision}"' in html and 'form="bulk-form"' in html
    assert "Pilih semua di halaman ini" in html
    offered = re.findall(r'data-bulk-operation="(\w+)"', html)
    assert offered == ["take", "unassign", "link_incident", "export_csv", "export_xlsx"]
    reporter = Client()
    reporter.force_login(w.reporter_a)
    html = reporter.get("/tiket/").content.decode()
    assert re.findall(r'data-bulk-operation="(\w+)"', html) == [
        "close",
        "export_csv",
        "export_xlsx",
    ]


def test_get_is_not_allowed_and_anonymous_must_log_in(ticket_world: TicketWorld) -> None:
    assert Client().post(URL, {"operation": "take"}).status_code == 302
    assert staff_client(ticket_world).get(URL).status_code == 405
