"""Steps the fault tests run inside the site under test, as a separate process with the site's
own environment: ``python -m tests.faults.scenario <command> [args]``; prints one JSON line.

Works on the demo data (``seed_demo``): ppk1 of LPSE Kota Makassar files SPSE tickets, which go
to the tier-1 team "Helpdesk LPSE Kota Makassar"."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import django


def _team() -> Any:
    from lpse_support.accounts.models import Team

    return Team.objects.get(members__username="helpdesk_lpse1")


def file_ticket(extra_members: str = "0") -> dict[str, Any]:
    """A ticket whose ``create`` event tells 3 + ``extra_members`` team members."""
    from lpse_support.accounts.models import User
    from lpse_support.catalog.models import ApplicationVersion, SubCategory
    from lpse_support.notifications.recipients import recipients_for
    from lpse_support.tickets.models import TicketEvent
    from lpse_support.tickets.services.ticket_create import ticket_create

    team = _team()
    start = team.members.count()
    for index in range(start, start + int(extra_members)):
        member = User.objects.create_user(
            username=f"uji_gangguan_{index}",
            email=f"uji.gangguan.{index}@makassarkota.example.go.id",
            full_name=f"Anggota Uji {index}",
            password=None,
        )
        team.members.add(member)
    version = ApplicationVersion.objects.filter(application__code="spse").order_by("pk").first()
    subcategory = SubCategory.objects.filter(category__application__code="spse").first()
    assert version is not None and subcategory is not None
    ticket = ticket_create(
        reporter=User.objects.get(username="ppk1"),
        title="Uji gangguan: gagal unggah dokumen",
        version_id=version.pk,
        subcategory_id=subcategory.pk,
        application_id=version.application_id,
        description="Dokumen penawaran tidak dapat diunggah sejak pagi tadi.",
    )
    event = TicketEvent.objects.filter(ticket=ticket).latest("pk")
    return {
        "number": ticket.number,
        "event": event.pk,
        "recipients": sorted(user.email for user in recipients_for(event)),
    }


def comment(number: str) -> dict[str, Any]:
    """ppk1 writes in the Diskusi: every member of the team is told."""
    from lpse_support.accounts.models import User
    from lpse_support.notifications.recipients import recipients_for
    from lpse_support.tickets.models import TicketEvent
    from lpse_support.tickets.services.ticket_comment import ticket_comment

    ticket_comment(
        ticket_number=number,
        actor=User.objects.get(username="ppk1"),
        message="Mohon dibantu, batas waktu unggah tinggal dua jam lagi.",
    )
    event = TicketEvent.objects.filter(ticket__number=number).latest("pk")
    return {"event": event.pk, "recipients": sorted(u.email for u in recipients_for(event))}


def state() -> dict[str, Any]:
    """Notifications per event, every delivery, and the task queue's rows by status."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from lpse_support.notifications.models import EmailDelivery, Notification

    return {
        "notifications": {
            str(row["event"]): row["n"]
            for row in Notification.objects.values("event").annotate(n=Count("pk"))
        },
        "deliveries": [
            {
                "event": row.notification.event_id,
                "to": row.to,
                "status": row.status,
                "attempts": row.attempts,
                "last_error": row.last_error,
                "emailed": row.notification.emailed_at is not None,
            }
            for row in EmailDelivery.objects.select_related("notification").order_by("pk")
        ],
        "tasks": {
            row["status"]: row["n"]
            for row in DBTaskResult.objects.values("status").annotate(n=Count("pk"))
        },
    }


def enqueue_probe(event_id: str) -> dict[str, Any]:
    """A task on the queue (the legacy notification task: harmless for an event that already
    has its notifications) to see whether the queue moves."""
    from lpse_support.notifications.tasks import deliver_event_notifications

    return {"task": str(deliver_event_notifications.enqueue(int(event_id)).id)}


def task_status(task_id: str) -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    return {"status": DBTaskResult.objects.get(pk=task_id).status}


def session(username: str) -> dict[str, Any]:
    """A logged-in session cookie for ``username`` (what the login form would give)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from lpse_support.accounts.models import User

    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {"sessionid": store.session_key}


def token(username: str) -> dict[str, Any]:
    from lpse_support.accounts.models import User
    from lpse_support.api.tokens import token_create

    user = User.objects.get(username=username)
    return {"token": token_create(user=user, name="uji gangguan").secret}


COMMANDS: dict[str, Callable[..., dict[str, Any]]] = {
    "file-ticket": file_ticket,
    "comment": comment,
    "state": state,
    "enqueue-probe": enqueue_probe,
    "task-status": task_status,
    "session": session,
    "token": token,
}


if __name__ == "__main__":
    django.setup()
    command, *arguments = sys.argv[1:]
    print(json.dumps(COMMANDS[command](*arguments)))
