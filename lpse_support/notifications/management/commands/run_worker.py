"""``manage.py run_worker``: the background worker (e-mail outbox, task queue, clean-up) that
``make run`` starts beside the web server and production runs under systemd (docs/deploy.md)."""

from __future__ import annotations

import signal
import socket
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand

from lpse_support.notifications.worker import Worker

WORKER_ID_MAX = 64


class Command(BaseCommand):
    help = "Kirim email notifikasi dari outbox, jalankan antrean tugas, bersihkan riwayat lama."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--worker-id",
            default=socket.gethostname()[:WORKER_ID_MAX],
            help=(
                "Nama pekerja ini, unik di antara pekerja yang berjalan (bawaan: nama host). "
                "Pekerja yang mulai lagi dengan nama yang sama langsung mengambil alih email "
                "dan tugas yang terputus saat proses sebelumnya mati."
            ),
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Detik menunggu saat tidak ada pekerjaan (bawaan: 1).",
        )

    def handle(self, *args: Any, worker_id: str, interval: float, **options: Any) -> None:
        worker = Worker(worker_id=worker_id[:WORKER_ID_MAX], interval=interval)

        def shutdown(signum: int, frame: FrameType | None) -> None:
            if worker.stopping:
                raise SystemExit(1)  # asked twice: do not wait for the e-mail in flight
            worker.stop()

        for name in ("SIGINT", "SIGTERM", "SIGQUIT"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), shutdown)
        worker.run()
