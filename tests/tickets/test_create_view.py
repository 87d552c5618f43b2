"""Buat Tiket Baru page (guide §4.2.1, SPEC §2): the form, its htmx option lists, the live
priority preview, and what a POST does — one ticket, or the errors next to their fields."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from lpse_support.tenders.connectors import TenderServiceUnavailable
from lpse_support.tickets.attachments import AttachmentTooLarge
from lpse_support.tickets.models import Ticket
from tests.support.admin_factories import TenderFactory, TenderStageFactory
from tests.support.ticket_world import TicketWorld
from tests.support.uploads import PDF_BYTES, PNG_BYTES, sample_upload

pytestmark = pytest.mark.django_db
URL = "/tiket/baru/"


@pytest.fixture
def reporter_client(client: Client, ticket_world: TicketWorld) -> Client:
    client.force_login(ticket_world.reporter_a)
    return client


def valid_data(world: TicketWorld, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Gagal unggah dokumen penawaran",
        "application": world.spse.pk,
        "version": world.spse_version.pk,
        "error_code": "",
        "tender_code": "",
        "category": world.category.pk,
        "subcategory": world.subcategory.pk,
        "description": "Dokumen penawaran gagal diunggah sejak pukul 09.00 WIB.",
        "idempotency_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def error_for(html: str, field: str) -> list[str]:
    return re.findall(rf'data-error-for="{field}">([^<]*)<', html)


def test_anonymous_is_sent_to_login(client: Client) -> None:
    for url in (URL, "/tiket/baru/versi/", "/tiket/baru/prioritas/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/akun/masuk/?next=")


def test_form_renders_fields_read_only_identity_and_a_key(
    reporter_client: Client, ticket_world: TicketWorld
) -> None:
    response = reporter_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    for name in (
        "title",
        "application",
        "version",
        "error_code",
        "tender_code",
        "manual_code",
        "manual_spse_build",
        "manual_fiscal_year",
        "manual_hps",
        "manual_category",
        "category",
        "subcategory",
        "description",
        "files",
    ):
        assert f'name="{name}"' in html, name
    assert 'maxlength="100"' in html
    assert "0/100" in html
    assert "Maksimal 100 karakter" in html
    assert re.search(r'id="reporter-name" value="Pengguna Uji \d+" readonly', html)
    assert f'value="{ticket_world.reporter_a.email}" readonly' in html
    key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', html)
    assert key and uuid.UUID(key.group(1))
    assert 'type="file" name="files"' in html and "multiple" in html
    assert "maksimum ukuran file: 500 MB".lower() in html.lower()
    assert ".rhs" in html
    assert "Apakah data tiket sudah sesuai?" in html
    assert "Kirim Tiket" in html
    assert "Prioritas dihitung otomatis setelah sub kategori dipilih." in html
    assert 'data-tender-search="/tender/cari/"' in html


def test_version_and_category_options_follow_the_application(
    reporter_client: Client, ticket_world: TicketWorld
) -> None:
    world = ticket_world
    html = reporter_client.get(
        "/tiket/baru/versi/", {"application": world.spse.pk}
    ).content.decode()
    assert f'<option value="{world.spse_version.pk}">4.5</option>' in html
    assert "2.0" not in html
    html = reporter_client.get(
        "/tiket/baru/kategori/", {"application": world.other_app.pk}
    ).content.decode()
    assert "Perencanaan" in html and "Pengumuman &amp; Dokumen" not in html
    html = reporter_client.get(
        "/tiket/baru/sub-kategori/",
        {"category": world.category.pk, "subcategory": world.deadline_subcategory.pk},
    ).content.decode()
    assert "Gagal unduh dokumen" in html
    assert f'<option value="{world.deadline_subcategory.pk}" selected>' in html
    assert "Paket tidak tampil" not in html
    empty = reporter_client.get("/tiket/baru/versi/", {"application": "x"}).content.decode()
    assert empty.strip() == '<option value="" selected>Pilih Versi</option>'


def test_priority_preview_shows_level_reasons_and_target_team(
    reporter_client: Client, ticket_world: TicketWorld
) -> None:
    world = ticket_world
    tender = TenderFactory.create(code="77001234", hps=1_000_000_000)
    TenderStageFactory.create(
        tender=tender,
        name="Upload Dokumen Penawaran",
        start=timezone.now() - timedelta(days=1),
        end=timezone.now() + timedelta(hours=5),
    )
    response = reporter_client.get(
        "/tiket/baru/prioritas/",
        {"subcategory": str(world.deadline_subcategory.pk), "tender_code": "77001234"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert ">Emergency</span>" in html
    assert "Sub kategori: Medium" in html
    assert "tahap Upload Dokumen Penawaran berakhir dalam" in html
    assert "Tiket ini akan dikirimkan ke <strong>Helpdesk LPSE Makassar</strong>" in html
    assert 'data-team="Helpdesk LPSE Makassar"' in html


def test_priority_preview_is_neutral_without_sub_category(reporter_client: Client) -> None:
    for params in ({}, {"subcategory": "abc"}, {"subcategory": "999999"}):
        response = reporter_client.get("/tiket/baru/prioritas/", params)
        assert response.status_code == 200
        assert (
            "Prioritas dihitung otomatis setelah sub kategori dipilih." in response.content.decode()
        )


def test_priority_preview_uses_manual_tender_data(
    reporter_client: Client, ticket_world: TicketWorld
) -> None:
    html = reporter_client.get(
        "/tiket/baru/prioritas/",
        {
            "subcategory": str(ticket_world.subcategory.pk),
            "manual": "on",
            "manual_hps": "Rp 12.000.000.000",
        },
    ).content.decode()
    assert ">Major</span>" in html
    assert "Nilai HPS Rp 12.000.000.000" in html


def test_priority_preview_when_the_warehouse_is_down(
    reporter_client: Client, ticket_world: TicketWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Down:
        def get(self, code: str) -> None:
            raise TenderServiceUnavailable("Data warehouse tidak menjawab.")

    monkeypatch.setattr("lpse_support.tickets.services.ticket_create.get_connector", lambda: Down())
    html = reporter_client.get(
        "/tiket/baru/prioritas/",
        {"subcategory": str(ticket_world.deadline_subcategory.pk), "tender_code": "77001234"},
    ).content.decode()
    assert ">Medium</span>" in html
    assert "Data tender tidak tersedia" in html
    assert "Prioritas dihitung dari sub kategori saja." in html


def test_priority_preview_says_when_no_team_can_receive(
    client: Client, ticket_world: TicketWorld
) -> None:
    ticket_world.reporter_a.home_lpse = None
    ticket_world.reporter_a.save()
    client.force_login(ticket_world.reporter_a)
    html = client.get(
        "/tiket/baru/prioritas/", {"subcategory": ticket_world.subcategory.pk}
    ).content.decode()
    assert ">Medium</span>" in html
    assert "belum terdaftar pada LPSE" in html


def test_valid_post_creates_one_ticket_and_says_sukses(
    reporter_client: Client, ticket_world: TicketWorld
) -> None:
    data = valid_data(
        ticket_world,
        files=[sample_upload("layar.png", PNG_BYTES), sample_upload("bukti.pdf", PDF_BYTES)],
    )
    response = reporter_client.post(URL, data)
    assert response.status_code == 302
    assert response["Location"] == "/tiket/"
    ticket = Ticket.objects.get()
    assert ticket.reporter == ticket_world.reporter_a
    assert ticket.title == "Gagal unggah dokumen penawaran"
    assert ticket.attachments.count() == 2
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts == [f"Sukses Tiket {ticket.number} berhasil disimpan!"]
    assert re.fullmatch(r"Sukses Tiket TPS\d{10} berhasil disimpan!", texts[0])
    listing = reporter_client.get("/tiket/").content.decode()
    assert f"Sukses Tiket {ticket.number} berhasil disimpan!" in listing


def test_same_idempotency_key_twice_makes_one_ticket(
    reporter_client: Client, ticket_world: TicketWorld
) -> None:
    data = valid_data(ticket_world)
    first = reporter_client.post(URL, data)
    second = reporter_client.post(URL, data)
    assert first.status_code == second.status_code == 302
    assert Ticket.objects.count() == 1


def test_manual_tender_is_kept_on_the_ticket(
    reporter_client: Client, ticket_world: TicketWorld
) -> None:
    data = valid_data(
        ticket_world,
        manual="on",
        manual_code="123456789",
        manual_spse_build="SPSE v4.5u20250101",
        manual_fiscal_year="2026",
        manual_hps="12.500.000.000",
        manual_category="Pekerjaan Konstruksi",
    )
    assert reporter_client.post(URL, data).status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.tender_code == "123456789"
    assert ticket.tender_data["hps"] == "12500000000"
    assert ticket.tender_data["source"] == "manual"
    assert ticket.priority.name == "Major"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Judul tiket wajib diisi."),
        ({"title": "x" * 101}, "title", "Judul tiket maksimal 100 karakter."),
        ({"description": "terlalu pendek"}, "description", "Deskripsi minimal 15 karakter."),
        ({"tender_code": "12ab"}, "tender_code", "Kode tender harus 6–12 digit angka."),
        ({"manual_code": "abc"}, "manual_code", "Kode tender harus 6–12 digit angka."),
        ({"manual_hps": "banyak"}, "manual_hps", "Nilai HPS harus berupa angka"),
    ],
)
def test_invalid_input_is_shown_next_to_its_field_and_values_are_kept(
    reporter_client: Client,
    ticket_world: TicketWorld,
    overrides: dict[str, str],
    field: str,
    message: str,
) -> None:
    data = valid_data(ticket_world, **overrides)
    response = reporter_client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    errors = error_for(html, field)
    assert errors and errors[0].startswith(message), (field, errors)
    assert Ticket.objects.count() == 0
    assert f'name="idempotency_key" value="{data["idempotency_key"]}"' in html
    assert f'<option value="{ticket_world.spse_version.pk}" selected>4.5</option>' in html
    assert f'<option value="{ticket_world.subcategory.pk}" selected>' in html
    if field != "description":
        assert "Dokumen penawaran gagal diunggah sejak pukul 09.00 WIB." in html


def test_version_of_another_application_is_refused_on_version(
    reporter_client: Client, ticket_world: TicketWorld
) -> None:
    data = valid_data(ticket_world, version=ticket_world.other_version.pk, title="Judul tetap")
    response = reporter_client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert error_for(html, "version") == ["Pilih versi dari aplikasi yang dipilih."]
    assert 'value="Judul tetap"' in html
    assert Ticket.objects.count() == 0


def test_sub_category_of_another_category_is_refused(
    reporter_client: Client, ticket_world: TicketWorld
) -> None:
    data = valid_data(ticket_world, subcategory=ticket_world.other_subcategory.pk)
    html = reporter_client.post(URL, data).content.decode()
    assert error_for(html, "subcategory") == ["Pilih sub kategori dari kategori yang dipilih."]
    assert Ticket.objects.count() == 0


def test_rejected_file_creates_nothing_and_asks_to_pick_again(
    reporter_client: Client, ticket_world: TicketWorld, media_root: Any
) -> None:
    data = valid_data(
        ticket_world,
        files=[sample_upload("layar.png", PNG_BYTES), sample_upload("setup.exe", b"MZ\x90\x00")],
    )
    response = reporter_client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    errors = error_for(html, "files")
    assert errors and errors[0].startswith("Format file setup.exe tidak diizinkan.")
    assert "Pilih ulang file yang akan diunggah." in html
    assert Ticket.objects.count() == 0
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_every_rejected_file_is_named_not_only_the_first(
    reporter_client: Client, ticket_world: TicketWorld, media_root: Any
) -> None:
    # Issue 17 item 5: with several bad files only the first was named.
    data = valid_data(
        ticket_world,
        files=[
            sample_upload("setup.exe", b"MZ\x90\x00"),
            sample_upload("layar.png", PNG_BYTES),
            sample_upload("catatan.bat", b"echo hai"),
            sample_upload("palsu.pdf", b"bukan pdf sama sekali"),
        ],
    )
    html = reporter_client.post(URL, data).content.decode()
    (error,) = error_for(html, "files")
    assert error.startswith("3 file ditolak: Format file setup.exe tidak diizinkan.")
    assert "Format file catatan.bat tidak diizinkan." in error
    assert "Isi file palsu.pdf tidak sesuai dengan formatnya (.pdf)." in error
    assert "layar.png" not in error
    assert Ticket.objects.count() == 0
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_upload_refused_by_the_size_limit_handler_is_explained(
    reporter_client: Client, ticket_world: TicketWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "lpse_support.tickets.views.create.upload_refusal",
        lambda request: AttachmentTooLarge("Ukuran unggahan melebihi batas 500 MB.", field="files"),
    )
    response = reporter_client.post(URL, valid_data(ticket_world))
    html = response.content.decode()
    assert response.status_code == 200
    assert error_for(html, "files") == ["Ukuran unggahan melebihi batas 500 MB."]
    assert Ticket.objects.count() == 0


def test_post_while_the_warehouse_is_down_asks_for_isi_manual_and_keeps_input(
    reporter_client: Client, ticket_world: TicketWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Down:
        def get(self, code: str) -> None:
            raise TenderServiceUnavailable("Data warehouse tidak menjawab.")

    monkeypatch.setattr("lpse_support.tickets.services.ticket_create.get_connector", lambda: Down())
    response = reporter_client.post(
        "/tiket/baru/", valid_data(ticket_world, tender_code="77001234", title="Judul tetap ada")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert Ticket.objects.count() == 0
    assert any("Gunakan Isi Manual" in error for error in error_for(html, "tender_code"))
    assert 'value="Judul tetap ada"' in html

    # The same ticket goes through with the tender typed in by hand (Isi Manual).
    response = reporter_client.post(
        "/tiket/baru/",
        valid_data(ticket_world, manual="on", manual_code="77001234", manual_hps="2500000000"),
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.tender_data["source"] == "manual"
    assert ticket.tender_data["code"] == "77001234"
