"""Speaking tus 1.0.0 to ``/unggah/`` with Django's test client (tests of uploads sent ahead of
their form, issue 14 item 8)."""

from __future__ import annotations

import base64
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

ENDPOINT = "/unggah/"
TUS = {"Tus-Resumable": "1.0.0"}


@pytest.fixture
def pending_dir(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "unggahan"
    settings.PENDING_UPLOAD_DIR = str(folder)
    return folder


def metadata(filename: str, form_key: uuid.UUID | str) -> str:
    def b64(text: str) -> str:
        return base64.b64encode(text.encode()).decode()

    return f"filename {b64(filename)},form_key {b64(str(form_key))}"


def create(client: Client, filename: str, length: int, form_key: uuid.UUID | str) -> Any:
    return client.post(
        ENDPOINT,
        headers={
            **TUS,
            "Upload-Length": str(length),
            "Upload-Metadata": metadata(filename, form_key),
        },
    )


def location(response: Any) -> str:
    assert response.status_code == 201, response.content
    return str(response["Location"]).split("testserver", 1)[-1]


def patch(client: Client, url: str, offset: int, data: bytes, **headers: str) -> Any:
    return client.generic(
        "PATCH",
        url,
        data=data,
        content_type="application/offset+octet-stream",
        headers={**TUS, "Upload-Offset": str(offset), **headers},
    )


def head(client: Client, url: str) -> Any:
    return client.head(url, headers=TUS)


def send(client: Client, filename: str, data: bytes, form_key: uuid.UUID | str) -> str:
    """A whole upload in one PATCH; returns its id."""
    url = location(create(client, filename, len(data), form_key))
    response = patch(client, url, 0, data)
    assert response.status_code == 204, response.content
    return url.rstrip("/").rsplit("/", 1)[-1]
