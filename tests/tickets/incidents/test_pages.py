"""Insiden pages: the list and create form, the incident with its children and progress, the
banner and the one-click attach on Detail Tiket, the deflection on Buat Tiket Baru — scope,
refusals and query budgets."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lpse_support.tickets.models import Incident, Ticket, TicketEvent
from lpse_support.tickets.services.incidents import create_incident, link_ticket, run_resolution
from lpse_support.tickets.workflow import Action, Status
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.two_factor import login_verified

pytestmark = pytest.mark.django_db

RESOLUTION = "Server SPSE sudah pulih, silakan coba kembali."


def _incident(world: TicketWorld) -> Incident:
    return create_incident(
        world.staff_lpse,
        title="SPSE tidak dapat diakses",
        application=world.spse,
        status_text="Server SPSE sedang dalam perbaikan.",
    )


def test_staff_create_an_incident(client: Client, ticket_world: TicketWorld) -> None:
    w = ticket_world
    login_verified(client, w.staff_lpse)
    url = reverse("incidents:list")
    page = client.get(url)
    assert page.status_code == 200
    assert 'data-menu-item="insiden"' in page.content.decode()
    refused = client.post(url, {"title": "", "application": w.spse.pk, "status_text": ""})
    assert refused.status_code == 422
    assert not Incident.objects.exists()
    made = client.post(
        url, {"title": "SPSE lambat", "application": w.spse.pk, "status_text": "Diperbaiki."}
    )
    incident = Incident.objects.get()
    assert made.status_code == 302
    assert made["Location"] == reverse("incidents:detail", args=[incident.pk])
    assert (incident.created_by, incident.state) == (w.staff_lpse, Incident.State.OPEN)


def test_reporters_get_a_404(client: Client, ticket_world: TicketWorld) -> None:
    w = ticket_world
    incident = _incident(w)
    client.force_login(w.reporter_a)
    assert client.get(reverse("incidents:list")).status_code == 404
    assert client.get(reverse("incidents:detail", args=[incident.pk])).status_code == 404
    resolve = client.post(reverse("incidents:resolve", args=[incident.pk]), {"message": RESOLUTION})
    assert resolve.status_code == 404
    assert Incident.objects.get().state == Incident.State.OPEN
    assert 'data-menu-item="insiden"' not in client.get(reverse("tickets:list")).content.decode()


def test_one_click_attach_then_banner_for_both_sides(
    client: Client, ticket_world: TicketWorld
) -> None:
    w = ticket_world
    incident = _incident(w)
    ticket = make_ticket(w)
    login_verified(client, w.staff_lpse)
    page = client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()
    assert "Lampirkan ke insiden" in page
    response = client.post(
        reverse("tickets:incident_link", args=[ticket.number]),
        {"incident": incident.pk, "revision": ticket.revision},
    )
    assert response.status_code == 302
    assert Ticket.objects.get(pk=ticket.pk).incident == incident
    page = client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()
    assert "Lampirkan ke insiden" not in page and "Lepas dari insiden" in page
    assert "incident-banner" in page and "Dilampirkan ke insiden" in page  # Riwayat Tiket
    client.force_login(w.reporter_a)
    page = client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()
    assert incident.title in page and "Server SPSE sedang dalam perbaikan." in page
    assert "Lepas dari insiden" not in page and "Lampirkan ke insiden" not in page


def test_attach_refused_out_of_scope(client: Client, ticket_world: TicketWorld) -> None:
    w = ticket_world
    incident = _incident(w)
    ticket = make_ticket(w)
    login_verified(client, w.staff_other_lpse)
    response = client.post(
        reverse("tickets:incident_link", args=[ticket.number]), {"incident": incident.pk}
    )
    assert response.status_code == 302  # to the ticket, which is a 404 for them
    assert client.get(response["Location"]).status_code == 404
    assert Ticket.objects.get(pk=ticket.pk).incident is None


def test_unlink_and_duplicate_on_the_page(client: Client, ticket_world: TicketWorld) -> None:
    w = ticket_world
    incident = _incident(w)
    ticket, original = make_ticket(w), make_ticket(w)
    link_ticket(w.staff_lpse, ticket, incident)
    login_verified(client, w.staff_lpse)
    client.post(reverse("tickets:incident_unlink", args=[ticket.number]))
    client.post(
        reverse("tickets:mark_duplicate", args=[ticket.number]),
        {"duplicate_of": original.number.lower()},
    )
    after = Ticket.objects.get(pk=ticket.pk)
    assert (after.incident, after.duplicate_of) == (None, original)
    page = client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()
    banner = f'Duplikat dari <a href="{reverse("tickets:detail", args=[original.number])}">'
    assert banner in page
    assert list(TicketEvent.objects.filter(ticket=ticket).values_list("action", flat=True))[
        -3:
    ] == [Action.LINK_INCIDENT, Action.UNLINK_INCIDENT, Action.MARK_DUPLICATE]


def test_resolve_on_the_page_then_progress(
    client: Client, ticket_world: TicketWorld, django_assert_max_num_queries: Any
) -> None:
    w = ticket_world
    incident = _incident(w)
    for _ in range(3):
        link_ticket(w.staff_lpse, make_ticket(w), incident)
    login_verified(client, w.staff_lpse)
    url = reverse("incidents:detail", args=[incident.pk])
    with django_assert_max_num_queries(14):
        page = client.get(url)
    assert "Selesaikan 3 tiket" in page.content.decode()
    short = client.post(reverse("incidents:resolve", args=[incident.pk]), {"message": "pendek"})
    assert short.status_code == 422
    client.post(reverse("incidents:resolve", args=[incident.pk]), {"message": RESOLUTION})
    incident.refresh_from_db()
    assert incident.state == Incident.State.RESOLVING
    bar = client.get(reverse("incidents:progress", args=[incident.pk])).content.decode()
    assert "0 dari 3 tiket diproses" in bar and 'hx-trigger="every 2s"' in bar
    run_resolution(incident.pk)
    bar = client.get(reverse("incidents:progress", args=[incident.pk])).content.decode()
    assert "3 dari 3 tiket diproses: 3 diselesaikan, 0 dilewati." in bar
    assert "every 2s" not in bar
    assert Ticket.objects.filter(status=Status.MENUNGGU_KONFIRMASI).count() == 3


def test_pages_keep_their_query_budget(
    client: Client, ticket_world: TicketWorld, django_assert_max_num_queries: Any
) -> None:
    w = ticket_world
    login_verified(client, w.staff_lpse)
    counts = []
    for size in (1, 8):
        incident = _incident(w)
        for _ in range(size):
            link_ticket(w.staff_lpse, make_ticket(w), incident)
        with django_assert_max_num_queries(14) as captured:
            assert client.get(reverse("incidents:detail", args=[incident.pk])).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(12):
        assert client.get(reverse("incidents:list")).status_code == 200


def test_deflection_on_the_create_form(client: Client, ticket_world: TicketWorld) -> None:
    w = ticket_world
    incident = _incident(w)
    client.force_login(w.reporter_a)
    create = client.get(reverse("tickets:create")).content.decode()
    assert 'id="incident-deflection"' in create and "change from:#id_application" in create
    url = reverse("tickets:deflection")
    shown = client.get(url, {"application": w.spse.pk}).content.decode()
    assert f"Sedang terjadi gangguan: {incident.title}" in shown
    assert incident.status_text in shown
    assert "Sedang terjadi" not in client.get(url, {"application": w.other_app.pk}).content.decode()
    assert "Sedang terjadi" not in client.get(url, {"application": "x"}).content.decode()
