"""The people ``bench/national.py`` plays, prepared on the cluster's database: signed-in sessions
(agents' sessions verified with a TOTP device, as ``tests/support/two_factor.login_verified``
does), personal API tokens, and the tickets each of them opens. Prints one JSON document.

Run by ``national.py`` with the cluster's environment (``var/cluster/cluster.env``); writes
sessions, TOTP devices and tokens named ``bench-national`` (revoked tokens are not reused)."""

from __future__ import annotations

import json
import os
import sys
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import login  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from lpse_support.accounts.models import TeamMembership, User  # noqa: E402
from lpse_support.api.tokens import token_create  # noqa: E402
from lpse_support.catalog.models import Application, ApplicationVersion, SubCategory  # noqa: E402
from lpse_support.tickets.models import Ticket  # noqa: E402

OPEN = ("SELESAI", "DITUTUP")
BACKEND = "django.contrib.auth.backends.ModelBackend"


def session_key(user: User, *, verified: bool) -> str:
    engine = import_module(settings.SESSION_ENGINE)
    request = RequestFactory().get("/")
    request.session = engine.SessionStore()
    login(request, user, backend=BACKEND)
    if verified:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="bench-national", confirmed=True)
        request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    request.session.save()
    return str(request.session.session_key)


def numbers(queryset: object, limit: int) -> list[str]:
    return list(queryset.order_by("-pk").values_list("number", flat=True)[:limit])  # type: ignore[attr-defined]


def agent(user: User) -> dict[str, object]:
    team_ids = list(
        TeamMembership.objects.filter(user=user, team__active=True).values_list(
            "team_id", flat=True
        )
    )
    mine = Ticket.objects.filter(assignee=user).exclude(status__in=OPEN)
    in_team = Ticket.objects.filter(team_id__in=team_ids).exclude(status__in=OPEN)
    tickets = numbers(mine, 20) or numbers(in_team, 20)
    return {
        "username": user.username,
        "session": session_key(user, verified=True),
        "token": token_create(user=user, name="bench-national").secret,
        "tickets": tickets,
    }


def reporter(user: User) -> dict[str, object]:
    return {
        "username": user.username,
        "session": session_key(user, verified=False),
        "token": token_create(user=user, name="bench-national").secret,
        "tickets": numbers(Ticket.objects.filter(reporter=user), 10),
    }


def main() -> None:
    count_agents, count_reporters = int(sys.argv[1]), int(sys.argv[2])
    working = (
        Ticket.objects.exclude(status__in=OPEN)
        .exclude(assignee=None)
        .values_list("assignee_id", flat=True)
        .distinct()
    )
    agents = list(User.objects.filter(pk__in=working, is_active=True).order_by("pk")[:count_agents])
    reporters = list(
        User.objects.filter(
            is_active=True, reporter_category__isnull=False, reported_tickets__isnull=False
        )
        .distinct()
        .order_by("pk")[:count_reporters]
    )
    spse = Application.objects.get(letter="S")
    version = ApplicationVersion.objects.filter(application=spse, active=True).order_by("pk")[0]
    sub = SubCategory.objects.filter(category__application=spse, active=True).order_by("pk")[0]
    supervisor = User.objects.filter(is_supervisor=True, is_active=True).order_by("pk").first()
    print(
        json.dumps(
            {
                "agents": [agent(user) for user in agents],
                "reporters": [reporter(user) for user in reporters],
                "supervisor": agent(supervisor) if supervisor else None,
                "filing": {"version_id": version.pk, "subcategory_id": sub.pk},
                "tickets": Ticket.objects.count(),
            }
        )
    )


if __name__ == "__main__":
    main()
