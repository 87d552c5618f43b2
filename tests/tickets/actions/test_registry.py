"""The action registry (``tickets/actions/``): every action has one spec that pages, API, cards,
notifications and the demo generator read — and a new action is one module, one template and
its tests (``nudge_action.py``, registered here only), with the workflow table still the judge."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve, reverse

from lpse_support.notifications.models import Notification
from lpse_support.tickets import workflow
from lpse_support.tickets.actions import registry
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.views.actions import act
from lpse_support.tickets.workflow import USER_ACTIONS, Action
from tests.support.ticket_world import TicketWorld
from tests.tickets.actions import nudge_action
from tests.tickets.actions.helpers import _events, _fresh, _notices, _page, _taken

TEMPLATES = Path(__file__).resolve().parent / "templates"


def test_every_action_has_one_spec_and_every_user_action_a_way_in() -> None:
    specs = {spec.action: spec for spec in registry.all_specs()}
    assert set(specs) == {str(action) for action in Action}
    for action in USER_ACTIONS:
        spec = specs[action]
        assert spec.service is not None, action
        assert spec.page is not None or spec.block is not None, action
        assert spec.recipients is not None and spec.title is not None, action
    assert [spec.action for spec in registry.all_specs()][: len(USER_ACTIONS)] == list(USER_ACTIONS)


def test_every_route_of_a_form_reaches_the_one_dispatching_view() -> None:
    routes = registry.page_routes()
    assert set(routes) >= {"ambil", "kerjakan", "eskalasi", "konfirmasi", "tutup", "pesan"}
    for slug, (url_name, _route) in routes.items():
        named = reverse(f"tickets:{url_name}", args=["TPS2611280001"])
        generic = reverse("tickets:act", args=["TPS2611280001", slug])
        assert named == generic == f"/tiket/TPS2611280001/{slug}/"
        assert resolve(named).func is act
    assert resolve("/tiket/TPS2611280001/penilaian/").url_name == "rate"


@pytest.mark.django_db
def test_an_unknown_action_is_404_and_a_get_is_405(
    client: Client, ticket_world: TicketWorld
) -> None:
    ticket = _taken(ticket_world)
    client.force_login(ticket_world.staff_lpse)
    assert client.post(f"/tiket/{ticket.number}/terbang/").status_code == 404
    assert client.get(f"/tiket/{ticket.number}/ambil/").status_code == 405


@pytest.fixture
def nudge(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[None]:
    """The test-only action: its spec, its row of the workflow table, its template."""
    monkeypatch.setitem(workflow.TRANSITIONS, nudge_action.NUDGE, nudge_action.RULE)
    monkeypatch.setattr(workflow, "USER_ACTIONS", (*workflow.USER_ACTIONS, nudge_action.NUDGE))
    engine = {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES]}
    settings.TEMPLATES = [engine]
    registry.register(nudge_action.SPEC)
    yield
    registry.unregister(nudge_action.NUDGE)


@pytest.mark.django_db
@pytest.mark.usefixtures("nudge")
def test_a_new_action_gets_its_button_card_route_service_and_notification(
    client: Client, ticket_world: TicketWorld
) -> None:
    w = ticket_world
    ticket = _fresh(_taken(w))
    url = reverse("tickets:act", args=[ticket.number, "ingatkan"])
    # The panel and the list card offer it to whom the table allows, and to nobody else.
    assert url in _page(client, w.reporter_a, ticket)
    assert url not in _page(client, w.staff_lpse, ticket)
    client.force_login(w.reporter_a)
    listing = client.get(reverse("tickets:list")).content.decode()
    assert f"{reverse('tickets:detail', args=[ticket.number])}#ingatkan" in listing

    seen = ticket.revision
    response = client.post(url, {"revision": seen})
    assert response.status_code == 302
    assert response["Location"] == reverse("tickets:detail", args=[ticket.number])
    assert _notices(response) == ["Petugas sudah diingatkan."]
    event = TicketEvent.objects.filter(ticket=ticket).latest("pk")
    assert (event.action, event.actor, event.data) == (
        "nudge",
        w.reporter_a,
        {"assignee": w.staff_lpse.pk},
    )
    assert _fresh(ticket).revision == seen + 1
    told = Notification.objects.get(event=event)
    assert told.recipient == w.staff_lpse
    assert told.title == f"{w.reporter_a.get_full_name()} mengingatkan tiket {ticket.number}"


@pytest.mark.django_db
@pytest.mark.usefixtures("nudge")
def test_a_new_action_inherits_the_refusals_of_the_dispatching_view(
    client: Client, ticket_world: TicketWorld
) -> None:
    w = ticket_world
    ticket = _fresh(_taken(w))
    url = reverse("tickets:act", args=[ticket.number, "ingatkan"])
    client.force_login(w.reporter_a)
    stale = client.post(url, {"revision": ticket.revision - 1})
    assert stale.status_code == 409
    before = _events(ticket)
    client.force_login(w.staff_lpse)  # the table gives the assignee no such action
    refused = client.post(url, {"revision": ticket.revision})
    assert refused.status_code == 302
    assert _events(ticket) == before
    assert Ticket.objects.get(pk=ticket.pk).revision == ticket.revision


def test_the_test_action_is_gone_after_its_test() -> None:
    assert registry.find(nudge_action.NUDGE) is None
    assert registry.route("ingatkan") is None
