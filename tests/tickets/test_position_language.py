"""Issue 17 item 10: Posisi Tiket and the status badge of a finished ticket read in the viewer's
language ("Selesai" → "Done" in English, never the working-hours column's "End")."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from lpse_support.tickets.workflow import Status
from tests.support.drive import drive_to
from tests.support.flow import Flow


def _detail(flow: Flow, language: str) -> str:
    ticket = drive_to(flow.world, Status.SELESAI)
    client = Client()
    client.force_login(flow.world.reporter_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(f"/tiket/{ticket.number}/")
    assert response.status_code == 200
    return response.content.decode()


def test_finished_ticket_reads_done_in_english(flow: Flow) -> None:
    html = _detail(flow, "en")
    assert "Done</dd>" in html
    assert "End" not in html
    assert "Selesai</dd>" not in html


def test_finished_ticket_reads_selesai_in_indonesian(flow: Flow) -> None:
    assert "Selesai</dd>" in _detail(flow, "id")
