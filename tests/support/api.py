"""API test helpers: the tickets endpoint, a client holding a fresh personal token (or just its
Authorization header), and a valid create form for the ticket world."""

from __future__ import annotations

from typing import Any

from django.test import Client

from lpse_support.accounts.models import User
from lpse_support.api.tokens import token_create
from tests.support.ticket_world import TicketWorld

BASE = "/api/v1/tickets"


def api_client(user: User) -> Client:
    """A client that authenticates with a fresh personal token of ``user``."""
    secret = token_create(user=user, name="tes api").secret
    return Client(headers={"authorization": f"Bearer {secret}"})


def bearer(user: User, **kwargs: Any) -> dict[str, str]:
    """Headers for ``Client.get(..., headers=...)`` with a fresh token of ``user``."""
    created = token_create(user=user, name=kwargs.pop("name", "tes"), **kwargs)
    return {"Authorization": f"Bearer {created.secret}"}


def create_form(world: TicketWorld, **overrides: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "title": "Gagal mengunduh dokumen pemilihan",
        "application_id": world.spse.pk,
        "version_id": world.spse_version.pk,
        "subcategory_id": world.subcategory.pk,
        "description": "Dokumen pemilihan tidak dapat diunduh sejak pagi tadi.",
    }
    form.update(overrides)
    return form
