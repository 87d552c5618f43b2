"""The API names each violation with its own code (docs/api.md, "Error codes"), in the one
envelope, with the field the client sent and the message in the caller's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_resolution import ticket_confirm, ticket_resolve
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.api.test_tickets_api import BASE, api_client, create_form
from tests.support.ticket_world import TicketWorld, make_ticket

MSG = "Mohon dicek kembali, masalah masih terjadi di browser lain."


pytestmark = pytest.mark.django_db


def _taken(world: TicketWorld) -> Ticket:
    ticket = make_ticket(world)
    ticket_take(ticket_number=ticket.number, actor=world.staff_lpse)
    return ticket


def _envelope(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body: dict[str, Any] = response.json()
    assert set(body) == {"detail", "code", "field"}
    return body


def test_a_bad_error_code_on_create(ticket_world: TicketWorld) -> None:
    form = create_form(ticket_world, error_code="ERR 500!")
    body = _envelope(api_client(ticket_world.reporter_a).post(BASE, form), 422)
    assert (body["code"], body["field"]) == ("error_code_invalid", "error_code")


def test_a_short_message(ticket_world: TicketWorld) -> None:
    ticket = _taken(ticket_world)
    staff = api_client(ticket_world.staff_lpse)
    response = staff.post(f"{BASE}/{ticket.number}/request-feedback", {"message": "kurang"})
    body = _envelope(response, 422)
    assert body == {
        "detail": "Pesan minimal 15 karakter.",
        "code": "message_too_short",
        "field": "message",
    }


def test_feedback_from_a_team_that_did_not_escalate(ticket_world: TicketWorld) -> None:
    ticket = _taken(ticket_world)
    response = api_client(ticket_world.staff_lpse).post(
        f"{BASE}/{ticket.number}/request-feedback", {"message": MSG, "from_party": "team"}
    )
    body = _envelope(response, 422)
    assert (body["code"], body["field"]) == ("no_previous_team", "from_party")


def test_a_sub_category_of_another_application(ticket_world: TicketWorld) -> None:
    ticket = _taken(ticket_world)
    response = api_client(ticket_world.staff_lpse).patch(
        f"{BASE}/{ticket.number}/classification",
        {"subcategory_id": ticket_world.other_subcategory.pk},
        content_type="application/json",
    )
    body = _envelope(response, 422)
    assert (body["code"], body["field"]) == ("subcategory_not_of_ticket", "subcategory_id")


def test_rating_twice(ticket_world: TicketWorld) -> None:
    ticket = _taken(ticket_world)
    ticket_resolve(ticket_number=ticket.number, actor=ticket_world.staff_lpse, message=MSG)
    ticket_confirm(ticket_number=ticket.number, actor=ticket_world.reporter_a)
    reporter = api_client(ticket_world.reporter_a)
    path = f"{BASE}/{ticket.number}/rating"
    rating = {"stars": 5, "chip_ids": []}
    assert reporter.post(path, rating, content_type="application/json").status_code == 200
    body = _envelope(reporter.post(path, rating, content_type="application/json"), 409)
    assert body == {"detail": "Tiket ini sudah dinilai.", "code": "already_rated", "field": None}


def test_the_message_is_in_the_callers_language(ticket_world: TicketWorld, settings: Any) -> None:
    call_command("compile_translations", verbosity=0)
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)  # drop the cached catalogs
    ticket = _taken(ticket_world)
    staff = api_client(ticket_world.staff_lpse)
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = staff.post(f"{BASE}/{ticket.number}/request-feedback", {"message": "kurang"})
    body = _envelope(response, 422)
    assert body["code"] == "message_too_short"
    assert body["detail"] == "The message needs at least 15 characters."
