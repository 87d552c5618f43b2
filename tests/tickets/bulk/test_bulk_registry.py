"""One registry entry is a whole bulk operation (docs/lists.md "Add a bulk operation"): an extra
operation registered with its service and an extra field appears in the bar and in the dialog
for those it is offered to, runs through the page and through the API, and goes away again."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django import forms
from django.test import Client

from lpse_support.tickets import bulk
from lpse_support.tickets.models import TicketMessage
from lpse_support.tickets.services.ticket_comment import ticket_comment
from tests.support.api import api_client
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.two_factor import login_verified

pytestmark = pytest.mark.django_db
NOTE = "Sedang ada gangguan massal, mohon ditunggu."


@pytest.fixture
def announce() -> Iterator[bulk.BulkOperation]:
    operation = bulk.BulkOperation(
        code="announce",
        label="Umumkan gangguan",
        icon="bi-megaphone",
        order=40,
        offered=bulk.support_staff,
        perform=ticket_comment,
        fields=lambda viewer: {"note": forms.CharField(label="Pengumuman", min_length=15)},
        inputs=lambda cleaned: {"message": cleaned["note"]},
    )
    bulk.register(operation)
    yield operation
    bulk.unregister("announce")


def test_a_registered_operation_is_offered_and_runs(
    ticket_world: TicketWorld, announce: bulk.BulkOperation
) -> None:
    w = ticket_world
    tickets = [make_ticket(w, title=f"Gangguan {n}") for n in range(2)]
    client = Client()
    login_verified(client, w.staff_lpse)
    html = client.get("/tiket/").content.decode()
    assert re.findall(r'data-bulk-operation="(\w+)"', html) == [
        "take",
        "unassign",
        "link_incident",
        "announce",
        "export_csv",
        "export_xlsx",
    ]
    assert 'data-bulk-fields="announce"' in html and 'name="announce-note"' in html
    reporter = Client()
    reporter.force_login(w.reporter_a)
    assert 'data-bulk-operation="announce"' not in reporter.get("/tiket/").content.decode()

    response = client.post(
        "/tiket/aksi-massal/",
        {"operation": "announce", "pilih": [t.number for t in tickets], "announce-note": NOTE},
    )
    assert response.status_code == 302
    for ticket in tickets:
        assert TicketMessage.objects.filter(ticket=ticket, body=NOTE).count() == 1

    answer = api_client(w.staff_lpse).post(
        "/api/v1/tickets/bulk",
        {"operation": "announce", "numbers": [tickets[0].number], "inputs": {"note": "pendek"}},
        "application/json",
    )
    assert answer.status_code == 422 and answer.json()["field"] == "inputs.note"


def test_unregistered_it_is_gone(ticket_world: TicketWorld) -> None:
    assert bulk.find("announce") is None
    with pytest.raises(ValueError, match="registered twice"):
        bulk.register(bulk.all_operations()[0])


def test_an_unexpected_failure_on_one_ticket_is_reported_and_the_batch_goes_on(
    ticket_world: TicketWorld,
) -> None:
    """A bug or a database error on one ticket is that ticket's "gangguan sistem" on the result
    page (logged), not a 500 that loses the report of the tickets already done."""
    w = ticket_world
    first, broken, last = (make_ticket(w, title=f"Gangguan {n}") for n in range(3))

    def flaky(**kwargs: object) -> None:
        if kwargs["ticket_number"] == broken.number:
            raise RuntimeError("database went away")
        ticket_comment(**kwargs)  # type: ignore[arg-type]

    operation = bulk.BulkOperation(
        code="flaky",
        label="Umumkan gangguan",
        icon="bi-megaphone",
        order=41,
        offered=bulk.support_staff,
        perform=flaky,
        fields=lambda viewer: {},
        inputs=lambda cleaned: {"message": NOTE},
    )
    bulk.register(operation)
    try:
        client = Client()
        login_verified(client, w.staff_lpse)
        response = client.post(
            "/tiket/aksi-massal/",
            {"operation": "flaky", "pilih": [first.number, broken.number, last.number]},
        )
        assert response.status_code == 302
        html = client.get(response["Location"]).content.decode()
    finally:
        bulk.unregister("flaky")
    assert "gangguan sistem" in html and broken.number in html
    for ticket, messages in ((first, 1), (broken, 0), (last, 1)):
        assert TicketMessage.objects.filter(ticket=ticket, body=NOTE).count() == messages
