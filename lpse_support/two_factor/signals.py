"""A login (password, Inaproc or a test's ``force_login``) makes the gate read the devices again."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from lpse_support.two_factor import gate_session


@receiver(user_logged_in, dispatch_uid="two_factor_forget_device_flag")
def _forget_device_flag(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        gate_session.forget(request)
