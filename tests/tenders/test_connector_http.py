"""HttpWarehouseConnector against a real HTTP server on 127.0.0.1 (no outside network)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache

from lpse_support.tenders.connectors import TenderServiceUnavailable, get_connector
from lpse_support.tenders.connectors.breaker import (
    CircuitBreaker,
    reset_warehouse_breaker,
    warehouse_breaker,
)
from lpse_support.tenders.connectors.http import (
    MSG_CIRCUIT_OPEN,
    MSG_INVALID,
    MSG_NOT_CONFIGURED,
    MSG_TIMEOUT,
    MSG_UNAUTHORIZED,
    MSG_UNREACHABLE,
    HttpWarehouseConnector,
    parse_tender,
)

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


@pytest.fixture
def warehouse() -> Iterator[Warehouse]:
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


@pytest.fixture(autouse=True)
def _clean_state() -> Iterator[None]:
    cache.clear()
    reset_warehouse_breaker()
    yield
    cache.clear()
    reset_warehouse_breaker()


@pytest.fixture
def configure(settings: Any, warehouse: Warehouse) -> Callable[..., None]:
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


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def connector(sleeps: list[float]) -> HttpWarehouseConnector:
    return HttpWarehouseConnector(sleep=sleeps.append, now=lambda: NOW)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# --- normal answers -------------------------------------------------------------------------


def test_get_maps_fields_and_picks_the_running_stage(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    warehouse.always(Reply(200, tender_json()))

    tender = connector.get(CODE)

    assert tender is not None
    assert tender.code == CODE
    assert tender.name == "Rehabilitasi Jalan Poros Kecamatan"
    assert tender.lpse_name == "LPSE Kota Makassar"
    assert tender.satker == "Dinas Pekerjaan Umum"
    assert tender.fiscal_year == 2026
    assert tender.hps == Decimal("1370200000.00")
    assert tender.pagu == Decimal("1500000000.00")
    assert tender.procurement_category == "Pekerjaan Konstruksi"
    assert tender.method == "Tender"
    assert tender.spse_build == "SPSE v4.5u20240923"
    assert tender.stage_name == "Upload Dokumen Penawaran"
    assert tender.stage_end == datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
    assert warehouse.paths == [f"/api/v1/tenders/{CODE}"]


def test_token_is_sent_as_bearer(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    warehouse.always(Reply(200, tender_json()))

    connector.get(CODE)

    assert warehouse.requests[0]["headers"]["Authorization"] == "Bearer rahasia-token"


def test_stage_boundaries_and_no_running_stage(configure: Any, warehouse: Warehouse) -> None:
    warehouse.always(Reply(200, tender_json()))
    at_boundary = HttpWarehouseConnector(now=lambda: datetime(2026, 3, 10, 8, 0, tzinfo=UTC))
    assert (tender := at_boundary.get(CODE)) is not None
    assert tender.stage_name == "Pembukaan Dokumen Penawaran"

    after_all = HttpWarehouseConnector(now=lambda: datetime(2026, 4, 1, tzinfo=UTC))
    assert (tender := after_all.get(CODE)) is not None
    assert (tender.stage_name, tender.stage_start, tender.stage_end) == ("", None, None)


def test_current_stage_is_computed_when_read_not_when_cached(
    configure: Any, warehouse: Warehouse
) -> None:
    warehouse.always(Reply(200, tender_json()))
    moment = [NOW]
    connector = HttpWarehouseConnector(now=lambda: moment[0])
    assert (tender := connector.get(CODE)) is not None
    assert tender.stage_name == "Upload Dokumen Penawaran"

    moment[0] = NOW + timedelta(hours=4)
    assert (tender := connector.get(CODE)) is not None
    assert tender.stage_name == "Pembukaan Dokumen Penawaran"
    assert len(warehouse.requests) == 1


def test_search_sends_query_and_limit_and_maps_results(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    warehouse.always(
        Reply(200, {"data": [tender_json(), tender_json("10005374000", nama_paket="Jembatan")]})
    )

    results = connector.search("  jalan ", limit=10)

    assert [tender.code for tender in results] == [CODE, "10005374000"]
    assert warehouse.paths == ["/api/v1/tenders"]
    assert warehouse.requests[0]["query"] == {"q": ["jalan"], "limit": ["10"]}


def test_search_skips_invalid_items_and_truncates_to_limit(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    items = [
        tender_json("20000001000"),
        tender_json("bukan-kode"),
        tender_json("20000002000", hps="seratus juta"),
        tender_json("20000003000"),
        tender_json("20000004000"),
    ]
    warehouse.always(Reply(200, {"data": items}))

    results = connector.search("jalan", limit=2)

    assert [tender.code for tender in results] == ["20000001000", "20000003000"]


def test_empty_query_makes_no_request(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    assert connector.search("   ") == []
    assert warehouse.requests == []


def test_get_connector_selects_http_by_setting(configure: Any) -> None:
    assert isinstance(get_connector(), HttpWarehouseConnector)


# --- not found, cache -----------------------------------------------------------------------


def test_404_is_none_and_is_cached_briefly(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    warehouse.always(Reply(404, {"detail": "not found"}))

    assert connector.get("99999999") is None
    assert connector.get("99999999") is None
    assert len(warehouse.requests) == 1


def test_code_that_is_not_digits_is_none_without_request(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    assert connector.get("../admin") is None
    assert connector.get("12345") is None
    assert warehouse.requests == []


def test_cache_hit_makes_no_second_request(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    warehouse.always(Reply(200, tender_json()))
    first = connector.get(CODE)
    second = HttpWarehouseConnector(now=lambda: NOW).get(f" {CODE} ")
    assert first == second
    assert len(warehouse.requests) == 1

    warehouse.always(Reply(200, {"data": [tender_json()]}))
    connector.search("jalan")
    connector.search("jalan")
    assert len(warehouse.requests) == 2
    connector.search("jembatan")
    assert len(warehouse.requests) == 3


def test_cache_disabled_by_zero_seconds(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_CACHE_SECONDS=0)
    warehouse.always(Reply(200, tender_json()))
    connector.get(CODE)
    connector.get(CODE)
    assert len(warehouse.requests) == 2


def test_failures_are_not_cached(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_RETRIES=0)
    warehouse.sequence(Reply(500), Reply(200, tender_json()))
    with pytest.raises(TenderServiceUnavailable):
        connector.get(CODE)

    assert connector.get(CODE) is not None
    assert len(warehouse.requests) == 2


# --- retries and timeouts -------------------------------------------------------------------


def test_500_then_success_is_retried_with_backoff(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector, sleeps: list[float]
) -> None:
    warehouse.sequence(Reply(500), Reply(503), Reply(200, tender_json()))

    tender = connector.get(CODE)

    assert tender is not None
    assert len(warehouse.requests) == 3
    assert sleeps == [0.2, 0.4]


def test_always_500_raises_after_all_attempts(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_RETRIES=3)
    warehouse.always(Reply(500, "kesalahan server"))

    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)

    assert caught.value.message == "Data warehouse sedang bermasalah (HTTP 500)."
    assert len(warehouse.requests) == 4


def test_slow_answer_times_out(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_TIMEOUT=0.2, TENDER_API_RETRIES=1)
    warehouse.always(Reply(200, tender_json(), delay=1.0))

    started = time.monotonic()
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)

    assert caught.value.message == MSG_TIMEOUT
    assert len(warehouse.requests) == 2
    assert time.monotonic() - started < 0.9


def test_connection_refused(configure: Any, connector: HttpWarehouseConnector) -> None:
    configure(TENDER_API_URL=f"http://127.0.0.1:{closed_port()}")

    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.search("jalan")

    assert caught.value.message == MSG_UNREACHABLE


def test_client_errors_are_not_retried(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    warehouse.always(Reply(401, {"detail": "token"}))
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)
    assert caught.value.message == MSG_UNAUTHORIZED

    warehouse.always(Reply(400, {"detail": "bad"}))
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.search("jalan")
    assert caught.value.message == "Data warehouse menolak permintaan (HTTP 400)."
    assert len(warehouse.requests) == 2


def test_missing_url_is_not_configured(settings: Any, connector: HttpWarehouseConnector) -> None:
    settings.LPSE_SUPPORT = {**settings.LPSE_SUPPORT, "TENDER_API_URL": ""}
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)
    assert caught.value.message == MSG_NOT_CONFIGURED


def test_malformed_url_is_reported_not_raised_by_httpx(
    configure: Any, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_URL="ftp://warehouse.example")
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)
    assert "TENDER_API_URL" in caught.value.message


# --- invalid data ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param(Reply(200, "{not json"), id="bad-json"),
        pytest.param(Reply(200, b"\xff\xfe\x00"), id="not-utf8"),
        pytest.param(Reply(200, ["a", "list"]), id="list-instead-of-object"),
        pytest.param(Reply(200, {"kd_tender": CODE}), id="missing-nama-paket"),
        pytest.param(Reply(200, tender_json(nama_paket=None)), id="null-nama-paket"),
        pytest.param(Reply(200, tender_json(hps="satu miliar")), id="non-numeric-money"),
        pytest.param(Reply(200, tender_json(pagu="1e40")), id="absurd-money"),
        pytest.param(Reply(200, tender_json(pagu=-1)), id="negative-money"),
        pytest.param(Reply(200, tender_json(tahun_anggaran="dua ribu")), id="bad-year"),
        pytest.param(Reply(200, tender_json(nama_satker=42)), id="wrong-type"),
        pytest.param(Reply(200, tender_json(jadwal={"a": 1})), id="jadwal-not-list"),
        pytest.param(
            Reply(
                200,
                tender_json(
                    jadwal=[{"nama_tahapan": "X", "tgl_awal": "kemarin", "tgl_akhir": "besok"}]
                ),
            ),
            id="bad-date",
        ),
        pytest.param(
            Reply(
                200,
                tender_json(
                    jadwal=[
                        {
                            "nama_tahapan": "X",
                            "tgl_awal": "2026-03-01T08:00:00",
                            "tgl_akhir": "2026-03-02T08:00:00",
                        }
                    ]
                ),
            ),
            id="date-without-offset",
        ),
        pytest.param(
            Reply(
                200,
                tender_json(
                    jadwal=[
                        {
                            "nama_tahapan": "X",
                            "tgl_awal": "2026-03-02T08:00:00+07:00",
                            "tgl_akhir": "2026-03-01T08:00:00+07:00",
                        }
                    ]
                ),
            ),
            id="stage-ends-before-start",
        ),
        pytest.param(Reply(200, tender_json("10005374000")), id="other-tender"),
    ],
)
def test_invalid_answers_raise_invalid_data(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector, reply: Reply
) -> None:
    warehouse.always(reply)

    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)

    assert caught.value.message == MSG_INVALID
    assert len(warehouse.requests) == 1  # bad data is not retried
    with pytest.raises(TenderServiceUnavailable):
        connector.get(CODE)
    assert len(warehouse.requests) == 2  # … and not cached


@pytest.mark.parametrize("body", [{"results": []}, {"data": "x"}, [tender_json()], "nope"])
def test_search_envelope_of_wrong_shape_is_invalid(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector, body: Any
) -> None:
    warehouse.always(Reply(200, body))
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.search("jalan")
    assert caught.value.message == MSG_INVALID


def test_optional_fields_may_be_missing_or_null() -> None:
    tender = parse_tender(
        {"kd_tender": 2571139, "nama_paket": "Pengadaan ATK", "hps": None, "jadwal": None},
        now=NOW,
    )
    assert tender.code == "2571139"
    assert (tender.hps, tender.pagu, tender.fiscal_year, tender.satker) == (None, None, None, "")
    assert tender.stage_name == ""


def test_zulu_dates_are_accepted() -> None:
    tender = parse_tender(
        tender_json(
            jadwal=[
                {
                    "nama_tahapan": "Evaluasi",
                    "tgl_awal": "2026-03-10T00:00:00Z",
                    "tgl_akhir": "2026-03-11T00:00:00Z",
                }
            ]
        ),
        now=NOW,
    )
    assert tender.stage_name == "Evaluasi"


# --- circuit breaker ------------------------------------------------------------------------


def test_breaker_opens_after_consecutive_failures_and_fails_fast(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_RETRIES=1, TENDER_API_BREAKER_FAILURES=3, TENDER_API_BREAKER_SECONDS=60)
    warehouse.always(Reply(500))

    for _ in range(3):
        with pytest.raises(TenderServiceUnavailable):
            connector.get(CODE)
    assert len(warehouse.requests) == 6  # 3 calls × 2 attempts

    # Another connector instance (another request) shares the process-wide breaker.
    with pytest.raises(TenderServiceUnavailable) as caught:
        HttpWarehouseConnector().search("jalan")
    assert caught.value.message == MSG_CIRCUIT_OPEN
    assert len(warehouse.requests) == 6
    assert warehouse_breaker.state(open_seconds=60) == "open"


def test_success_resets_the_failure_count(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_RETRIES=0, TENDER_API_BREAKER_FAILURES=2, TENDER_API_CACHE_SECONDS=0)
    warehouse.sequence(Reply(500), Reply(200, tender_json()), Reply(500))
    with pytest.raises(TenderServiceUnavailable):
        connector.get(CODE)
    connector.get(CODE)
    with pytest.raises(TenderServiceUnavailable):
        connector.get(CODE)
    assert warehouse_breaker.state(open_seconds=60) == "closed"


def test_breaker_half_opens_after_period_with_injected_clock(
    configure: Any, warehouse: Warehouse
) -> None:
    configure(TENDER_API_RETRIES=0, TENDER_API_BREAKER_FAILURES=2, TENDER_API_BREAKER_SECONDS=30)
    clock = [1000.0]
    breaker = CircuitBreaker(clock=lambda: clock[0])
    connector = HttpWarehouseConnector(breaker=breaker, now=lambda: NOW, sleep=lambda _: None)
    warehouse.always(Reply(502))
    for _ in range(2):
        with pytest.raises(TenderServiceUnavailable):
            connector.get(CODE)
    assert breaker.state(open_seconds=30) == "open"

    clock[0] += 29
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)
    assert caught.value.message == MSG_CIRCUIT_OPEN
    assert len(warehouse.requests) == 2

    # Half-open: the trial fails → open again for a full period, one request only.
    clock[0] += 2
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)
    assert caught.value.message != MSG_CIRCUIT_OPEN
    assert len(warehouse.requests) == 3
    assert breaker.state(open_seconds=30) == "open"

    # Next period: the trial succeeds → closed.
    clock[0] += 31
    warehouse.always(Reply(200, tender_json()))
    assert connector.get(CODE) is not None
    assert breaker.state(open_seconds=30) == "closed"
    assert breaker.consecutive_failures == 0


def test_breaker_closes_after_real_short_open_period(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_RETRIES=0, TENDER_API_BREAKER_FAILURES=1, TENDER_API_BREAKER_SECONDS=0.2)
    warehouse.always(Reply(500))
    with pytest.raises(TenderServiceUnavailable):
        connector.get(CODE)
    with pytest.raises(TenderServiceUnavailable) as caught:
        connector.get(CODE)
    assert caught.value.message == MSG_CIRCUIT_OPEN

    time.sleep(0.25)
    warehouse.always(Reply(200, tender_json()))
    assert connector.get(CODE) is not None
    assert warehouse_breaker.state(open_seconds=0.2) == "closed"
    assert len(warehouse.requests) == 2


def test_half_open_lets_exactly_one_trial_through() -> None:
    clock = [0.0]
    breaker = CircuitBreaker(clock=lambda: clock[0])
    breaker.record_failure(failure_threshold=1)
    clock[0] = 10.0
    answers = []
    barrier = threading.Barrier(8)

    def ask() -> None:
        barrier.wait()
        answers.append(breaker.allow(open_seconds=5))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answers) == [False] * 7 + [True]
    assert breaker.state(open_seconds=5) == "half_open"


def test_not_found_counts_as_success_for_the_breaker(
    configure: Any, warehouse: Warehouse, connector: HttpWarehouseConnector
) -> None:
    configure(TENDER_API_RETRIES=0, TENDER_API_BREAKER_FAILURES=2)
    warehouse.sequence(Reply(500), Reply(404), Reply(500))
    with pytest.raises(TenderServiceUnavailable):
        connector.get("11111111")
    assert connector.get("22222222") is None
    with pytest.raises(TenderServiceUnavailable):
        connector.get("33333333")
    assert warehouse_breaker.state(open_seconds=60) == "closed"
