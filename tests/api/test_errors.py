"""Every API error is the JSON envelope {"detail", "code", "field"} with the right status."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory

from lpse_support.api.app import api
from lpse_support.api.errors import validation_body
from lpse_support.core.errors import Conflict, InvalidInput, NotFound
from lpse_support.tickets.attachments import AttachmentRejected, AttachmentTooLarge
from lpse_support.tickets.errors import AlreadyTaken
from tests.support.api import bearer
from tests.support.factories import UserFactory
from tests.support.users import make_user

pytestmark = pytest.mark.django_db

PREVIEW = "/api/v1/priority/preview"


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture
def headers() -> dict[str, str]:
    return bearer(make_user())


def post_json(headers: dict[str, str], body: Any, path: str = PREVIEW) -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return Client().post(path, data, content_type="application/json", headers=headers)


def test_unknown_subcategory_is_422_with_field(headers: dict[str, str]) -> None:
    response = post_json(headers, {"subcategory_id": 987654})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["field"] == "subcategory_id"
    assert body["detail"] == "Sub kategori tidak ditemukan atau tidak aktif."


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "subcategory_id"),
        ({"subcategory_id": "abc"}, "subcategory_id"),
        ({"subcategory_id": 0}, "subcategory_id"),
        ({"subcategory_id": 1, "manual": {"hps": "-5"}}, "hps"),
        ({"subcategory_id": 1, "manual": {"fiscal_year": "dua"}}, "fiscal_year"),
    ],
)
def test_schema_validation_is_422_naming_the_field(
    headers: dict[str, str], body: dict[str, Any], field: str
) -> None:
    response = post_json(headers, body)
    assert response.status_code == 422
    payload = response.json()
    assert payload["code"] == "invalid_input"
    assert payload["field"] == field
    assert payload["detail"].startswith(f"{field}: ")


def test_broken_json_is_a_json_error_not_500(headers: dict[str, str]) -> None:
    response = post_json(headers, "{not json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_query_validation_names_the_parameter(headers: dict[str, str]) -> None:
    response = Client().get("/api/v1/tenders?q=ab", headers=headers)
    assert response.status_code == 422
    assert response.json()["field"] == "q"


def test_missing_object_is_404(headers: dict[str, str]) -> None:
    response = Client().get("/api/v1/tenders/99999999", headers=headers)
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Kode tender tidak ditemukan.",
        "code": "not_found",
        "field": None,
    }


def test_request_body_too_large_is_413(headers: dict[str, str], settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = post_json(headers, {"subcategory_id": 1, "tender_code": "1" * 30, "x": "y" * 200})
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_unexpected_error_is_logged_500_json(
    headers: dict[str, str], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr("lpse_support.api.routers.tenders.get_connector", broken)
    response = Client(raise_request_exception=False).get(
        "/api/v1/tenders/10012345", headers=headers
    )
    assert response.status_code == 500
    assert response.json() == {
        "detail": "Terjadi kesalahan pada server.",
        "code": "server_error",
        "field": None,
    }
    assert "boom" not in response.content.decode()
    assert any("Unhandled API error" in record.message for record in caplog.records)


@pytest.mark.parametrize(
    ("exc", "status", "code", "field"),
    [
        (NotFound("Tiket tidak ditemukan."), 404, "not_found", None),
        (Conflict("Status tiket tidak sesuai."), 409, "conflict", None),
        (AlreadyTaken("Tiket sudah diambil petugas lain."), 409, "already_taken", None),
        (InvalidInput("Judul wajib diisi.", field="title"), 422, "invalid_input", "title"),
        (AttachmentRejected("Jenis file tidak diizinkan.", field="files"), 415, None, "files"),
        (AttachmentTooLarge("File melebihi 500 MB.", field="files"), 413, None, "files"),
    ],
)
def test_application_errors_map_to_status_and_envelope(
    exc: Exception, status: int, code: str | None, field: str | None
) -> None:
    request = RequestFactory().get("/api/v1/tickets")
    response = api.on_exception(request, exc)
    assert response.status_code == status
    body = json.loads(response.content)
    assert body["detail"] == str(exc)
    assert body["code"] == (code or exc.code)  # type: ignore[attr-defined]
    assert body["field"] == field


def test_validation_body_takes_the_last_named_location() -> None:
    body = validation_body([{"loc": ("body", "payload", "manual", "hps"), "type": "missing"}])
    assert body == {"detail": "hps: Wajib diisi.", "code": "invalid_input", "field": "hps"}
    assert validation_body([])["field"] is None


@pytest.mark.django_db
def test_unknown_api_path_is_json_404(client: Any) -> None:
    response = client.get("/api/v1/tidak-ada")
    assert response.status_code == 404
    assert response.json() == {"detail": "Tidak ditemukan.", "code": "not_found", "field": None}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("get", "/api/v1/tenders", {"data": {"q": "abc\x00def"}}),
        ("get", "/api/v1/tickets", {"data": {"q": "x\x00"}}),
        (
            "post",
            "/api/v1/priority/preview",
            {
                "data": '{"subcategory_id": 1, "tender_code": "1\\u0000"}',
                "content_type": "application/json",
            },
        ),
    ],
)
def test_nul_characters_are_refused_with_422_not_a_database_error(
    client: Any, method: str, path: str, kwargs: dict[str, Any]
) -> None:
    user = UserFactory.create()
    response = getattr(client, method)(path, headers=bearer(user), **kwargs)
    assert response.status_code == 422
    assert response.json()["detail"] == "Karakter NUL tidak diperbolehkan."


@pytest.mark.django_db
def test_nul_in_a_path_is_not_found_for_api_and_pages(client: Any) -> None:
    user = UserFactory.create()
    response = client.get("/api/v1/tickets/T%00X", headers=bearer(user))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    client.force_login(user)
    assert client.get("/tiket/T%00X/").status_code == 404
