"""The whole life of a ticket through the API alone, exactly as docs/api.md shows it with curl
(Gambar 2 flow): the demo accounts of ``seed_demo`` with personal tokens — create with a file,
take, feedback request and answer, escalate, take at tier 2, resolve, reject, resolve, confirm,
rate, and download the attachments as one zip."""

from __future__ import annotations

import io
import uuid
import zipfile
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from lpse_support.accounts.models import User
from lpse_support.api.tokens import token_create
from lpse_support.tickets.models import Ticket, TicketEvent
from tests.support.uploads import sample_upload

API = "/api/v1"


class Curl:
    """One demo account's client: every request carries its Bearer token, like the curl lines."""

    def __init__(self, username: str) -> None:
        user = User.objects.get(username=username)
        secret = token_create(user=user, name="curl").secret
        self.client = Client(headers={"authorization": f"Bearer {secret}"})

    def get(self, path: str, **params: Any) -> Any:
        response = self.client.get(f"{API}{path}", params)
        assert response.status_code == 200, (path, response.content)
        return response

    def form(self, path: str, data: dict[str, Any], *, expect: int = 200) -> dict[str, Any]:
        """``curl -F …`` (multipart) with a fresh Idempotency-Key."""
        response = self.client.post(
            f"{API}{path}", data, headers={"idempotency-key": str(uuid.uuid4())}
        )
        assert response.status_code == expect, (path, response.content)
        body: dict[str, Any] = response.json()
        return body

    def json(self, method: str, path: str, data: dict[str, Any]) -> dict[str, Any]:
        """``curl -H 'Content-Type: application/json' -d '…'``."""
        call = getattr(self.client, method)
        response = call(
            f"{API}{path}",
            data,
            content_type="application/json",
            headers={"idempotency-key": str(uuid.uuid4())},
        )
        assert response.status_code == 200, (path, response.content)
        body: dict[str, Any] = response.json()
        return body


FEEDBACK_QUESTION = "Mohon lampirkan tangkapan layar pesan galat yang muncul."
FEEDBACK_ANSWER = "Tangkapan layar terlampir; galat muncul saat klik Unduh."
ESCALATION = "Perlu pengecekan di server pusat, mohon ditindaklanjuti."
FIX = "Berkas dokumen pemilihan sudah dipulihkan, silakan coba unduh lagi."
NOT_YET = "Masih gagal diunduh dari komputer kantor, mohon dicek lagi."
FIX_AGAIN = "Cache CDN sudah dibersihkan; dokumen dapat diunduh dari semua lokasi."


@pytest.mark.django_db
def test_ticket_round_trip_with_curl_commands() -> None:
    call_command("seed_demo")
    ppk = Curl("ppk1")
    lpse = Curl("helpdesk_lpse1")
    lkpp = Curl("helpdesk_lkpp_nonteknis")

    # 0. the catalog: SPSE, its newest version and a non-technical sub-category.
    applications = ppk.get("/applications").json()
    spse = next(app for app in applications if app["code"] == "spse")
    version = spse["versions"][0]
    category = next(c for c in spse["categories"] if c["kind"] == "NON_TEKNIS")
    subcategory = category["subcategories"][0]

    # 1. create with a file (multipart); a retry with the same key returns the same ticket.
    key = str(uuid.uuid4())
    form = {
        "title": "Dokumen pemilihan tidak dapat diunduh",
        "application_id": spse["id"],
        "version_id": version["id"],
        "subcategory_id": subcategory["id"],
        "description": "Saat klik Unduh Dokumen Pemilihan muncul halaman kosong.",
    }
    created = ppk.client.post(
        f"{API}/tickets",
        {**form, "files": [sample_upload("galat.png")]},
        headers={"idempotency-key": key},
    )
    assert created.status_code == 201, created.content
    ticket = created.json()
    number = ticket["number"]
    assert number.startswith("TPS")
    assert ticket["status"]["code"] == "BARU"
    assert ticket["attachments"][0]["stored_name"] == f"pelapor_{number}_001.png"
    retried = ppk.client.post(
        f"{API}/tickets",
        {**form, "files": [sample_upload("galat.png")]},
        headers={"idempotency-key": key},
    )
    assert (retried.status_code, retried.json()["number"]) == (200, number)

    # 2. Helpdesk LPSE sees it in "masuk" and takes it.
    inbox = lpse.get("/tickets", tab="masuk").json()["items"]
    assert number in [item["number"] for item in inbox]
    assert lpse.form(f"/tickets/{number}/take", {})["status"]["code"] == "DIKERJAKAN"

    # 3. feedback asked of the reporter, answered with a file.
    asked = lpse.form(f"/tickets/{number}/request-feedback", {"message": FEEDBACK_QUESTION})
    assert asked["status"]["code"] == "MENUNGGU_FEEDBACK"
    answered = ppk.form(
        f"/tickets/{number}/feedback",
        {"message": FEEDBACK_ANSWER, "files": [sample_upload("layar.jpg")]},
    )
    assert answered["status"]["code"] == "DIKERJAKAN"

    # 4. escalated to Helpdesk LKPP (tier 2), who takes it.
    escalated = lpse.form(f"/tickets/{number}/escalate", {"message": ESCALATION})
    assert escalated["status"]["code"] == "BARU"
    assert escalated["position"] == "Helpdesk LKPP"
    assert lkpp.form(f"/tickets/{number}/take", {})["assignee"]["username"] == (
        "helpdesk_lkpp_nonteknis"
    )

    # 5. resolved, rejected by the reporter, resolved again, confirmed.
    resolved = lkpp.form(f"/tickets/{number}/resolve", {"message": FIX})
    assert resolved["status"]["code"] == "MENUNGGU_KONFIRMASI"
    rejected = ppk.form(f"/tickets/{number}/reject", {"message": NOT_YET})
    assert rejected["status"]["code"] == "DIKERJAKAN"
    assert rejected["assignee"]["username"] == "helpdesk_lkpp_nonteknis"
    lkpp.form(f"/tickets/{number}/resolve", {"message": FIX_AGAIN})
    confirmed = ppk.form(f"/tickets/{number}/confirm", {})
    assert confirmed["status"]["code"] == "SELESAI"
    assert confirmed["allowed_actions"] == ["rate"]

    # 6. rated with five stars.
    rated = ppk.json(
        "post",
        f"/tickets/{number}/rating",
        {"stars": 5, "chip_ids": [], "message": "Terima kasih, sangat membantu."},
    )
    assert rated["rating"]["stars"] == 5
    assert rated["allowed_actions"] == []

    # 7. the whole story is in the history, and the attachments come as one zip.
    detail = ppk.get(f"/tickets/{number}").json()
    assert [event["action"] for event in detail["events"]] == [
        "create",
        "take",
        "request_feedback",
        "give_feedback",
        "escalate",
        "take",
        "resolve",
        "reject",
        "resolve",
        "confirm",
        "rate",
    ]
    archive = ppk.get(f"/tickets/{number}/attachments.zip")
    names = zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))).namelist()
    assert sorted(names) == [f"pelapor_{number}_001.png", f"pelapor_{number}_002.jpg"]
    assert Ticket.objects.count() == 1
    assert TicketEvent.objects.filter(ticket__number=number).count() == 11
