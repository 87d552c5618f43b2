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
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lpse_support.accounts.models import Team, TeamMembership, User
from lpse_support.api.tokens import token_create
from lpse_support.notifications.recipients import recipients_for
from lpse_support.tickets.access import audience, may_see_internal_notes, tickets_visible_to
from lpse_support.tickets.models import Ticket, TicketAttachment, TicketEvent
from lpse_support.tickets.parties import allowed_actions
from lpse_support.tickets.selectors_detail import ticket_detail
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_escalate import ticket_escalate
from lpse_support.tickets.services.ticket_feedback import ticket_request_feedback
from lpse_support.tickets.services.ticket_resolution import ticket_reject, ticket_resolve
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, FeedbackFrom, Status
from tests.factories import DirectorateFactory, UserFactory
from tests.tickets import conftest as ticket_fixtures
from tests.tickets.conftest import PDF_BYTES, PNG_BYTES, TicketWorld, make_ticket, sample_upload

pytestmark = pytest.mark.django_db

# The ticket fixtures (autouse: attachments in a temporary MEDIA_ROOT).
ticket_world = ticket_fixtures.ticket_world
_media_in_tmp = ticket_fixtures._media_in_tmp

API = "/api/v1/tickets"
NOTE = "Catatan rahasia tim: kredensial server uji ada di brankas."
REPLY = "Silakan coba unggah ulang dokumen setelah membersihkan cache peramban."
MSG = "Mohon dicek kembali pengaturan jadwal tahapan tender ini."
RELEASE_LABEL = "Dikembalikan ke antrean tim"
INTERNAL_LABEL = "Catatan Internal"


@dataclass
class Scene:
    """A ticket of reporter_a taken by staff_lpse (the assignee) in the LPSE team, with a file on
    the description (1), a staff reply with a file (2) and an internal note with a file (3)."""

    world: TicketWorld
    number: str
    users: dict[str, User]
    internal_sequence: int

    @property
    def assignee(self) -> User:
        return self.users["assignee"]

    def ticket(self) -> Ticket:
        return Ticket.objects.get(number=self.number)


def _build(world: TicketWorld) -> Scene:
    colleague = UserFactory.create(username="verifikator_mks", home_lpse=world.lpse)
    TeamMembership.objects.create(team=world.team_lpse, user=colleague)
    users = {
        "reporter": world.reporter_a,
        "other_reporter": world.reporter_b,
        "assignee": world.staff_lpse,
        "colleague": colleague,
        "other_lpse_staff": world.staff_other_lpse,
        "tier2_uninvolved": world.helpdesk_lkpp,
        "supervisor_national": UserFactory.create(username="sup_nas", is_supervisor=True),
        "supervisor_own": UserFactory.create(
            username="sup_spse", is_supervisor=True, supervised_directorate=world.directorate
        ),
        "supervisor_other": UserFactory.create(
            username="sup_lain",
            is_supervisor=True,
            supervised_directorate=DirectorateFactory.create(),
        ),
        "admin": UserFactory.create(username="admin_x", is_superuser=True, is_staff=True),
    }
    ticket = make_ticket(world, files=[sample_upload("Bukti Layar.png")])
    number = ticket.number
    staff = world.staff_lpse
    ticket_take(ticket_number=number, actor=staff)
    ticket_comment(
        ticket_number=number, actor=staff, message=REPLY, files=[sample_upload("panduan.pdf")]
    )
    ticket_comment(
        ticket_number=number,
        actor=staff,
        message=NOTE,
        internal=True,
        files=[sample_upload("log server.txt")],
    )
    internal = TicketAttachment.objects.get(ticket__number=number, message__is_internal=True)
    return Scene(world=world, number=number, users=users, internal_sequence=internal.sequence)


@pytest.fixture
def scene(ticket_world: TicketWorld) -> Scene:
    return _build(ticket_world)


# --- membership changes of the assignee --------------------------------------------------------


def _removed(scene: Scene) -> None:
    TeamMembership.objects.filter(user=scene.assignee).delete()


def _removed_through_team(scene: Scene) -> None:
    scene.world.team_lpse.members.remove(scene.assignee)


def _moved(scene: Scene) -> None:
    TeamMembership.objects.filter(user=scene.assignee).delete()
    TeamMembership.objects.create(user=scene.assignee, team=scene.world.team_other_lpse)


def _moved_by_editing_the_row(scene: Scene) -> None:
    """The admin inline changes the team of the existing membership row."""
    membership = TeamMembership.objects.get(user=scene.assignee, team=scene.world.team_lpse)
    membership.team = scene.world.team_other_lpse
    membership.save()


def _team_deactivated(scene: Scene) -> None:
    team = Team.objects.get(pk=scene.world.team_lpse.pk)
    team.active = False
    team.save()


def _account_deactivated(scene: Scene) -> None:
    user = User.objects.get(pk=scene.assignee.pk)
    user.is_active = False
    user.save()


CHANGES: dict[str, Callable[[Scene], None]] = {
    "removed": _removed,
    "removed_through_team": _removed_through_team,
    "moved": _moved,
    "moved_by_editing_the_row": _moved_by_editing_the_row,
    "team_deactivated": _team_deactivated,
    "account_deactivated": _account_deactivated,
}

# viewer → (sees the ticket, sees internal notes) with nobody's membership changed.
UNCHANGED = {
    "reporter": (True, False),
    "other_reporter": (False, False),
    "assignee": (True, True),
    "colleague": (True, True),
    "other_lpse_staff": (False, False),
    "tier2_uninvolved": (False, False),
    "supervisor_national": (True, True),
    "supervisor_own": (True, True),
    "supervisor_other": (False, False),
    "admin": (True, True),
}


def expected(viewer: str, change: str | None) -> tuple[bool, bool]:
    if change is not None and viewer == "assignee":
        return (False, False)
    if change == "team_deactivated" and viewer == "colleague":
        return (False, False)  # the colleague's only team is gone as well
    return UNCHANGED[viewer]


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


def _streamed(response: Any) -> bytes:
    """The body. The test client closes a streamed response when its iterator is exhausted;
    closing it a second time would close the test's database connection."""
    return b"".join(response.streaming_content) if response.streaming else bytes(response.content)


def _history(html: str) -> str:
    found = re.search(r'<ol class="[^"]*ticket-history"[^>]*>(.*?)</ol>', html, re.S)
    return found.group(1) if found else ""


def _zip_sequences(response: Any, by_name: dict[str, int]) -> set[int]:
    body = _streamed(response)
    if response.status_code != 200:
        return set()
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {by_name[name] for name in archive.namelist()}


def _clients(user: User, bearer: str) -> tuple[Client, Client]:
    page = Client()
    page.force_login(user)
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


def _tokens(scene: Scene) -> dict[str, str]:
    """Personal API tokens, made before any change (a deactivated account keeps its token)."""
    return {name: token_create(user=user, name="tes").secret for name, user in scene.users.items()}


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


# --- row 5: leaving a team ends the rights at once and frees the ticket ------------------------


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_departed_assignee_can_do_nothing_and_the_ticket_is_back_in_the_queue(
    scene: Scene, change: str
) -> None:
    tokens = _tokens(scene)
    CHANGES[change](scene)
    ticket = scene.ticket()
    assert (ticket.status, ticket.assignee_id) == (Status.BARU, None), change
    assert ticket.position == scene.world.team_lpse.position_label
    release = TicketEvent.objects.filter(ticket=ticket).order_by("-id").first()
    assert release is not None and release.action == "release" and release.actor_id is None
    assert (release.from_status, release.to_status) == (Status.DIKERJAKAN, Status.BARU)
    reason = {
        "team_deactivated": "team_inactive",
        "account_deactivated": "account_inactive",
    }.get(change, "left_team")
    assert release.data["reason"] == reason

    departed = User.objects.get(pk=scene.assignee.pk)
    page = Client()
    page.force_login(departed)
    api = Client(headers={"authorization": f"Bearer {tokens['assignee']}"})
    denied = 302 if change == "account_deactivated" else 404
    denied_api = 401 if change == "account_deactivated" else 404
    for name in ("take", "resolve", "comment"):
        data = {"message": MSG, "tindakan": "resolve"}
        assert page.post(reverse(f"tickets:{name}", args=[scene.number]), data).status_code == (
            denied
        ), name
    assert (
        page.post(
            reverse("tickets:comment", args=[scene.number]), {"message": MSG, "internal": "on"}
        ).status_code
        == denied
    )
    assert api.post(f"{API}/{scene.number}/resolve", {"message": MSG}).status_code == denied_api
    assert api.post(f"{API}/{scene.number}/take").status_code == denied_api
    assert not tickets_visible_to(departed).filter(number=scene.number).exists()
    after = scene.ticket()
    assert (after.status, after.assignee_id) == (Status.BARU, None)


def test_the_release_shows_in_riwayat_in_indonesian_for_every_party(scene: Scene) -> None:
    _removed(scene)
    for viewer in ("reporter", "colleague"):
        client = Client()
        client.force_login(scene.users[viewer])
        html = client.get(reverse("tickets:detail", args=[scene.number])).content.decode()
        assert RELEASE_LABEL in _history(html), viewer
        assert "Belum Diambil" in _history(html)
        assert "tidak lagi menangani tiket di tim ini" in html


def test_a_colleague_takes_the_released_ticket(scene: Scene) -> None:
    _removed(scene)
    colleague = User.objects.get(pk=scene.users["colleague"].pk)
    ticket_take(ticket_number=scene.number, actor=colleague)
    assert scene.ticket().assignee_id == colleague.pk


def test_waiting_for_the_reporter_goes_back_to_the_queue_and_the_question_is_withdrawn(
    scene: Scene,
) -> None:
    ticket_request_feedback(ticket_number=scene.number, actor=scene.assignee, message=MSG)
    assert scene.ticket().waiting_since is not None
    _removed(scene)
    ticket = scene.ticket()
    assert (ticket.status, ticket.assignee_id) == (Status.BARU, None)
    assert (ticket.feedback_from, ticket.feedback_team_id, ticket.waiting_since) == ("", None, None)
    assert ticket.position == scene.world.team_lpse.position_label


def test_a_question_to_the_lower_team_is_withdrawn_when_the_asker_leaves(
    ticket_world: TicketWorld,
) -> None:
    world = ticket_world
    ticket = make_ticket(world)
    number = ticket.number
    ticket_take(ticket_number=number, actor=world.staff_lpse)
    ticket_escalate(ticket_number=number, actor=world.staff_lpse, message=MSG)
    ticket_take(ticket_number=number, actor=world.helpdesk_lkpp)
    ticket_request_feedback(
        ticket_number=number,
        actor=world.helpdesk_lkpp,
        message=MSG,
        from_party=FeedbackFrom.TEAM,
    )
    world.team_lkpp.members.remove(world.helpdesk_lkpp)
    after = Ticket.objects.get(number=number)
    assert (after.status, after.team_id, after.assignee_id) == (
        Status.BARU,
        world.team_lkpp.pk,
        None,
    )
    assert (after.feedback_from, after.feedback_team_id) == ("", None)
    assert after.position == world.team_lkpp.position_label
    # The lower team keeps what an earlier team has: the Diskusi, not the question.
    lpse_staff = User.objects.get(pk=world.staff_lpse.pk)
    assert allowed_actions(after, lpse_staff) == [Action.COMMENT, Action.INTERNAL_NOTE]


def test_a_resolution_stands_and_a_rejection_goes_to_the_queue_not_the_departed(
    scene: Scene,
) -> None:
    ticket_resolve(ticket_number=scene.number, actor=scene.assignee, message=MSG)
    _removed(scene)
    waiting = scene.ticket()
    assert waiting.status == Status.MENUNGGU_KONFIRMASI  # the reporter still decides
    assert not tickets_visible_to(User.objects.get(pk=scene.assignee.pk)).exists()

    ticket_reject(ticket_number=scene.number, actor=scene.users["reporter"], message=MSG)

    ticket = scene.ticket()
    assert (ticket.status, ticket.assignee_id) == (Status.BARU, None)
    actions = list(
        TicketEvent.objects.filter(ticket=ticket).order_by("id").values_list("action", flat=True)
    )
    assert actions[-2:] == ["reject", "release"]


def test_an_assignee_still_in_the_team_keeps_the_ticket(scene: Scene) -> None:
    """Changes that do not touch the holder's standing release nothing."""
    TeamMembership.objects.create(user=scene.assignee, team=scene.world.team_other_lpse)
    TeamMembership.objects.filter(user=scene.users["colleague"]).delete()
    other = Team.objects.get(pk=scene.world.team_other_lpse.pk)
    other.active = False
    other.save()
    ticket = scene.ticket()
    assert (ticket.status, ticket.assignee_id) == (Status.DIKERJAKAN, scene.assignee.pk)


def test_the_departed_is_told_nothing_more_and_the_team_is_told_of_the_release(
    scene: Scene,
) -> None:
    ticket_resolve(ticket_number=scene.number, actor=scene.assignee, message=MSG)
    _removed(scene)
    ticket_comment(ticket_number=scene.number, actor=scene.users["reporter"], message=MSG)
    comment = TicketEvent.objects.filter(ticket__number=scene.number).order_by("-id").first()
    assert comment is not None and comment.assignee_id == scene.assignee.pk
    assert scene.assignee not in set(recipients_for(comment))

    scene_ticket = scene.ticket()
    ticket_reject(ticket_number=scene.number, actor=scene.users["reporter"], message=MSG)
    release = TicketEvent.objects.filter(ticket=scene_ticket).order_by("-id").first()
    assert release is not None and release.action == "release"
    assert set(recipients_for(release)) == {scene.users["colleague"]}


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


# --- row 14: HEAD and Range --------------------------------------------------------------------


def _logged_in(scene: Scene, viewer: str = "reporter") -> Client:
    client = Client()
    client.force_login(scene.users[viewer])
    return client


def test_the_zip_says_it_has_no_ranges_and_no_length(scene: Scene) -> None:
    client = _logged_in(scene)
    url = reverse("tickets:attachments_zip", args=[scene.number])
    for response in (client.head(url), client.get(url)):
        _streamed(response)
        assert response["Accept-Ranges"] == "none"
        assert not response.has_header("Content-Length")
    api = Client(headers={"authorization": f"Bearer {_tokens(scene)['reporter']}"})
    api_zip = api.get(f"{API}/{scene.number}/attachments.zip")
    _streamed(api_zip)
    assert api_zip["Accept-Ranges"] == "none"


RANGES = [
    ("bytes=0-3", 0, 3),
    ("bytes=4-", 4, None),
    ("bytes=-5", -5, None),
    ("bytes=2-1000000", 2, None),
    ("bytes=-100000", 0, None),
]


@pytest.mark.parametrize(("header", "first", "last"), RANGES)
def test_a_single_range_answers_206_with_exactly_those_bytes(
    scene: Scene, header: str, first: int, last: int | None
) -> None:
    response = _logged_in(scene).get(
        reverse("tickets:attachment", args=[scene.number, 1]), headers={"range": header}
    )
    size = len(PNG_BYTES)
    start = first % size if first < 0 else first
    end = size - 1 if last is None else last
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{size}"
    assert response["Content-Length"] == str(end - start + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert _streamed(response) == PNG_BYTES[start : end + 1]


def test_an_unsatisfiable_range_is_416_and_several_ranges_get_the_whole_file(
    scene: Scene,
) -> None:
    client = _logged_in(scene)
    url = reverse("tickets:attachment", args=[scene.number, 2])
    beyond = client.get(url, headers={"range": f"bytes={len(PDF_BYTES)}-"})
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(PDF_BYTES)}"
    several = client.get(url, headers={"range": "bytes=0-1,4-5"})
    assert several.status_code == 200 and _streamed(several) == PDF_BYTES
    nonsense = client.get(url, headers={"range": "bytes=5-1"})
    assert nonsense.status_code == 200 and _streamed(nonsense) == PDF_BYTES


def test_if_range_serves_the_range_only_for_the_same_version(scene: Scene) -> None:
    client = _logged_in(scene)
    url = reverse("tickets:attachment", args=[scene.number, 1])
    whole = client.get(url)
    _streamed(whole)
    sha = TicketAttachment.objects.get(ticket__number=scene.number, sequence=1).sha256
    assert whole["ETag"] == f'"{sha}"'
    same = client.get(url, headers={"range": "bytes=0-3", "if-range": whole["ETag"]})
    assert same.status_code == 206 and _streamed(same) == PNG_BYTES[:4]
    by_date = client.get(url, headers={"range": "bytes=0-3", "if-range": whole["Last-Modified"]})
    assert by_date.status_code == 206
    _streamed(by_date)
    stale = client.get(url, headers={"range": "bytes=0-3", "if-range": '"0000"'})
    assert stale.status_code == 200 and _streamed(stale) == PNG_BYTES


def test_a_range_of_a_file_the_user_may_not_see_is_404(scene: Scene) -> None:
    response = _logged_in(scene).get(
        reverse("tickets:attachment", args=[scene.number, scene.internal_sequence]),
        headers={"range": "bytes=0-3"},
    )
    assert response.status_code == 404
