"""Attacks on the JSON API's edges (issue 10, rows 3 and 15; docs/security.md "JSON API").

A sweep over every API route (read from the OpenAPI document, so a new route is swept too) ×
wrong content types, oversized bodies and files, too many fields or files (wrong methods, weird
paths and failures outside the views: ``test_api_paths_and_failures.py``). Every answer must be
the ``{"detail", "code", "field"}`` envelope with the right status, and nothing may be created
or changed: no ticket, message, event, attachment, rating or stored file, no ticket state."""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from lpse_support.accounts.models import TeamMembership, User
from lpse_support.tickets.models import (
    Incident,
    Ticket,
)
from lpse_support.tickets.services.incidents import create_incident
from lpse_support.tickets.services.ticket_feedback import ticket_request_feedback
from lpse_support.tickets.services.ticket_resolution import ticket_confirm
from tests.security.api_envelope_support import (
    BODY_OPERATIONS,
    GET_PATHS,
    MB,
    MSG,
    PREFIX,
    SCHEMA_PATHS,
    SIX_GIB,
    _fill,
    assert_envelope,
    nothing_changes,
    snapshot,
)
from tests.support.api import api_client, bearer, create_form
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.uploads import sample_upload
from tests.tickets.actions.helpers import _resolved, _taken

# --- one valid request per operation that reads a body ------------------------------------


@dataclass
class Scenario:
    """A request that succeeds as it is; each negative test changes one thing about it."""

    method: str
    path: str
    actor: User
    data: dict[str, Any]
    json_body: bool


def _asked(w: TicketWorld) -> Ticket:
    ticket = _taken(w)
    ticket_request_feedback(ticket_number=ticket.number, actor=w.staff_lpse, message=MSG)
    return ticket


def _confirmed(w: TicketWorld) -> Ticket:
    ticket = _resolved(w)
    ticket_confirm(ticket_number=ticket.number, actor=w.reporter_a)
    return ticket


def _led(w: TicketWorld) -> Ticket:
    """Taken by staff_lpse, who leads the team, with a colleague to hand it to."""
    TeamMembership.objects.filter(user=w.staff_lpse, team=w.team_lpse).update(is_lead=True)
    colleague, _ = User.objects.get_or_create(username="rekan_amplop", defaults={"email": ""})
    TeamMembership.objects.get_or_create(user=colleague, team=w.team_lpse)
    return _taken(w)


def _colleague(w: TicketWorld) -> dict[str, Any]:
    return {"assignee_id": User.objects.get(username="rekan_amplop").pk, "reason": MSG}


Build = Callable[[TicketWorld], Scenario]


def _an_incident(w: TicketWorld) -> Incident:
    return create_incident(
        w.staff_lpse, title="SPSE lambat", application=w.spse, status_text="Diperbaiki."
    )


def _resolve_incident() -> tuple[tuple[str, str], Build]:
    def build(w: TicketWorld) -> Scenario:
        path = f"{PREFIX}/incidents/{_an_incident(w).pk}/resolve"
        return Scenario("POST", path, w.staff_lpse, {"message": MSG}, json_body=True)

    return ("POST", f"{PREFIX}/incidents/{{incident_id}}/resolve"), build


def _on_ticket(
    name: str,
    state: Callable[[TicketWorld], Ticket],
    actor: str,
    data: Callable[[TicketWorld], dict[str, Any]] | None = None,
    method: str = "POST",
) -> tuple[tuple[str, str], Build]:
    """A ticket action: multipart with a message, or JSON when ``data`` is given."""

    def build(w: TicketWorld) -> Scenario:
        path = f"{PREFIX}/tickets/{state(w).number}/{name}"
        body = data(w) if data else {"message": MSG}
        return Scenario(method, path, getattr(w, actor), body, json_body=data is not None)

    return (method, f"{PREFIX}/tickets/{{number}}/{name}"), build


def _plain(
    path: str, actor: str, data: Callable[[TicketWorld], dict[str, Any]], *, json_body: bool
) -> tuple[tuple[str, str], Build]:
    def build(w: TicketWorld) -> Scenario:
        return Scenario("POST", path, getattr(w, actor), data(w), json_body=json_body)

    return ("POST", path), build


SCENARIOS: dict[tuple[str, str], Build] = dict(
    [
        _plain(f"{PREFIX}/tickets", "reporter_a", create_form, json_body=False),
        _plain(
            f"{PREFIX}/priority/preview",
            "reporter_a",
            lambda w: {"subcategory_id": w.subcategory.pk},
            json_body=True,
        ),
        _plain(
            f"{PREFIX}/saved-searches",
            "staff_lpse",
            lambda w: {"name": "Belum diambil", "params": {"status": "BARU"}},
            json_body=True,
        ),
        _plain(
            f"{PREFIX}/tickets/bulk",
            "staff_lpse",
            lambda w: {"operation": "take", "numbers": [make_ticket(w).number]},
            json_body=True,
        ),
        _plain(
            f"{PREFIX}/incidents",
            "staff_lpse",
            lambda w: {"title": "SPSE lambat", "application_id": w.spse.pk, "status_text": MSG},
            json_body=True,
        ),
        _resolve_incident(),
        _on_ticket(
            "incident", make_ticket, "staff_lpse", lambda w: {"incident_id": _an_incident(w).pk}
        ),
        _on_ticket(
            "duplicate-of", make_ticket, "staff_lpse", lambda w: {"number": make_ticket(w).number}
        ),
        _on_ticket("messages", _taken, "reporter_a"),
        _on_ticket("request-feedback", _taken, "staff_lpse"),
        _on_ticket("feedback", _asked, "reporter_a"),
        _on_ticket("escalate", _taken, "staff_lpse"),
        _on_ticket("resolve", _taken, "staff_lpse"),
        _on_ticket("reject", _resolved, "reporter_a"),
        _on_ticket(
            "classification",
            _taken,
            "staff_lpse",
            lambda w: {"subcategory_id": w.deadline_subcategory.pk},
            method="PATCH",
        ),
        _on_ticket("close", make_ticket, "reporter_a", lambda w: {"reason": "Sudah teratasi."}),
        _on_ticket("rating", _confirmed, "reporter_a", lambda w: {"stars": 5, "chip_ids": []}),
        _on_ticket("unassign", _taken, "staff_lpse", lambda w: {"reason": MSG}),
        _on_ticket("reassign", _led, "staff_lpse", _colleague),
        _on_ticket("recall", _led, "staff_lpse", lambda w: {"reason": MSG}),
    ]
)


def _accepts(key: tuple[str, str], media_type: str) -> bool:
    method, path = key
    return media_type in SCHEMA_PATHS[path][method.lower()]["requestBody"]["content"]


UPLOAD_OPERATIONS = [key for key in BODY_OPERATIONS if _accepts(key, "multipart/form-data")]
JSON_OPERATIONS = [key for key in BODY_OPERATIONS if _accepts(key, "application/json")]


def _label(key: tuple[str, str]) -> str:
    return f"{key[0]} {key[1].removeprefix(PREFIX)}"


@pytest.fixture
def build(ticket_world: TicketWorld) -> Callable[[tuple[str, str]], Scenario]:
    return lambda key: SCENARIOS[key](ticket_world)


def send(
    scenario: Scenario, data: Any = None, content_type: str | None = None, **extra: Any
) -> Any:
    """``scenario``'s request; ``data`` (already encoded unless a dict) replaces its body."""
    if data is None:
        data = scenario.data
    if content_type is None:
        content_type = "application/json" if scenario.json_body else MULTIPART_CONTENT
    if isinstance(data, dict):
        data = json.dumps(data) if scenario.json_body else encode_multipart(BOUNDARY, data)
    client = api_client(scenario.actor)
    return client.generic(scenario.method, scenario.path, data, content_type, **extra)


def test_every_operation_reading_a_body_has_a_scenario() -> None:
    assert sorted(SCENARIOS) == BODY_OPERATIONS
    assert UPLOAD_OPERATIONS and JSON_OPERATIONS
    assert sorted(UPLOAD_OPERATIONS + JSON_OPERATIONS) == BODY_OPERATIONS


@pytest.mark.parametrize("key", BODY_OPERATIONS, ids=_label)
def test_control_each_scenario_succeeds_as_sent(
    key: tuple[str, str], build: Callable[[tuple[str, str]], Scenario], media_root: Path
) -> None:
    """Without this the refusals below could pass for a broken set-up."""
    scenario = build(key)
    data = dict(scenario.data)
    if key in UPLOAD_OPERATIONS:
        data["files"] = [sample_upload("bukti.png")]
    before = snapshot(media_root)
    response = send(scenario, data)
    assert response.status_code in (200, 201, 202), response.content
    if not key[1].endswith("/preview"):
        assert snapshot(media_root) != before


# --- row 15: wrong content types --------------------------------------------------------

WRONG_FOR_JSON = [
    "text/plain",
    "application/x-www-form-urlencoded",
    MULTIPART_CONTENT,
    "application/xml",
]
WRONG_FOR_FORM = ["application/json", "text/plain", "application/xml"]


def _encoded(data: dict[str, Any], content_type: str) -> bytes | str:
    if content_type == MULTIPART_CONTENT:
        return encode_multipart(BOUNDARY, data)
    if content_type == "application/x-www-form-urlencoded":
        return urlencode(data, doseq=True)
    if content_type == "application/xml":
        return "<tiket><pesan>halo</pesan></tiket>"
    return json.dumps(data)


WRONG_TYPES = [(key, ct) for key in JSON_OPERATIONS for ct in WRONG_FOR_JSON] + [
    (key, ct) for key in UPLOAD_OPERATIONS for ct in WRONG_FOR_FORM
]


@pytest.mark.parametrize(
    ("key", "content_type"), WRONG_TYPES, ids=[f"{_label(k)} {ct}" for k, ct in WRONG_TYPES]
)
def test_a_body_of_the_wrong_type_is_415(
    key: tuple[str, str],
    content_type: str,
    build: Callable[[tuple[str, str]], Scenario],
    media_root: Path,
) -> None:
    scenario = build(key)
    with nothing_changes(media_root):
        response = send(scenario, _encoded(scenario.data, content_type), content_type)
        assert_envelope(response, 415, "unsupported_media_type")


# --- row 3: oversized uploads -------------------------------------------------------------


@pytest.mark.parametrize("key", UPLOAD_OPERATIONS, ids=_label)
def test_a_file_over_the_limit_is_413_naming_it(
    key: tuple[str, str],
    build: Callable[[tuple[str, str]], Scenario],
    media_root: Path,
    settings: Any,
) -> None:
    settings.FILE_UPLOAD_MAX_MB = 1
    scenario = build(key)
    with nothing_changes(media_root):
        big = SimpleUploadedFile("besar.rhs", b"\x02" * (MB + 1))
        response = send(scenario, {**scenario.data, "files": [sample_upload("a.png"), big]})
        body = assert_envelope(response, 413, "attachment_too_large")
        assert body["detail"] == "File besar.rhs melebihi batas 1 MB."
        assert body["field"] == "files"


@pytest.mark.parametrize("key", UPLOAD_OPERATIONS, ids=_label)
def test_a_declared_6_gib_upload_is_413_before_its_first_file(
    key: tuple[str, str], build: Callable[[tuple[str, str]], Scenario], media_root: Path
) -> None:
    scenario = build(key)
    with nothing_changes(media_root):
        # The body is small; only its Content-Length claims 6 GiB (more than 10 files × 500 MB).
        file = SimpleUploadedFile("a.rhs", b"\x02" * (300 * 1024))
        data = encode_multipart(BOUNDARY, {**scenario.data, "files": [file]})
        response = send(scenario, data, CONTENT_LENGTH=SIX_GIB)
        body = assert_envelope(response, 413, "attachment_too_large")
        assert body["detail"].startswith("Unggahan melebihi batas: maksimal 10 file")
        assert body["field"] == "files"


@pytest.mark.parametrize("declared", [False, True], ids=["big body", "declared 6 GiB"])
@pytest.mark.parametrize("key", JSON_OPERATIONS, ids=_label)
def test_a_json_body_over_the_limit_is_413(
    key: tuple[str, str],
    declared: bool,
    build: Callable[[tuple[str, str]], Scenario],
    media_root: Path,
    settings: Any,
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    scenario = build(key)
    with nothing_changes(media_root):
        if declared:
            response = send(scenario, CONTENT_LENGTH=SIX_GIB)
        else:
            response = send(scenario, {**scenario.data, "padding": "x" * 2000})
        assert_envelope(response, 413, "too_large")


# --- row 15: too many fields or files ---------------------------------------------------

MANY = {f"kolom{i}": "x" for i in range(10)}
TOO_MANY_FIELDS = (
    [(key, "multipart") for key in UPLOAD_OPERATIONS]
    + [(key, "urlencoded") for key in UPLOAD_OPERATIONS]
    + [(key, "query") for key in JSON_OPERATIONS]
    + [(("GET", path), "query") for path in GET_PATHS]
)


@pytest.mark.parametrize(
    ("key", "where"), TOO_MANY_FIELDS, ids=[f"{_label(k)} {w}" for k, w in TOO_MANY_FIELDS]
)
def test_too_many_fields_is_400(
    key: tuple[str, str],
    where: str,
    ticket_world: TicketWorld,
    media_root: Path,
    settings: Any,
) -> None:
    scenario = (
        SCENARIOS[key](ticket_world)
        if key in SCENARIOS
        else Scenario(
            "GET", _fill(key[1], make_ticket(ticket_world)), ticket_world.staff_lpse, {}, False
        )
    )
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    with nothing_changes(media_root):
        if where == "query":
            scenario.path += "?" + urlencode(MANY)
            response = send(scenario, "" if scenario.method == "GET" else None)
        elif where == "urlencoded":
            data = urlencode({**scenario.data, **MANY})
            response = send(scenario, data, "application/x-www-form-urlencoded")
        else:
            response = send(scenario, {**scenario.data, **MANY})
        body = assert_envelope(response, 400, "too_many_fields")
        assert body["detail"] == "Terlalu banyak kolom dalam satu permintaan (maksimal 5)."


@pytest.mark.parametrize("key", UPLOAD_OPERATIONS, ids=_label)
def test_too_many_files_is_400(
    key: tuple[str, str],
    build: Callable[[tuple[str, str]], Scenario],
    media_root: Path,
    settings: Any,
) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    scenario = build(key)
    with nothing_changes(media_root):
        files = [sample_upload(f"bukti{i}.png") for i in range(3)]
        response = send(scenario, {**scenario.data, "files": files})
        assert_envelope(response, 400, "too_many_files")


# --- row 3 on a real server: the 6 GiB are never read -------------------------------------


@pytest.mark.needs_file_db
def test_a_real_server_answers_a_declared_6_gib_upload_at_once(
    live_server: Any, transactional_db: None, ticket_world: TicketWorld
) -> None:
    """The test client above cannot show that the rest of the body is left unread; a socket can:
    the answer comes back although only the fields and 1 MB of the file were ever sent."""
    host, port = live_server.url.removeprefix("http://").split(":")
    fields = encode_multipart(BOUNDARY, create_form(ticket_world)).removesuffix(
        f"--{BOUNDARY}--\r\n".encode()
    )
    file_start = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="besar.rhs"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode() + b"\x02" * MB
    head = (
        f"POST {PREFIX}/tickets HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Authorization: {bearer(ticket_world.reporter_a)['Authorization']}\r\n"
        f"Content-Type: {MULTIPART_CONTENT}\r\nContent-Length: {SIX_GIB}\r\n\r\n"
    ).encode()
    with socket.create_connection((host, int(port)), timeout=20) as connection:
        connection.sendall(head + fields + file_start)
        # Only the answer is read (its Content-Length bounds it): the development server then
        # keeps reading, waiting for the body it was promised, which never comes.
        answer = http.client.HTTPResponse(connection)
        answer.begin()
        status, body = answer.status, json.loads(answer.read())
    assert status == 413, body
    assert body["code"] == "attachment_too_large"
    assert body["field"] == "files"
    assert Ticket.objects.count() == 0
