"""While the database is unreachable: pages answer 503 with the Indonesian "Layanan sedang
gangguan, coba lagi" page, the API 503 with its JSON envelope, both with Retry-After — whether
the error comes from a view, the API's auth, or another middleware — and rendering the page
never touches the database."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.handlers.exception import convert_exception_to_response
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from lpse_support.api.tokens import token_create
from lpse_support.core.outage import DatabaseOutageMiddleware, page_response
from tests.support.factories import UserFactory

PAGE_TEXT = "Layanan sedang gangguan, coba lagi"
ENVELOPE = {
    "detail": "Layanan sedang gangguan, coba lagi beberapa saat lagi.",
    "code": "service_unavailable",
    "field": None,
}


class DatabaseDown:
    """An execute wrapper: every query fails as it does while PostgreSQL restarts."""

    def __init__(self) -> None:
        self.queries = 0

    def __call__(self, execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        self.queries += 1
        raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def database_down() -> Iterator[DatabaseDown]:
    down = DatabaseDown()
    with connection.execute_wrapper(down):
        yield down


def _assert_page(response: Any) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"].startswith("text/html")
    assert PAGE_TEXT in response.content.decode()


def _assert_api(response: Any) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert json.loads(response.content) == ENVELOPE


@pytest.mark.django_db
def test_a_page_during_an_outage_is_the_indonesian_503(client: Client) -> None:
    client.force_login(UserFactory.create())
    down = DatabaseDown()
    with connection.execute_wrapper(down):
        response = client.get(reverse("dashboard:home"))
    _assert_page(response)
    assert down.queries >= 1, "the page did try the database"
    assert 'href="/"' in response.content.decode(), "Coba lagi reloads the same page"


@pytest.mark.django_db
def test_the_api_during_an_outage_is_503_with_the_envelope(client: Client) -> None:
    secret = token_create(user=UserFactory.create(), name="uji gangguan").secret
    api = Client(headers={"authorization": f"Bearer {secret}"})
    with connection.execute_wrapper(DatabaseDown()):
        response = api.get("/api/v1/applications")
    _assert_api(response)


def test_the_page_is_rendered_without_the_database(
    settings: Any, database_down: DatabaseDown
) -> None:
    settings.SERVICE_UNAVAILABLE_RETRY_AFTER = 30
    request = RequestFactory().post("/tiket/baru/")
    response = page_response(request)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "dalam 30 detik" in response.content.decode()
    assert "Coba lagi</a>" not in response.content.decode(), "a POST is not repeated by a link"
    assert database_down.queries == 0


@pytest.mark.parametrize("error", [OperationalError("down"), InterfaceError("closed")])
@pytest.mark.parametrize("path", ["/tiket/", "/api/v1/tickets"])
def test_an_error_inside_another_middleware_becomes_the_503_too(
    error: Exception, path: str
) -> None:
    """Sessions, authentication and the login throttle read the database in middleware, where
    Django turns the error into a 500 before any outer middleware sees it."""

    def session_middleware(request: HttpRequest) -> HttpResponse:
        raise error

    middleware = DatabaseOutageMiddleware(convert_exception_to_response(session_middleware))
    response = middleware(RequestFactory().get(path))
    if path.startswith("/api/"):
        _assert_api(response)
    else:
        _assert_page(response)


def test_other_errors_stay_500() -> None:
    def broken(request: HttpRequest) -> HttpResponse:
        raise ValueError("a bug, not an outage")

    middleware = DatabaseOutageMiddleware(convert_exception_to_response(broken))
    assert middleware(RequestFactory().get("/tiket/")).status_code == 500
