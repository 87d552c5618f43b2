"""Aksi massal "Lampirkan ke insiden" (issue 14 items 1 and 4): the selected tickets go through
the incidents service one by one; a ticket of another application, one already attached and a
number out of scope are refused with their reasons; reporters are not offered the operation."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lpse_support.tickets.models import Incident, TicketEvent
from lpse_support.tickets.services.incidents import create_incident, link_ticket
from lpse_support.tickets.workflow import Action
from tests.support.api import api_client
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.two_factor import login_verified

pytestmark = pytest.mark.django_db


def _incident(w: TicketWorld) -> Incident:
    return create_incident(
        w.staff_lpse,
        title="SPSE tidak dapat diakses",
        application=w.spse,
        status_text="Server SPSE sedang dalam perbaikan.",
    )


def test_bulk_link_to_incident_on_the_page(ticket_world: TicketWorld) -> None:
    w = ticket_world
    incident = _incident(w)
    fresh = [make_ticket(w, title=f"SPSE gangguan {n}") for n in range(3)]
    already = make_ticket(w, title="SPSE sudah terlampir")
    link_ticket(w.staff_lpse, already, incident)
    other_app = make_ticket(
        w,
        title="Aplikasi lain",
        application_id=w.other_app.pk,
        version_id=w.other_version.pk,
        subcategory_id=w.other_subcategory.pk,
    )
    client = Client()
    login_verified(client, w.staff_lpse)
    html = client.get("/tiket/").content.decode()
    assert "link_incident" in re.findall(r'data-bulk-operation="(\w+)"', html)
    assert "SPSE tidak dapat diakses" in html

    numbers = [t.number for t in (*fresh, already, other_app)] + ["TPS0000000000"]
    response = client.post(
        "/tiket/aksi-massal/",
        {"operation": "link_incident", "pilih": numbers, "link_incident-incident": incident.pk},
    )
    assert response.status_code == 302, response.content[:400]
    page = client.get(response["Location"]).content.decode()
    assert "Tiket sudah terlampir pada insiden ini." in page
    assert "Insiden ini untuk aplikasi lain dari aplikasi tiket." in page
    assert "Tiket tidak ditemukan." in page
    for ticket in fresh:
        ticket.refresh_from_db()
        assert ticket.incident_id == incident.pk
        assert TicketEvent.objects.filter(ticket=ticket, action=Action.LINK_INCIDENT).count() == 1
    other_app.refresh_from_db()
    assert other_app.incident_id is None


def test_bulk_link_through_the_api_and_not_for_reporters(ticket_world: TicketWorld) -> None:
    w = ticket_world
    incident = _incident(w)
    tickets = [make_ticket(w, title=f"SPSE gangguan {n}") for n in range(2)]
    answer = api_client(w.staff_lpse).post(
        "/api/v1/tickets/bulk",
        {
            "operation": "link_incident",
            "numbers": [t.number for t in tickets],
            "inputs": {"incident": str(incident.pk)},
        },
        "application/json",
    )
    assert answer.status_code == 200, answer.content
    assert sorted(answer.json()["succeeded"]) == sorted(t.number for t in tickets)
    resolved = incident.pk + 1000
    missing = api_client(w.staff_lpse).post(
        "/api/v1/tickets/bulk",
        {
            "operation": "link_incident",
            "numbers": [tickets[0].number],
            "inputs": {"incident": str(resolved)},
        },
        "application/json",
    )
    assert missing.status_code == 422 and missing.json()["field"] == "inputs.incident"
    reporter = Client()
    reporter.force_login(w.reporter_a)
    assert 'data-bulk-operation="link_incident"' not in reporter.get("/tiket/").content.decode()
