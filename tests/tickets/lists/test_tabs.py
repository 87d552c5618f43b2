"""Tab membership for every demo account (issue 5 §9): a table of who sees what in Tiket Masuk,
Tiket Ditangani, Riwayat and Semua Tiket (staff) or Tiket Aktif, Riwayat and Tiket Saya
(reporters) — on the page and through the API, which share ``search_tickets``."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.support.demo_tickets import DemoTickets, user
from tests.support.two_factor import sign_in

ALL_PPK = ("new", "taken", "feedback", "escalated", "done")
EVERYTHING = (*ALL_PPK, "penyedia")
MAKASSAR_STAFF = {
    "masuk": ("new", "penyedia"),
    "ditangani": (),
    "riwayat": (),
    "semua": ("new", "taken", "feedback", "escalated", "done", "penyedia"),
}
EXPECTED: dict[str, dict[str, tuple[str, ...]]] = {
    "ppk1": {
        "aktif": ("new", "taken", "feedback", "escalated"),
        "riwayat": ("done",),
        "semua": ALL_PPK,
    },
    "penyedia1": {"aktif": ("penyedia",), "riwayat": (), "semua": ("penyedia",)},
    "helpdesk_lpse1": {
        "masuk": ("new", "penyedia"),
        "ditangani": ("taken", "feedback"),
        "riwayat": ("taken", "feedback", "escalated", "done"),
        "semua": EVERYTHING,
    },
    # Same team as helpdesk_lpse1, but acted on nothing.
    "verifikator_lpse1": MAKASSAR_STAFF,
    "adminagency_lpse1": MAKASSAR_STAFF,
    "helpdesk_lkpp_teknis": {
        "masuk": ("escalated",),
        "ditangani": (),
        "riwayat": (),
        "semua": ("escalated",),
    },
    "helpdesk_lkpp_nonteknis": {"masuk": (), "ditangani": (), "riwayat": (), "semua": ()},
    "timteknis_spse": {"masuk": (), "ditangani": (), "riwayat": (), "semua": ()},
    "helpdesk_sirup": {"masuk": (), "ditangani": (), "riwayat": (), "semua": ()},
    "supervisor": {"masuk": (), "ditangani": (), "riwayat": (), "semua": EVERYTHING},
    "admin": {"masuk": (), "ditangani": (), "riwayat": (), "semua": EVERYTHING},
}


def page_numbers(client: Client, tab: str) -> set[str]:
    response = client.get("/tiket/", {"tab": tab, "per_page": "100"})
    assert response.status_code == 200
    return set(
        re.findall(r'class="ticket-number[^"]*">(T[A-Z]{2}\d{10})<', response.content.decode())
    )


@pytest.mark.django_db
@pytest.mark.parametrize("username", list(EXPECTED))
def test_tab_membership(client: Client, demo_tickets: DemoTickets, username: str) -> None:
    sign_in(client, user(username))
    for tab, names in EXPECTED[username].items():
        expected = demo_tickets.numbers(*names)
        assert page_numbers(client, tab) == expected, (username, tab)
        api = client.get("/api/v1/tickets", {"tab": tab, "page_size": "100"})
        assert api.status_code == 200
        assert {item["number"] for item in api.json()["items"]} == expected, (username, tab)


@pytest.mark.django_db
def test_tabs_shown_and_counted(client: Client, demo_tickets: DemoTickets) -> None:
    client.force_login(user("helpdesk_lpse1"))
    html = client.get("/tiket/", {"tab": "masuk"}).content.decode()
    for label in ("Tiket Masuk", "Tiket Ditangani", "Riwayat", "Semua Tiket"):
        assert label in html
    assert 'data-tab="masuk" href="?tab=masuk"' in html
    assert re.search(r'data-tab="masuk"[^>]*aria-current="page"', html)
    assert 'data-tab-count="2"' in html  # Tiket Masuk
    client.force_login(user("ppk1"))
    html = client.get("/tiket/").content.decode()
    for label in ("Tiket Aktif", "Riwayat", "Tiket Saya"):
        assert label in html
    assert "Tiket Masuk" not in html
    assert 'data-tab-count="4"' in html  # Tiket Aktif


@pytest.mark.django_db
def test_card_buttons_follow_the_workflow(client: Client, demo_tickets: DemoTickets) -> None:
    client.force_login(user("helpdesk_lpse1"))
    html = client.get("/tiket/", {"tab": "semua", "per_page": "100"}).content.decode()
    assert html.count(">Ambil Tiket<") + html.count("Ambil Tiket</button>") >= 2
    assert f'href="/tiket/{demo_tickets.taken.number}/#kerjakan"' in html
    client.force_login(user("ppk1"))
    html = client.get("/tiket/", {"tab": "aktif"}).content.decode()
    assert f'href="/tiket/{demo_tickets.feedback.number}/#feedback"' in html
