"""Attacks on the JSON API's edges, part 2 (issue 10, row 15; docs/security.md "JSON API"):
wrong methods on every route, weird paths, failures outside the views and CSRF. Every answer must
be the envelope, and nothing may change. Part 1: ``test_api_envelope.py``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.security.api_envelope_support import (
    DOCUMENTED,
    METHODS,
    MSG,
    PREFIX,
    _fill,
    assert_envelope,
    nothing_changes,
)
from tests.support.api import api_client, bearer, create_form
from tests.support.ticket_world import TicketWorld, make_ticket

# --- row 15: wrong methods, weird paths ---------------------------------------------------


WRONG_METHODS = [
    (path, method)
    for path in sorted(DOCUMENTED)
    for method in METHODS
    if method not in DOCUMENTED[path]
]


@pytest.mark.parametrize(
    ("path", "method"),
    WRONG_METHODS,
    ids=[f"{m} {p.removeprefix(PREFIX)}" for p, m in WRONG_METHODS],
)
def test_a_wrong_method_is_405_with_allow(
    path: str, method: str, ticket_world: TicketWorld, media_root: Path
) -> None:
    ticket = make_ticket(ticket_world)
    with nothing_changes(media_root):
        client = api_client(ticket_world.staff_lpse)
        response = client.generic(
            method, _fill(path, ticket), json.dumps({"message": MSG}), "application/json"
        )
        assert_envelope(response, 405, "method_not_allowed")
        assert set(response["Allow"].replace(" ", "").split(",")) == DOCUMENTED[path]


WEIRD_PATHS = [
    "/api/v1/tickets%0A",
    "/api/v1/tic%0Akets",
    "/api/%0A",
    "/api/v1/%0D%0ASet-Cookie:%20x=1",
    "/api/v1/tickets/%0A/lampiran",
    "/api/v1/tickets/../../admin/",
    "/api/v1/tickets/",
    "/api/v2/tickets",
    "/api/v1/%E2%80%A8",
    "/api/v1/" + "a" * 3000,
    "/api/",
]


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("path", WEIRD_PATHS, ids=lambda p: p[:40])
def test_a_weird_path_is_404(
    path: str, method: str, ticket_world: TicketWorld, media_root: Path
) -> None:
    with nothing_changes(media_root):
        client = api_client(ticket_world.staff_lpse)
        response = client.generic(method, path, json.dumps({"message": MSG}), "application/json")
        assert_envelope(response, 404, "not_found")
        assert "x" not in response.cookies  # an encoded CR/LF never becomes a header


# --- row 15: failures outside the views, CSRF ----------------------------------------------


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("rahasia-internal")


@pytest.mark.parametrize(
    "target",
    [
        "lpse_support.api.nul_guard._has_nul",  # a middleware after the edge
        "lpse_support.api.edge.upload_rejection",  # the edge's own reading of the body
        "lpse_support.api.routers.tickets.filter_tickets",  # a ninja view
    ],
    ids=["middleware", "edge", "view"],
)
def test_an_uncaught_exception_is_a_json_500_without_details(
    target: str, ticket_world: TicketWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(target, _boom)
    client = Client(raise_request_exception=False, headers=bearer(ticket_world.staff_lpse))
    response = client.get(f"{PREFIX}/tickets")
    body = assert_envelope(response, 500, "server_error")
    assert body["detail"] == "Terjadi kesalahan pada server."
    assert b"rahasia-internal" not in response.content


def test_a_session_post_to_an_unknown_path_is_404_not_a_csrf_page(
    ticket_world: TicketWorld, media_root: Path
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(ticket_world.reporter_a)
    with nothing_changes(media_root):
        assert_envelope(client.post(f"{PREFIX}/tidak-ada", {"a": "b"}), 404, "not_found")
        known = client.post(
            f"{PREFIX}/tickets", json.dumps(create_form(ticket_world)), "application/json"
        )
        assert_envelope(known, 415, "unsupported_media_type")
        form = client.post(f"{PREFIX}/tickets", create_form(ticket_world))
        assert_envelope(form, 403, "csrf_failed")
