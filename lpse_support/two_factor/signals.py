"""At every login (password, Inaproc, a test's ``force_login``) the session learns whether its
user has an authenticator: one query, written with the login's own session save."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from lpse_support.two_factor import gate_session


@receiver(user_logged_in, dispatch_uid="two_factor_remember_device_flag")
def _remember_device_flag(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    if request is not None and hasattr(request, "session") and user is not None:
        gate_session.refresh(request, user.pk)
