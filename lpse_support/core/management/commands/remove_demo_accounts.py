"""``manage.py remove_demo_accounts``: delete the public demo accounts before production hand-over.

Only the usernames of SPEC R-DEMO are touched; master data, tenders and other users stay.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from lpse_support.accounts.models import User
from lpse_support.core.checks import DEMO_USERNAMES


class Command(BaseCommand):
    help = "Hapus akun demo (" + ", ".join(DEMO_USERNAMES) + ") sebelum serah terima produksi."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            users = User.objects.select_for_update().filter(username__in=DEMO_USERNAMES)
            removed = sorted(users.values_list("username", flat=True))
            try:
                users.delete()
            except (ProtectedError, RestrictedError) as exc:
                raise CommandError(
                    "Akun demo masih dirujuk data lain dan tidak dapat dihapus: "
                    f"{exc.args[0]} Hapus data demo tersebut lebih dulu."
                ) from exc
        if not removed:
            self.stdout.write("Tidak ada akun demo.")
            return
        for username in removed:
            self.stdout.write(f"Dihapus: {username}")
        self.stdout.write(self.style.SUCCESS(f"{len(removed)} akun demo dihapus."))
