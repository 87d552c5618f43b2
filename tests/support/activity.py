"""One row of every model that records activity (a ticket and its history, notifications and
their e-mail, a saved search, an API token, login records, a queued task, a click on a suggested
FAQ article), made through the services where one exists; for the admin pages."""

from __future__ import annotations

import uuid

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import models
from django.test.utils import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lpse_support.api.models import ApiToken
from lpse_support.api.tokens import token_create
from lpse_support.catalog.models import RatingChip
from lpse_support.faq.models import FaqArticle, FaqSuggestionOpen
from lpse_support.notifications.models import ScheduledJob
from lpse_support.notifications.schedule import run_due
from lpse_support.notifications.tasks import deliver_event_notifications
from lpse_support.tickets.models import (
    Incident,
    IncidentOutcome,
    PendingUpload,
    SavedSearch,
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketMessage,
    TicketNumberCounter,
    TicketRating,
    TicketTeam,
)
from lpse_support.tickets.services.incidents import create_incident
from lpse_support.tickets.services.saved_search import saved_search_create
from lpse_support.tickets.services.ticket_comment import ticket_comment
from lpse_support.tickets.services.ticket_rate import ticket_rate
from lpse_support.tickets.services.ticket_resolution import ticket_confirm, ticket_resolve
from lpse_support.tickets.services.ticket_take import ticket_take
from tests.support.outbox import outbox_rows
from tests.support.ticket_world import TicketWorld, make_ticket
from tests.support.uploads import sample_upload

MESSAGE = "Mohon dicek kembali, dokumen sudah saya unggah ulang."
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LOGIN = {
    "user_agent": "Mozilla/5.0 (uji)",
    "ip_address": "10.0.0.7",
    "username": "ppk_a",
    "http_accept": "text/html",
    "path_info": "/akun/masuk/",
}


def _ran_once() -> ScheduledJob:
    run_due("admin-test-worker")
    return ScheduledJob.objects.get(name="auto_confirm")


def create_activity(world: TicketWorld, article: FaqArticle) -> dict[type[models.Model], object]:
    """A ticket of ``world`` taken, discussed with a file, resolved, confirmed and rated, and
    one row of every other activity model; keyed by model class."""
    ticket = make_ticket(world, files=[sample_upload("bukti.png")])
    number, staff, reporter = ticket.number, world.staff_lpse, world.reporter_a
    ticket_take(ticket_number=number, actor=staff)
    ticket_comment(ticket_number=number, actor=staff, message=MESSAGE)
    ticket_resolve(ticket_number=number, actor=staff, message=MESSAGE)
    ticket_confirm(ticket_number=number, actor=reporter)
    chip = RatingChip.objects.create(label="Penanganan cepat", min_stars=4, max_stars=5)
    ticket_rate(ticket_number=number, actor=reporter, stars=5, chip_ids=[chip.pk])
    (delivery,) = outbox_rows(world, 1)
    token_create(user=staff, name="Integrasi helpdesk")
    with override_settings(TASKS=DATABASE_TASKS):
        deliver_event_notifications.enqueue(delivery.notification.event_id)
    incident = create_incident(
        staff, title="SPSE lambat", application=world.spse, status_text="Sedang diperbaiki."
    )
    return {
        Incident: incident,
        IncidentOutcome: IncidentOutcome.objects.create(
            incident=incident, ticket=ticket, kind=IncidentOutcome.Kind.SKIPPED
        ),
        Ticket: Ticket.objects.get(number=number),
        TicketEvent: TicketEvent.objects.filter(ticket__number=number).latest("id"),
        TicketMessage: TicketMessage.objects.filter(ticket__number=number).latest("id"),
        TicketAttachment: TicketAttachment.objects.get(ticket__number=number),
        TicketTeam: TicketTeam.objects.filter(ticket__number=number).latest("id"),
        TicketNumberCounter: TicketNumberCounter.objects.latest("id"),
        TicketRating: TicketRating.objects.get(ticket__number=number),
        type(delivery.notification): delivery.notification,
        type(delivery): delivery,
        ApiToken: ApiToken.objects.get(user=staff),
        DBTaskResult: DBTaskResult.objects.get(),
        AccessAttempt: AccessAttempt.objects.create(
            **LOGIN, get_data="", post_data="username=ppk_a", failures_since_start=2
        ),
        AccessLog: AccessLog.objects.create(**LOGIN, attempt_time=timezone.now()),
        AccessFailureLog: AccessFailureLog.objects.create(**LOGIN, locked_out=False),
        ScheduledJob: _ran_once(),
        PendingUpload: PendingUpload.objects.create(
            owner=reporter,
            form_key=uuid.uuid4(),
            filename="laporan.pdf",
            size=2048,
            offset=1024,
            path="pending-uploads/laporan.part",
        ),
        SavedSearch: saved_search_create(
            actor=staff, name="Pencarian uji", params={"status": "BARU"}, team_id=world.team_lpse.pk
        ),
        FaqSuggestionOpen: FaqSuggestionOpen.objects.create(
            article=article, user=reporter, typed_title="Gagal unggah dokumen penawaran"
        ),
    }
