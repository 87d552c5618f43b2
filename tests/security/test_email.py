"""E-mail header and body injection (issue 10, row 4): a ticket title — or a name — with CR/LF or
another line break used to fail the new-ticket e-mail for the whole team (``BadHeaderError``)
and to forge lines such as "Tautan : https://evil.example/login" in every later e-mail.

Titles are one line on the page and in the API (line breaks become a space, invisible
characters go; nothing left refuses the ticket); e-mails of every notification kind carry only
the lines their text builder writes, user text after a label on its own line with its links
neutralised — also for rows stored before the fix."""

from __future__ import annotations

import importlib
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.core import mail
from django.core.mail import EmailMessage
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from lpse_support.accounts.models import Team, User
from lpse_support.api.tokens import token_create
from lpse_support.notifications.messages import email_body, email_subject, title_for
from lpse_support.notifications.outbox import write_outbox_once
from lpse_support.tickets.models import Ticket, TicketEvent
from lpse_support.tickets.services.ticket_take import ticket_take
from lpse_support.tickets.workflow import Action, Status
from tests.notifications.helpers import deliver
from tests.support.ticket_world import TicketWorld, make_ticket

# Every character that ends a line for Python's ``splitlines`` and for some mail readers.
BREAKS = ["\r", "\n", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]
OnCommit = Callable[..., Any]
OTHER_CONTROLS = ["\x07", "\x1b", "\x7f", "\u202e", "\u200b", "\t"]
FORGED = "Tautan      : https://evil.example/login"
# The lines the e-mail text builder writes, in order; user text only where ".+" stands after a
# label (or as the whole notification line).
NUMBER = r"T[A-Z]{2}\d{10}"
TEMPLATE = [
    r"Yth\. .+,",
    r"",
    r".+\.",
    r"",
    rf"Nomor tiket : {NUMBER}",
    r"Judul       : .+",
    r"Status      : .+",
    rf"Tautan      : {{site}}/tiket/{NUMBER}/",
    r"",
    r"Buka tautan di atas setelah masuk ke LPSE Support untuk melihat detail tiket\.",
    r"",
    r"Email ini dikirim otomatis oleh LPSE Support; mohon tidak membalas email ini\.",
    r"",
]


@pytest.fixture(autouse=True)
def _immediate_tasks_and_locmem_mail(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://lpse-support.example.go.id"


def assert_safe(message: EmailMessage) -> None:
    """The e-mail builds (no ``BadHeaderError``), its subject is one line, and its body holds
    exactly the builder's lines with no link but the application's own."""
    message.message()  # raises BadHeaderError for a header with a line break
    subject = str(message.subject)
    assert subject.startswith("[LPSE Support] ")
    assert len(subject.splitlines()) == 1 and not any(b in subject for b in BREAKS)
    body = str(message.body)
    lines = body.split("\n")
    assert body.splitlines() == lines[:-1], "no line break but the builder's own"
    assert len(lines) == len(TEMPLATE), body
    site = re.escape(django_settings.SITE_URL)
    for line, pattern in zip(lines, TEMPLATE, strict=True):
        assert re.fullmatch(pattern.replace("{site}", site), line), (pattern, line)
    assert sum(line.startswith("Tautan") for line in lines) == 1
    # The one link is the application's own, absolute on SITE_URL (issue 13).
    assert sum("://" in line for line in lines) == 1
    assert "://" not in subject
    for text in (subject, body):
        assert "evil.example" not in text
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202e]", text)


def hostile(text: str) -> str:
    """``text`` and a forged line behind several kinds of line break (fits a 100-char title)."""
    return f"{text}\r\n{FORGED}\u2028\x85\nAkhir"


# --- titles are one line: page and API ---------------------------------------------------------


def page_data(world: TicketWorld, title: str) -> dict[str, Any]:
    return {
        "title": title,
        "application": world.spse.pk,
        "version": world.spse_version.pk,
        "category": world.category.pk,
        "subcategory": world.subcategory.pk,
        "description": "Dokumen penawaran gagal diunggah sejak pukul 09.00 WIB.",
        "idempotency_key": str(uuid.uuid4()),
    }


def api_data(world: TicketWorld, title: str) -> dict[str, Any]:
    return {
        "title": title,
        "application_id": world.spse.pk,
        "version_id": world.spse_version.pk,
        "subcategory_id": world.subcategory.pk,
        "description": "Dokumen penawaran gagal diunggah sejak pukul 09.00 WIB.",
    }


def api_client(user: User) -> Client:
    return Client(headers={"authorization": f"Bearer {token_create(user=user, name='t').secret}"})


@pytest.mark.django_db
@pytest.mark.parametrize("separator", BREAKS + OTHER_CONTROLS)
def test_page_and_api_store_titles_as_one_line(
    client: Client, ticket_world: TicketWorld, separator: str
) -> None:
    title = f"Gagal unggah{separator}Tautan : https://evil.example/login"
    # Breaks and tabs become a space, invisible characters go.
    joint = " " if separator in [*BREAKS, "\t"] else ""
    expected = f"Gagal unggah{joint}Tautan : https://evil.example/login"
    client.force_login(ticket_world.reporter_a)
    response = client.post("/tiket/baru/", page_data(ticket_world, title))
    assert response.status_code == 302, response.content.decode()[:2000]
    response = api_client(ticket_world.reporter_b).post(
        "/api/v1/tickets", api_data(ticket_world, title)
    )
    assert response.status_code == 201, response.content
    assert response.json()["title"] == expected
    assert sorted(Ticket.objects.values_list("title", flat=True)) == [expected, expected]


@pytest.mark.django_db
def test_a_title_of_nothing_but_breaks_is_refused(
    client: Client, ticket_world: TicketWorld
) -> None:
    title = "\r\n\u2028\x85\t\u200b"
    client.force_login(ticket_world.reporter_a)
    response = client.post("/tiket/baru/", page_data(ticket_world, title))
    assert response.status_code == 200
    assert "Judul tiket wajib diisi." in response.content.decode()
    response = api_client(ticket_world.reporter_a).post(
        "/api/v1/tickets", api_data(ticket_world, title)
    )
    assert response.status_code == 422
    assert response.json()["field"] == "title"
    assert response.json()["detail"] == "Judul tiket wajib diisi."
    assert not Ticket.objects.exists()


@pytest.mark.django_db
def test_migration_makes_stored_titles_one_line(ticket_world: TicketWorld) -> None:
    migration = importlib.import_module("lpse_support.tickets.migrations.0008_title_one_line")
    broken = make_ticket(ticket_world)
    blank = make_ticket(ticket_world)
    clean = make_ticket(ticket_world)
    Ticket.objects.filter(pk=broken.pk).update(title=hostile("Judul lama"))
    Ticket.objects.filter(pk=blank.pk).update(title="\r\n\u2028")
    Ticket.objects.filter(pk=clean.pk).update(title="Judul  dengan dua spasi")
    migration.titles_one_line(django_apps, None)
    titles = dict(Ticket.objects.values_list("pk", "title"))
    assert titles[broken.pk] == "Judul lama Tautan : https://evil.example/login Akhir"
    assert titles[blank.pk] == migration.UNTITLED
    assert titles[clean.pk] == "Judul  dengan dua spasi", "rows without a break are left alone"


# --- e-mails ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_new_ticket_mail_reaches_the_team_with_a_one_line_subject(
    client: Client, ticket_world: TicketWorld, django_capture_on_commit_callbacks: OnCommit
) -> None:
    """The report: a title with CR/LF failed the new-ticket e-mail for the whole team."""
    client.force_login(ticket_world.reporter_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/tiket/baru/", page_data(ticket_world, hostile("Gagal unggah")))
    assert response.status_code == 302
    deliver()
    assert [message.to for message in mail.outbox] == [[ticket_world.staff_lpse.email]]
    assert_safe(mail.outbox[0])
    assert "Gagal unggah Tautan : https[:]//evil[.]example/login" in mail.outbox[0].subject


@pytest.mark.django_db
def test_old_rows_with_line_breaks_cannot_forge_lines(
    ticket_world: TicketWorld, django_capture_on_commit_callbacks: OnCommit
) -> None:
    """A title stored before the fix, through a real action's e-mail."""
    ticket = make_ticket(ticket_world)
    Ticket.objects.filter(pk=ticket.pk).update(title=hostile("Judul lama"))
    deliver()  # the filing's own e-mail, sent before the title went bad
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_take(ticket_number=ticket.number, actor=ticket_world.staff_lpse)
    deliver()
    assert len(mail.outbox) == 1
    assert_safe(mail.outbox[0])


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(Action))
def test_every_notification_kind_writes_only_its_own_lines(
    ticket_world: TicketWorld, action: Action
) -> None:
    ticket = make_ticket(ticket_world)
    ticket_take(ticket_number=ticket.number, actor=ticket_world.staff_lpse)
    # Hostile values everywhere user or admin text reaches an e-mail: the title (an old row),
    # the actor's and the recipients' names, and a team name (the event's team, which the
    # escalation and release lines name; event data holds ids only).
    Ticket.objects.filter(pk=ticket.pk).update(title=hostile("Judul"))
    User.objects.update(full_name=hostile("Nama"))
    Team.objects.filter(pk=ticket_world.team_lpse.pk).update(name=hostile("Tim"))
    event = TicketEvent.objects.create(
        ticket=ticket,
        actor=ticket_world.helpdesk_lkpp,
        action=action,
        from_status=Status.DIKERJAKAN,
        to_status=Status.DIKERJAKAN,
        team=ticket_world.team_lpse,
        assignee=ticket_world.staff_lpse,
        data={"to_team": ticket_world.team_lpse.pk, "stars": 5},
    )
    deliver()
    mail.outbox.clear()
    write_outbox_once(event.pk)
    deliver()
    assert mail.outbox, f"{action}: no e-mail"
    for message in mail.outbox:
        assert_safe(message)


@settings(max_examples=150, deadline=None)
@given(title=st.text(max_size=300), name=st.text(max_size=160))
def test_no_text_can_break_the_headers_or_add_a_line(title: str, name: str) -> None:
    ticket = Ticket(number="TPS2611280001", title=title or "x")
    event = TicketEvent(ticket=ticket, action=Action.CREATE, to_status=Status.BARU)
    event.actor = User(username="u", full_name=name)
    notification_title = title_for(event)
    message = EmailMessage(
        subject=email_subject(notification_title),
        body=email_body(
            recipient_name=name or "x",
            title=notification_title,
            event=event,
            url="/tiket/TPS2611280001/",
        ),
        to=["petugas@contoh.go.id"],
    )
    assert_safe(message)
