"""Scope matrix (issue 10 rows 5, 7, 9, 14): every kind of user × every way to read a ticket —
detail page, print page, PDF, single download, zip, API detail (its messages, events and
attachments), API zip, HEAD — and the action POSTs, including users whose team membership changes
after they took the ticket (removed, moved to another team, their team or their account
deactivated).

What each user must get: the ticket everywhere or nowhere (404, the same as a missing number); its
internal notes, their files and their events everywhere or nowhere — the same answer from every
route (one rule, ``access.py``)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lpse_support.accounts.models import User
from lpse_support.notifications.recipients import recipients_for
from lpse_support.tickets.access import audience, may_see_internal_notes
from lpse_support.tickets.models import TicketAttachment, TicketEvent
from lpse_support.tickets.selectors.detail import ticket_detail
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.security import scope_scene
from tests.security.scope_scene import (
    API,
    CHANGES,
    INTERNAL_LABEL,
    NOTE,
    REPLY,
    UNCHANGED,
    Scene,
    _history,
    _streamed,
    _tokens,
    expected,
)
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.two_factor import sign_in
from tests.support.uploads import sample_upload

pytestmark = pytest.mark.django_db


scene = scope_scene.scene


# --- what a user gets from every route -----------------------------------------------------------


@dataclass
class Observed:
    """What one user got from the GET routes: the status per route, and what each route showed
    of the internal note (its text, its event, its file)."""

    statuses: dict[str, int]
    page_has_note: bool
    print_has_note: bool
    history_has_internal: bool
    api_message_internal: bool
    api_event_actions: set[str]
    api_sequences: set[int]
    zip_sequences: set[int]
    api_zip_sequences: set[int]
    downloadable: set[int]
    pdf_events_internal: bool


def _zip_sequences(response: Any, by_name: dict[str, int]) -> set[int]:
    body = _streamed(response)
    if response.status_code != 200:
        return set()
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {by_name[name] for name in archive.namelist()}


def _clients(user: User, bearer: str) -> tuple[Client, Client]:
    page = Client()
    sign_in(page, user)
    return page, Client(headers={"authorization": f"Bearer {bearer}"})


def observe(scene: Scene, user: User, bearer: str) -> Observed:
    number = scene.number
    page, api = _clients(user, bearer)
    by_name = dict(
        TicketAttachment.objects.filter(ticket__number=number).values_list(
            "stored_name", "sequence"
        )
    )
    statuses: dict[str, int] = {}
    detail = page.get(reverse("tickets:detail", args=[number]))
    printed = page.get(reverse("tickets:print", args=[number]))
    pdf = page.get(reverse("tickets:pdf", args=[number]))
    statuses.update(page=detail.status_code, print=printed.status_code, pdf=pdf.status_code)
    downloadable = set()
    for sequence in sorted(by_name.values()):
        response = page.get(reverse("tickets:attachment", args=[number, sequence]))
        _streamed(response)
        statuses[f"file_{sequence}"] = response.status_code
        if response.status_code == 200:
            downloadable.add(sequence)
    # Pratinjau of the public PNG and PDF: the same scope as the download (the internal note's
    # file is a .txt, never previewable).
    for sequence in sorted(set(by_name.values()) - {scene.internal_sequence}):
        response = page.get(reverse("tickets:attachment_preview", args=[number, sequence]))
        _streamed(response)
        statuses[f"preview_{sequence}"] = response.status_code
    zipped = page.get(reverse("tickets:attachments_zip", args=[number]))
    statuses["zip"] = zipped.status_code
    api_detail = api.get(f"{API}/{number}")
    statuses["api_detail"] = api_detail.status_code
    api_zip = api.get(f"{API}/{number}/attachments.zip")
    statuses["api_zip"] = api_zip.status_code
    body = api_detail.json() if api_detail.status_code == 200 else {}
    html = detail.content.decode()
    pdf_events = ticket_detail(user, number).events if detail.status_code == 200 else []
    return Observed(
        statuses=statuses,
        page_has_note=NOTE in html,
        print_has_note=NOTE in printed.content.decode(),
        history_has_internal=INTERNAL_LABEL in _history(html),
        api_message_internal=any(m["is_internal"] for m in body.get("messages", [])),
        api_event_actions={e["action"] for e in body.get("events", [])},
        api_sequences={a["sequence"] for a in body.get("attachments", [])}
        | {a["sequence"] for m in body.get("messages", []) for a in m["attachments"]},
        zip_sequences=_zip_sequences(zipped, by_name),
        api_zip_sequences=_zip_sequences(api_zip, by_name),
        downloadable=downloadable,
        # The PDF is drawn from this selector (like the print page): its Riwayat rows.
        pdf_events_internal=any(row.event.action == "internal_note" for row in pdf_events),
    )


def _observe_after(scene: Scene, viewer: str, change: str | None) -> Observed:
    tokens = _tokens(scene)
    if change is not None:
        CHANGES[change](scene)
    return observe(scene, User.objects.get(pk=scene.users[viewer].pk), tokens[viewer])


CASES = [(viewer, None) for viewer in UNCHANGED] + [
    (viewer, change)
    for change in CHANGES
    for viewer in ("assignee", "colleague", "reporter", "supervisor_own")
]
CASE_IDS = [f"{viewer}-{change or 'unchanged'}" for viewer, change in CASES]


@pytest.mark.parametrize(("viewer", "change"), CASES, ids=CASE_IDS)
def test_scope_every_route_answers_alike(scene: Scene, viewer: str, change: str | None) -> None:
    """Rows 5 and R-AUTH-2: the ticket on every route, or 404 on every route (an inactive account
    is logged out: the pages send it to the login, the API answers 401)."""
    seen = _observe_after(scene, viewer, change)
    sees, internal = expected(viewer, change)
    inactive = change == "account_deactivated" and viewer == "assignee"
    for route, status in seen.statuses.items():
        if not sees:
            wanted = (
                (401 if inactive else 404)
                if route.startswith("api")
                else (302 if inactive else 404)
            )
        elif route == f"file_{scene.internal_sequence}":
            wanted = 200 if internal else 404
        else:
            wanted = 200
        assert status == wanted, (viewer, change, route, status)


@pytest.mark.parametrize(("viewer", "change"), CASES, ids=CASE_IDS)
def test_one_rule_for_internal_notes_on_every_route(
    scene: Scene, viewer: str, change: str | None
) -> None:
    """Rows 7 and 9: the internal note's text, its event and its file are shown by the page, the
    print view, the PDF, the API, the single download and both zips to the same people — exactly
    those who may read internal notes — and to nobody else."""
    seen = _observe_after(scene, viewer, change)
    internal_file = scene.internal_sequence
    shown = {
        "page text": seen.page_has_note,
        "print text": seen.print_has_note,
        "page Riwayat": seen.history_has_internal,
        "PDF Riwayat": seen.pdf_events_internal,
        "API message": seen.api_message_internal,
        "API event": "internal_note" in seen.api_event_actions,
        "API attachment": internal_file in seen.api_sequences,
        "download": internal_file in seen.downloadable,
        "zip": internal_file in seen.zip_sequences,
        "API zip": internal_file in seen.api_zip_sequences,
    }
    _sees, internal = expected(viewer, change)
    assert shown == dict.fromkeys(shown, internal), (viewer, change)
    if seen.statuses["page"] == 200:
        public = {1, 2}
        visible = public | ({internal_file} if internal else set())
        assert seen.api_sequences == seen.downloadable == seen.zip_sequences == visible


HEAD_CASES = [
    ("reporter", None),
    ("other_reporter", None),
    ("admin", None),
    ("assignee", "removed"),
    ("colleague", "team_deactivated"),
]


@pytest.mark.parametrize(
    ("viewer", "change"), HEAD_CASES, ids=[f"{v}-{c or 'unchanged'}" for v, c in HEAD_CASES]
)
def test_head_answers_like_get_on_files_zip_and_pdf(
    scene: Scene, viewer: str, change: str | None
) -> None:
    """Row 14: HEAD is allowed wherever GET is, with GET's status and headers and no body (and
    out of scope it is the same 404)."""
    tokens = _tokens(scene)
    if change is not None:
        CHANGES[change](scene)
    page, _api = _clients(User.objects.get(pk=scene.users[viewer].pk), tokens[viewer])
    for url in (
        reverse("tickets:attachment", args=[scene.number, 1]),
        reverse("tickets:attachment", args=[scene.number, scene.internal_sequence]),
        reverse("tickets:attachments_zip", args=[scene.number]),
        reverse("tickets:pdf", args=[scene.number]),
    ):
        got, head = page.get(url), page.head(url)
        body = _streamed(got)
        assert head.status_code == got.status_code, (url, head.status_code, got.status_code)
        assert _streamed(head) == b""
        if got.status_code != 200:
            continue
        for name in ("Content-Type", "Content-Disposition", "Accept-Ranges", "Cache-Control"):
            assert head[name] == got[name], (url, name)
        assert head.get("Content-Length") == got.get("Content-Length"), url
        assert head.get("ETag") == got.get("ETag"), url
        if got.has_header("Content-Length"):
            assert int(got["Content-Length"]) == len(body)


# --- row 9: internal-note events are internal -------------------------------------------------


def test_nobody_who_may_not_read_internal_notes_is_told_of_one(scene: Scene) -> None:
    note = TicketEvent.objects.get(ticket__number=scene.number, action="internal_note")
    told = set(recipients_for(note))
    assert scene.users["reporter"] not in told
    assert scene.users["colleague"] in told
    everyone = [user.pk for user in scene.users.values()]
    for user in User.objects.filter(pk__in=audience(note.ticket, everyone, internal=True)):
        assert may_see_internal_notes(user, note.ticket), user.username


def test_a_staff_reporter_sees_no_internal_note_of_their_own_ticket(
    ticket_world: TicketWorld,
) -> None:
    """Staff filing a ticket are its reporter: to them it is like anyone else's ticket."""
    world = ticket_world
    ticket = make_ticket(world, reporter=world.staff_lpse)  # tier-1 staff file to tier 2
    ticket_take(ticket_number=ticket.number, actor=world.helpdesk_lkpp)
    ticket_comment(
        ticket_number=ticket.number,
        actor=world.helpdesk_lkpp,
        message=NOTE,
        internal=True,
        files=[sample_upload("log server.txt")],
    )
    client = Client()
    client.force_login(world.staff_lpse)
    html = client.get(reverse("tickets:detail", args=[ticket.number])).content.decode()
    assert NOTE not in html and INTERNAL_LABEL not in _history(html)
    assert client.get(reverse("tickets:attachment", args=[ticket.number, 1])).status_code == 404
    reporter = User.objects.get(pk=world.staff_lpse.pk)
    assert not any(
        row.event.action == "internal_note" for row in ticket_detail(reporter, ticket.number).events
    )


def test_the_live_stamp_of_the_reporter_does_not_move_for_an_internal_note(scene: Scene) -> None:
    reporter = Client()
    reporter.force_login(scene.users["reporter"])
    url = reverse("tickets:detail", args=[scene.number])
    etag = reporter.get(url)["ETag"]
    ticket_comment(ticket_number=scene.number, actor=scene.assignee, message=NOTE, internal=True)
    assert reporter.get(url, headers={"if-none-match": etag}).status_code == 304
    ticket_comment(ticket_number=scene.number, actor=scene.assignee, message=REPLY)
    assert reporter.get(url, headers={"if-none-match": etag}).status_code == 200


# --- issue 14 item 2: colleagues see what a member of their tier-1 team filed upward -----------


def _filed_by_a_team_member(scene: Scene) -> str:
    """A ticket staff_lpse (tier 1) filed to tier 2, taken there, with a staff reply and an
    internal note of tier 2 (each with a file)."""
    world = scene.world
    ticket = make_ticket(world, reporter=world.staff_lpse, files=[sample_upload("Bukti.png")])
    lkpp = world.helpdesk_lkpp
    ticket_take(ticket_number=ticket.number, actor=lkpp)
    ticket_comment(
        ticket_number=ticket.number, actor=lkpp, message=REPLY, files=[sample_upload("a.pdf")]
    )
    ticket_comment(
        ticket_number=ticket.number,
        actor=lkpp,
        message=NOTE,
        internal=True,
        files=[sample_upload("log server.txt")],
    )
    return ticket.number


# viewer → (sees the ticket, sees internal notes) on the ticket a team member filed upward.
FILED_UPWARD = {
    "reporter": (False, False),  # reporter_a: not the filer, not staff
    "assignee": (True, False),  # staff_lpse filed it: the reporter
    "colleague": (True, False),  # the new cell: same tier-1 team, the reporter's side
    "other_lpse_staff": (False, False),  # another LPSE's helpdesk
    "tier2_uninvolved": (True, True),  # helpdesk_lkpp handles it
    "supervisor_own": (True, True),
    "supervisor_other": (False, False),
    "admin": (True, True),
}


@pytest.mark.parametrize("viewer", list(FILED_UPWARD))
def test_a_ticket_filed_upward_by_a_team_member(scene: Scene, viewer: str) -> None:
    """Every route answers alike; the colleague sees the ticket and its public files, never the
    internal note (the reporter's side)."""
    number = _filed_by_a_team_member(scene)
    tokens = _tokens(scene)
    upward = Scene(world=scene.world, number=number, users=scene.users, internal_sequence=3)
    seen = observe(upward, User.objects.get(pk=scene.users[viewer].pk), tokens[viewer])
    sees, internal = FILED_UPWARD[viewer]
    for route, status in seen.statuses.items():
        wanted = (200 if internal else 404) if route == "file_3" else (200 if sees else 404)
        assert status == wanted, (viewer, route, status)
    assert (seen.page_has_note, seen.api_message_internal, 3 in seen.downloadable) == (
        internal,
        internal,
        internal,
    )
    assert ("internal_note" in seen.api_event_actions) is internal


def test_the_colleague_loses_the_ticket_with_the_membership(scene: Scene) -> None:
    number = _filed_by_a_team_member(scene)
    colleague = scene.users["colleague"]
    page = Client()
    sign_in(page, colleague)
    url = reverse("tickets:detail", args=[number])
    assert page.get(url).status_code == 200
    scene.world.team_lpse.members.remove(colleague)
    assert page.get(url).status_code == 404
