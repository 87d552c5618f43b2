"""A fake tender warehouse for the HttpWarehouseConnector tests: a real ThreadingHTTPServer on
127.0.0.1 (no outside network), the sample tender JSON and the shared fixtures.

The test modules import the fixtures by their ``*_fixture`` names; pytest finds them under the
names given in ``@pytest.fixture(name=...)``.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache

from lpse_support.tenders.connectors.breaker import reset_warehouse_breaker
from lpse_support.tenders.connectors.http import HttpWarehouseConnector

NOW = datetime(2026, 3, 10, 5, 0, tzinfo=UTC)  # 12:00 WIB
CODE = "10005373000"


def tender_json(code: str = CODE, **overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "kd_tender": code,
        "nama_paket": "Rehabilitasi Jalan Poros Kecamatan",
        "nama_lpse": "LPSE Kota Makassar",
        "nama_satker": "Dinas Pekerjaan Umum",
        "tahun_anggaran": 2026,
        "hps": "1370200000.00",
        "pagu": 1500000000,
        "jenis_pengadaan": "Pekerjaan Konstruksi",
        "mtd_pemilihan": "Tender",
        "versi_spse": "SPSE v4.5u20240923",
        "jadwal": [
            {
                "nama_tahapan": "Pengumuman Pascakualifikasi",
                "tgl_awal": "2026-03-01T08:00:00+07:00",
                "tgl_akhir": "2026-03-05T16:00:00+07:00",
            },
            {
                "nama_tahapan": "Upload Dokumen Penawaran",
                "tgl_awal": "2026-03-05T16:00:00+07:00",
                "tgl_akhir": "2026-03-10T15:00:00+07:00",
            },
            {
                "nama_tahapan": "Pembukaan Dokumen Penawaran",
                "tgl_awal": "2026-03-10T15:00:00+07:00",
                "tgl_akhir": "2026-03-11T16:00:00+07:00",
            },
        ],
    }
    item.update(overrides)
    return item


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict/list → JSON; str/bytes sent as is
    delay: float = 0.0


@dataclass
class Warehouse:
    """The fake warehouse: ``respond`` decides every answer; ``requests`` records what came in."""

    url: str
    respond: Callable[[str, dict[str, list[str]]], Reply] = lambda path, query: Reply(404)
    requests: list[dict[str, Any]] = field(default_factory=list)

    def always(self, reply: Reply) -> None:
        self.respond = lambda path, query: reply

    def sequence(self, *replies: Reply) -> None:
        """Answer the replies in order, then repeat the last one."""
        queue = list(replies)

        def respond(path: str, query: dict[str, list[str]]) -> Reply:
            return queue.pop(0) if len(queue) > 1 else queue[0]

        self.respond = respond

    @property
    def paths(self) -> list[str]:
        return [request["path"] for request in self.requests]


@pytest.fixture(name="warehouse")
def warehouse_fixture() -> Iterator[Warehouse]:
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            with lock:
                state.requests.append(
                    {"path": parts.path, "query": query, "headers": dict(self.headers)}
                )
            reply = state.respond(parts.path, query)
            if reply.delay:
                time.sleep(reply.delay)
            if isinstance(reply.body, dict | list):
                body = json.dumps(reply.body).encode()
            elif isinstance(reply.body, str):
                body = reply.body.encode()
            else:
                body = reply.body or b""
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up (timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state = Warehouse(url=f"http://127.0.0.1:{server.server_address[1]}/api/v1")
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(name="_clean_state", autouse=True)
def clean_state_fixture() -> Iterator[None]:
    cache.clear()
    reset_warehouse_breaker()
    yield
    cache.clear()
    reset_warehouse_breaker()


@pytest.fixture(name="configure")
def configure_fixture(settings: Any, warehouse: Warehouse) -> Callable[..., None]:
    def apply(**options: Any) -> None:
        settings.LPSE_SUPPORT = {
            **settings.LPSE_SUPPORT,
            "TENDER_CONNECTOR": "http",
            "TENDER_API_URL": warehouse.url,
            "TENDER_API_TOKEN": "rahasia-token",
            "TENDER_API_TIMEOUT": 1.0,
            "TENDER_API_RETRIES": 2,
            "TENDER_API_CACHE_SECONDS": 300,
            "TENDER_API_BREAKER_FAILURES": 5,
            "TENDER_API_BREAKER_SECONDS": 60,
            **options,
        }

    apply()
    return apply


@pytest.fixture(name="sleeps")
def sleeps_fixture() -> list[float]:
    return []


@pytest.fixture(name="connector")
def connector_fixture(sleeps: list[float]) -> HttpWarehouseConnector:
    return HttpWarehouseConnector(sleep=sleeps.append, now=lambda: NOW)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
