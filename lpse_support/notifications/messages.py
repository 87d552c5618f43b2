"""The Indonesian line a notification shows (and its e-mail's subject), one per action, and the
e-mail's text.

User text — ticket titles, people's and teams' names — is never trusted to keep the shape of an
e-mail (issue 10, row 4): every such value is made one line (``one_line``: line breaks of any
kind, control and invisible characters removed) so it cannot end a header (``BadHeaderError``)
or forge a line of the body such as "Tautan : https://…", and in e-mails its link-like parts are
neutralised (``defang_links``) so the only link a reader can follow is the one the application
wrote. This holds for rows stored before titles were normalised too.
"""

from __future__ import annotations

from django.utils.text import Truncator

from lpse_support.core.text import defang_links, one_line
from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.workflow import Action

TITLE_MAX = 255
SUBJECT_PREFIX = "[LPSE Support] "


def _actor(event: TicketEvent) -> str:
    return event.actor.get_full_name() if event.actor is not None else "Sistem"


def _quoted(value: object, empty: str = "—") -> str:
    """User text as it may appear in an e-mail: one line, nothing that reads as a link."""
    return defang_links(one_line(value)) or empty


def title_for(event: TicketEvent) -> str:
    ticket = event.ticket
    number = ticket.number
    actor = _actor(event)
    data = event.data or {}
    action = event.action
    if action == Action.CREATE:
        text = f"Tiket baru {number} dari {actor}: {ticket.title}"
    elif action == Action.TAKE:
        text = f"Tiket {number} diambil oleh {actor}"
    elif action == Action.RECLASSIFY:
        text = f"Kategori tiket {number} diubah oleh {actor}"
    elif action == Action.REQUEST_FEEDBACK:
        text = f"{actor} meminta feedback untuk tiket {number}"
    elif action == Action.GIVE_FEEDBACK:
        text = f"{actor} memberi feedback pada tiket {number}"
    elif action == Action.ESCALATE:
        target = data.get("to_team") or (event.team.name if event.team else "tim berikutnya")
        text = f"Tiket {number} dieskalasi ke {target} oleh {actor}"
    elif action == Action.RESOLVE:
        text = f"Tiket {number} diselesaikan oleh {actor}. Mohon konfirmasi penyelesaiannya"
    elif action == Action.CONFIRM:
        text = f"Penyelesaian tiket {number} dikonfirmasi oleh {actor}"
    elif action == Action.REJECT:
        text = f"{actor} menyatakan masalah tiket {number} belum terselesaikan"
    elif action == Action.CLOSE:
        text = f"Tiket {number} ditutup oleh {actor}"
    elif action == Action.RATE:
        stars = data.get("stars")
        text = f"Tiket {number} dinilai {stars} bintang oleh {actor}"
    elif action == Action.AUTO_CONFIRM:
        text = f"Tiket {number} dikonfirmasi otomatis: tidak ada jawaban pelapor"
    elif action == Action.RELEASE:
        team = event.team.name if event.team else "tim"
        text = f"Tiket {number} dikembalikan ke antrean {team}: petugas tidak lagi menanganinya"
    elif action == Action.COMMENT:
        text = f"Pesan baru dari {actor} pada tiket {number}"
    elif action == Action.INTERNAL_NOTE:
        text = f"Catatan internal baru dari {actor} pada tiket {number}"
    else:
        text = f"Tiket {number} diperbarui oleh {actor}"
    return Truncator(one_line(text)).chars(TITLE_MAX)


def email_subject(title: str) -> str:
    """The subject of a notification's e-mail: one line whatever ``title`` holds."""
    return SUBJECT_PREFIX + _quoted(title)


def email_body(*, recipient_name: str, title: str, event: TicketEvent, url: str) -> str:
    """The e-mail's text: every line written here; user text only after a label, on its line."""
    ticket = event.ticket
    return (
        f"Yth. {_quoted(recipient_name, 'Bapak/Ibu')},\n\n"
        f"{_quoted(title).rstrip('.')}.\n\n"
        f"Nomor tiket : {ticket.number}\n"
        f"Judul       : {_quoted(ticket.title)}\n"
        f"Status      : {event.get_to_status_display()}\n"
        f"Tautan      : {url}\n\n"
        "Buka tautan di atas setelah masuk ke LPSE Support untuk melihat detail tiket.\n\n"
        "Email ini dikirim otomatis oleh LPSE Support; mohon tidak membalas email ini.\n"
    )
