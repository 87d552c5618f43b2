"""Ticket statuses and sides — pure Python, no ORM (the transition table arrives with the
workflow issue; creation is the only transition so far: → BARU in the routed team)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    BARU = "BARU", _("Belum Diambil")
    DIKERJAKAN = "DIKERJAKAN", _("Sedang Dikerjakan")
    MENUNGGU_FEEDBACK = "MENUNGGU_FEEDBACK", _("Menunggu Feedback")
    MENUNGGU_KONFIRMASI = "MENUNGGU_KONFIRMASI", _("Menunggu Konfirmasi")
    SELESAI = "SELESAI", _("Selesai")
    DITUTUP = "DITUTUP", _("Ditutup")


OPEN_STATUSES = frozenset(
    {Status.BARU, Status.DIKERJAKAN, Status.MENUNGGU_FEEDBACK, Status.MENUNGGU_KONFIRMASI}
)
DONE_STATUSES = frozenset({Status.SELESAI, Status.DITUTUP})

STATUS_BADGE = {
    Status.BARU: "primary",
    Status.DIKERJAKAN: "warning",
    Status.MENUNGGU_FEEDBACK: "info",
    Status.MENUNGGU_KONFIRMASI: "info",
    Status.SELESAI: "success",
    Status.DITUTUP: "secondary",
}


class Side(models.TextChoices):
    """Pihak: which side of the ticket a person acts for (file names, Diskusi labels)."""

    PELAPOR = "pelapor", _("Pelapor")
    LPSE = "lpse", _("Helpdesk LPSE")
    LKPP = "lkpp", _("Helpdesk LKPP")
    TEKNIS = "teknis", _("Tim Teknis")
    SISTEM = "sistem", _("Sistem")


SIDE_BY_TIER = {1: Side.LPSE, 2: Side.LKPP, 3: Side.TEKNIS}


class Action(models.TextChoices):
    CREATE = "create", _("Tiket dibuat")
