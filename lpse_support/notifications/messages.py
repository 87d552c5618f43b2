"""The Indonesian line a notification shows (and its e-mail's subject) — each action's spec
writes its own — and the e-mail's text.

User text — ticket titles, people's and teams' names — is never trusted to keep the shape of an
e-mail (issue 10, row 4): every such value is made one line (``one_line``: line breaks of any
kind, control and invisible characters removed) so it cannot end a header (``BadHeaderError``)
or forge a line of the body such as "Tautan : https://…", and in e-mails its link-like parts are
neutralised (``defang_links``) so the only link a reader can follow is the one the application
wrote. This holds for rows stored before titles were normalised too. That link is absolute
(``SITE_URL`` + the stored path, issue 13) and never taken from a request's Host header.
"""

from __future__ import annotations

from django.utils.text import Truncator

from lpse_support.core.links import absolute_url
from lpse_support.core.text import defang_links, one_line
from lpse_support.tickets.actions import registry
from lpse_support.tickets.actions.notify import actor_name
from lpse_support.tickets.models import TicketEvent

TITLE_MAX = 255
SUBJECT_PREFIX = "[LPSE Support] "


def _quoted(value: object, empty: str = "—") -> str:
    """User text as it may appear in an e-mail: one line, nothing that reads as a link."""
    return defang_links(one_line(value)) or empty


def title_for(event: TicketEvent) -> str:
    """The line of the event's action (its spec's ``title``, ``tickets/actions/``), one line,
    at most ``TITLE_MAX`` characters."""
    spec = registry.find(event.action)
    if spec is not None and spec.title is not None:
        text = spec.title(event)
    else:
        text = f"Tiket {event.ticket.number} diperbarui oleh {actor_name(event)}"
    return Truncator(one_line(text)).chars(TITLE_MAX)


def email_subject(title: str) -> str:
    """The subject of a notification's e-mail: one line whatever ``title`` holds."""
    return SUBJECT_PREFIX + _quoted(title)


def email_body(*, recipient_name: str, title: str, event: TicketEvent, url: str) -> str:
    """The e-mail's text: every line written here; user text only after a label, on its line.
    ``url`` is the site path stored with the notification; the mail carries it as a full link
    on ``SITE_URL`` (core/links.py) so it opens from a mail client."""
    ticket = event.ticket
    return (
        f"Yth. {_quoted(recipient_name, 'Bapak/Ibu')},\n\n"
        f"{_quoted(title).rstrip('.')}.\n\n"
        f"Nomor tiket : {ticket.number}\n"
        f"Judul       : {_quoted(ticket.title)}\n"
        f"Status      : {event.get_to_status_display()}\n"
        f"Tautan      : {absolute_url(url)}\n\n"
        "Buka tautan di atas setelah masuk ke LPSE Support untuk melihat detail tiket.\n\n"
        "Email ini dikirim otomatis oleh LPSE Support; mohon tidak membalas email ini.\n"
    )
