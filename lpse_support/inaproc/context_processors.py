"""Template context saying whether the login page shows "Masuk dengan Inaproc"."""

from __future__ import annotations

from django.http import HttpRequest

from lpse_support.inaproc.config import inaproc_enabled


def inaproc(request: HttpRequest) -> dict[str, bool]:
    return {"INAPROC_ENABLED": inaproc_enabled()}
