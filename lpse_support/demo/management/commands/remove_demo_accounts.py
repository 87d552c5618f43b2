"""``manage.py remove_demo_accounts [--delete-demo-tickets]``: remove the demo before production
hand-over, so that ``check --deploy`` passes (lpse_support.E001).

Deleted: the public demo accounts of SPEC R-DEMO and the accounts ``generate_tickets`` made.
Tickets those people took part in are demo data: without ``--delete-demo-tickets`` the command
only lists what would go and changes nothing; with it the tickets go too, with their events,
messages, attachment files, ratings and notifications. Master data, tenders, FAQ and other users
stay. Why delete rather than anonymise: docs/deploy.md, "Removing the demo".
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import ProtectedError, RestrictedError

from lpse_support.demo.checks import DEMO_USERNAMES
from lpse_support.demo.cleanup import DemoPlan, plan_demo_removal, remove_demo

SHOWN_NUMBERS = 20


class Command(BaseCommand):
    help = (
        "Hapus akun demo (" + ", ".join(DEMO_USERNAMES) + ") dan akun buatan generate_tickets "
        "sebelum serah terima produksi; dengan --delete-demo-tickets tiket demo ikut dihapus."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--delete-demo-tickets",
            action="store_true",
            help="Konfirmasi: hapus juga semua tiket yang melibatkan akun demo, beserta riwayat, "
            "pesan, lampiran (berkasnya), penilaian dan notifikasinya.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = plan_demo_removal()
        if not plan.usernames:
            self.stdout.write("Tidak ada akun demo.")
            return
        if plan.ticket_ids and not options["delete_demo_tickets"]:
            raise CommandError(self._refusal(plan))
        try:
            remove_demo(plan)
        except (ProtectedError, RestrictedError) as exc:
            raise CommandError(
                "Akun demo masih dirujuk data lain dan tidak dapat dihapus: "
                f"{exc.args[0]} Tidak ada yang diubah."
            ) from exc
        for username in plan.public_accounts:
            self.stdout.write(f"Dihapus: {username}")
        generated = len(plan.usernames) - len(plan.public_accounts)
        if generated:
            self.stdout.write(f"Dihapus: {generated} akun buatan generate_tickets")
        if plan.ticket_ids:
            self.stdout.write(
                f"Dihapus: {len(plan.ticket_ids)} tiket demo "
                f"({plan.attachment_count} lampiran beserta berkasnya)"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(plan.public_accounts)} akun demo dihapus."))

    def _refusal(self, plan: DemoPlan) -> str:
        lines = [
            f"Akun demo terlibat dalam {len(plan.ticket_ids)} tiket "
            f"({plan.attachment_count} lampiran). Tiket demo ikut dihapus hanya bila diminta: "
            "jalankan lagi dengan --delete-demo-tickets. Tidak ada yang diubah."
        ]
        foreign = plan.foreign_reporter_numbers
        if foreign:
            shown = ", ".join(foreign[:SHOWN_NUMBERS])
            hidden = len(foreign) - SHOWN_NUMBERS
            more = f" dan {hidden} lainnya" if hidden > 0 else ""
            lines.append(
                f"Perhatian: {len(foreign)} di antaranya dilaporkan oleh akun bukan demo "
                f"dan ikut terhapus: {shown}{more}."
            )
        return "\n".join(lines)
