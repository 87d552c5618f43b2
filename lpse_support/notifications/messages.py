"""The Indonesian line a notification shows (and its e-mail's subject), one per action."""

from __future__ import annotations

from django.utils.text import Truncator

from lpse_support.tickets.models import TicketEvent
from lpse_support.tickets.workflow import Action

TITLE_MAX = 255


def _actor(event: TicketEvent) -> str:
    return event.actor.get_full_name() if event.actor is not None else "Sistem"


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
    return Truncator(text).chars(TITLE_MAX)


def email_body(*, recipient_name: str, title: str, event: TicketEvent, url: str) -> str:
    ticket = event.ticket
    return (
        f"Yth. {recipient_name},\n\n"
        f"{title.rstrip('.')}.\n\n"
        f"Nomor tiket : {ticket.number}\n"
        f"Judul       : {ticket.title}\n"
        f"Status      : {event.get_to_status_display()}\n"
        f"Tautan      : {url}\n\n"
        "Buka tautan di atas setelah masuk ke LPSE Support untuk melihat detail tiket.\n\n"
        "Email ini dikirim otomatis oleh LPSE Support; mohon tidak membalas email ini.\n"
    )
