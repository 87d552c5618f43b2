"""The demo world (``seed_demo``) with one ticket in each place of the workflow, for the list
tests; ``file_ticket`` files a demo user's SPSE ticket through ``ticket_create``."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.management import call_command

from lpse_support.accounts.models import User
from lpse_support.catalog.models import ApplicationVersion, SubCategory
from lpse_support.tickets.models import Ticket
from lpse_support.tickets.services.ticket_create import ticket_create
from lpse_support.tickets.services.ticket_escalate import ticket_escalate
from lpse_support.tickets.services.ticket_feedback import ticket_request_feedback
from lpse_support.tickets.services.ticket_resolution import ticket_confirm, ticket_resolve
from lpse_support.tickets.services.ticket_take import ticket_take

MESSAGE = "Mohon dicek kembali langkah-langkah yang sudah dilakukan."


@dataclass
class DemoTickets:
    new: Ticket  # BARU in Makassar's tier-1 team
    taken: Ticket  # DIKERJAKAN by helpdesk_lpse1
    feedback: Ticket  # MENUNGGU_FEEDBACK, asked of ppk1
    escalated: Ticket  # BARU in the tier-2 Teknis team, taken and escalated by helpdesk_lpse1
    done: Ticket  # SELESAI, confirmed by ppk1
    penyedia: Ticket  # BARU, filed by penyedia1

    def numbers(self, *names: str) -> set[str]:
        return {getattr(self, name).number for name in names}


def file_ticket(username: str, *, kind: str = "TEKNIS", title: str) -> Ticket:
    subcategory = (
        SubCategory.objects.filter(
            active=True, category__active=True, category__application__code="spse"
        )
        .filter(category__kind=kind)
        .select_related("category")
        .order_by("category__order", "order", "pk")
        .first()
    )
    assert subcategory is not None, f"seed_demo should hold a {kind} SPSE category"
    version = ApplicationVersion.objects.filter(application__code="spse", active=True).first()
    assert version is not None
    return ticket_create(
        reporter=User.objects.get(username=username),
        title=title,
        application_id=version.application_id,
        version_id=version.pk,
        subcategory_id=subcategory.pk,
        description="Tidak dapat mengunggah dokumen kontrak pada tahap penandatanganan.",
    )


def user(username: str) -> User:
    return User.objects.get(username=username)


def build_demo_tickets() -> DemoTickets:
    call_command("seed_demo", verbosity=0)
    helpdesk = user("helpdesk_lpse1")
    new = file_ticket("ppk1", title="Jadwal tender tidak bisa diubah")
    taken = file_ticket("ppk1", title="Dokumen kontrak gagal diunggah")
    ticket_take(ticket_number=taken.number, actor=helpdesk)
    feedback = file_ticket("ppk1", title="Paket tidak muncul di daftar")
    ticket_take(ticket_number=feedback.number, actor=helpdesk)
    ticket_request_feedback(ticket_number=feedback.number, actor=helpdesk, message=MESSAGE)
    escalated = file_ticket("ppk1", title="Server lambat saat pembukaan penawaran")
    ticket_take(ticket_number=escalated.number, actor=helpdesk)
    ticket_escalate(ticket_number=escalated.number, actor=helpdesk, message=MESSAGE)
    done = file_ticket("ppk1", title="Lupa password akun SPSE")
    ticket_take(ticket_number=done.number, actor=helpdesk)
    ticket_resolve(ticket_number=done.number, actor=helpdesk, message=MESSAGE)
    ticket_confirm(ticket_number=done.number, actor=user("ppk1"))
    penyedia = file_ticket("penyedia1", title="Tidak bisa kirim penawaran")
    return DemoTickets(
        new=Ticket.objects.get(pk=new.pk),
        taken=Ticket.objects.get(pk=taken.pk),
        feedback=Ticket.objects.get(pk=feedback.pk),
        escalated=Ticket.objects.get(pk=escalated.pk),
        done=Ticket.objects.get(pk=done.pk),
        penyedia=Ticket.objects.get(pk=penyedia.pk),
    )
