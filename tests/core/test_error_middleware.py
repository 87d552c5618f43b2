"""The pages' one mapping of coded errors (core/middleware.py): NotFound → the 404 page,
Conflict → the message on the page the user is sent back to (the ticket's, when the URL names
one); anything else is not the middleware's."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from tests.support.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]

TAKEN = "Tiket sudah diambil oleh Nurul Fadhilah."


def _messages(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_not_found_is_the_404_page(client: Client) -> None:
    response = client.get("/uji/hilang/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_conflict_on_a_ticket_url_goes_back_to_the_ticket_with_the_message(
    client: Client,
) -> None:
    response = client.post("/uji/TPS2601010001/ambil/")
    assert response.status_code == 302
    assert response["Location"] == "/tiket/TPS2601010001/"
    assert _messages(response) == [TAKEN]


def test_a_conflict_elsewhere_goes_back_where_the_user_came_from(client: Client) -> None:
    response = client.post("/uji/ambil/", headers={"Referer": "http://testserver/tiket/"})
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/tiket/"
    assert _messages(response) == [TAKEN]


def test_a_foreign_referer_is_not_followed(client: Client) -> None:
    response = client.post("/uji/ambil/", headers={"Referer": "https://evil.example/"})
    assert response["Location"] == "/"


def test_htmx_is_told_to_load_the_ticket_page(client: Client) -> None:
    response = client.post("/uji/TPS2601010001/ambil/", headers={"HX-Request": "true"})
    assert response.status_code == 409
    assert response["HX-Redirect"] == "/tiket/TPS2601010001/"
    assert _messages(response) == [TAKEN]


def test_other_errors_are_left_to_the_view(client: Client) -> None:
    quiet = Client(raise_request_exception=False)
    assert quiet.get("/uji/salah/").status_code == 500


def test_a_ticket_the_user_may_not_see_is_the_404_page(client: Client) -> None:
    client.force_login(UserFactory.create())
    for path in ("/tiket/TPS2601019999/", "/tiket/TPS2601019999/pdf/"):
        assert client.get(path).status_code == 404, path
