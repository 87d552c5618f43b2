"""The demo's public accounts and the check that refuses them in production: ``check --deploy``
must fail while a demo account exists (R-DEMO)."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import DatabaseError

DEMO_USERNAMES = (
    "ppk1",
    "penyedia1",
    "helpdesk_lpse1",
    "verifikator_lpse1",
    "adminagency_lpse1",
    "helpdesk_lkpp_nonteknis",
    "helpdesk_lkpp_teknis",
    "timteknis_spse",
    "timteknis_katalog",
    "helpdesk_sirup",
    "supervisor",
    "admin",
)
DEMO_PASSWORD = "Demo#2026"  # noqa: S105  (public demo password, refused in production by E001)


@checks.register(checks.Tags.security, deploy=True)
def demo_accounts_absent(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from django.contrib.auth import get_user_model

    try:
        present = sorted(
            get_user_model()
            .objects.filter(username__in=DEMO_USERNAMES)
            .values_list("username", flat=True)
        )
    except DatabaseError:
        # No database yet (fresh deploy before migrate): nothing to refuse.
        return []
    if not present:
        return []
    return [
        checks.Error(
            "Demo accounts exist: " + ", ".join(present) + ".",
            hint="Delete them (manage.py remove_demo_accounts) before going to production; "
            "their password is public.",
            id="lpse_support.E001",
        )
    ]
