"""Insiden through the API: create, list, read with progress, link / unlink / duplicate a
ticket, resolve (202 with progress) — the same services and refusals as the pages."""

from __future__ import annotations

import pytest

from lpse_support.tickets.models import Incident, Ticket, TicketEvent
from lpse_support.tickets.services.incidents import run_resolution
from lpse_support.tickets.workflow import Action, Status
from tests.support.api import api_client
from tests.support.ticket_world import TicketWorld, make_ticket

pytestmark = pytest.mark.django_db

BASE = "/api/v1"
NEW = {"title": "SPSE tidak dapat diakses", "status_text": "Server SPSE sedang diperbaiki."}


def test_the_incident_round_trip(ticket_world: TicketWorld) -> None:
    w = ticket_world
    staff = api_client(w.staff_lpse)
    made = staff.post(
        f"{BASE}/incidents", {**NEW, "application_id": w.spse.pk}, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    incident_id = made.json()["id"]
    assert made.json()["state"] == "open"
    ticket, original = make_ticket(w), make_ticket(w)

    linked = staff.post(
        f"{BASE}/tickets/{ticket.number}/incident",
        {"incident_id": incident_id},
        content_type="application/json",
    )
    assert linked.status_code == 200, linked.content
    assert linked.json()["incident"]["id"] == incident_id
    again = staff.post(
        f"{BASE}/tickets/{ticket.number}/incident",
        {"incident_id": incident_id},
        content_type="application/json",
    )
    assert (again.status_code, again.json()["code"]) == (409, "already_linked")
    unlinked = staff.delete(f"{BASE}/tickets/{ticket.number}/incident")
    assert unlinked.status_code == 200 and unlinked.json()["incident"] is None
    dup = staff.post(
        f"{BASE}/tickets/{ticket.number}/duplicate-of",
        {"number": original.number},
        content_type="application/json",
    )
    assert dup.json()["duplicate_of"] == original.number
    staff.post(
        f"{BASE}/tickets/{ticket.number}/incident",
        {"incident_id": incident_id},
        content_type="application/json",
    )
    assert [row["id"] for row in staff.get(f"{BASE}/incidents").json()] == [incident_id]

    resolved = staff.post(
        f"{BASE}/incidents/{incident_id}/resolve",
        {"message": "Server SPSE sudah pulih sepenuhnya."},
        content_type="application/json",
    )
    assert resolved.status_code == 202, resolved.content
    assert resolved.json()["progress"] == {
        "done": 0,
        "total": 1,
        "resolved": 0,
        "skipped": 0,
        "percent": 0,
    }
    run_resolution(incident_id)
    read = staff.get(f"{BASE}/incidents/{incident_id}").json()
    assert (read["state"], read["progress"]["resolved"]) == ("resolved", 1)
    assert Ticket.objects.get(pk=ticket.pk).status == Status.MENUNGGU_KONFIRMASI
    actions = TicketEvent.objects.filter(ticket=ticket).values_list("action", flat=True)
    assert list(actions)[-2:] == [Action.LINK_INCIDENT, Action.RESOLVE_INCIDENT]


def test_refusals(ticket_world: TicketWorld) -> None:
    w = ticket_world
    reporter = api_client(w.reporter_a)
    created = reporter.post(
        f"{BASE}/incidents", {**NEW, "application_id": w.spse.pk}, content_type="application/json"
    )
    assert (created.status_code, created.json()["code"]) == (404, "incident_not_found")
    assert reporter.get(f"{BASE}/incidents").json() == []
    staff = api_client(w.staff_lpse)
    unknown = staff.post(
        f"{BASE}/incidents", {**NEW, "application_id": 99999}, content_type="application/json"
    )
    assert (unknown.status_code, unknown.json()["field"]) == (422, "application_id")
    blank = staff.post(
        f"{BASE}/incidents",
        {**NEW, "title": " ", "application_id": w.spse.pk},
        content_type="application/json",
    )
    assert (blank.status_code, blank.json()["field"]) == (422, "title")
    incident = Incident.objects.create(
        title="x",
        application=w.spse,
        status_text="y",
        started_at=w.spse.created_at,
        created_by=w.staff_lpse,
    )
    ticket = make_ticket(w)
    other = api_client(w.staff_other_lpse)
    hidden = other.post(
        f"{BASE}/tickets/{ticket.number}/incident",
        {"incident_id": incident.pk},
        content_type="application/json",
    )
    assert hidden.status_code == 404
    assert reporter.get(f"{BASE}/incidents/{incident.pk}").status_code == 404
    assert Ticket.objects.get(pk=ticket.pk).incident is None
