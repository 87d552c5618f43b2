"""Helpers for API tests: a token for a user and the Authorization header that carries it."""

from __future__ import annotations

from typing import Any

from lpse_support.api.tokens import token_create


def bearer(user: Any, **kwargs: Any) -> dict[str, str]:
    """Headers for ``Client.get(..., headers=...)`` with a fresh token of ``user``."""
    created = token_create(user=user, name=kwargs.pop("name", "tes"), **kwargs)
    return {"Authorization": f"Bearer {created.secret}"}
