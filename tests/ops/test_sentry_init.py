"""Sentry (issue 15) starts only when SENTRY_DSN is set, with the Django integration and no
personal data; nothing here reaches the network (the SDK's init is replaced)."""

from __future__ import annotations

from typing import Any

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

from lpse_support.core.sentry import init_sentry


def test_no_dsn_no_sentry(monkeypatch: Any) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **kwargs: calls.append(kwargs))
    assert init_sentry({}) is False
    assert init_sentry({"SENTRY_DSN": "  "}) is False
    assert calls == []


def test_a_dsn_starts_sentry_without_personal_data(monkeypatch: Any) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(sentry_sdk, "init", lambda **kwargs: calls.append(kwargs))
    environ = {
        "SENTRY_DSN": "https://key@sentry.example/1",
        "SENTRY_ENVIRONMENT": "staging",
        "SENTRY_RELEASE": "lpse-support@1.4.0",
    }
    assert init_sentry(environ) is True
    [options] = calls
    assert options["dsn"] == "https://key@sentry.example/1"
    assert options["send_default_pii"] is False
    assert (options["environment"], options["release"]) == ("staging", "lpse-support@1.4.0")
    assert options["traces_sample_rate"] == 0
    assert any(isinstance(i, DjangoIntegration) for i in options["integrations"])


def test_the_settings_leave_sentry_off_by_default() -> None:
    from django.conf import settings

    assert settings.SENTRY_ENABLED is False
