"""The production connector: tender data from the LKPP data warehouse over HTTP (R-DW).

Contract (docs/tender-connector.md): ``GET {TENDER_API_URL}/tenders/{code}`` answers one tender
object or 404; ``GET {TENDER_API_URL}/tenders?q=…&limit=…`` answers ``{"data": [tender, …]}``.
Field names are the warehouse's own (SPSE-TenderPengumuman + JadwalTahapanTender).

Every failure (not configured, unreachable, slow, 5xx, refused, bad JSON, bad data, circuit open)
raises ``TenderServiceUnavailable`` with an Indonesian message; no httpx exception escapes.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import httpx
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from lpse_support.tenders.connectors.base import TenderData, TenderServiceUnavailable
from lpse_support.tenders.connectors.breaker import CircuitBreaker, warehouse_breaker

logger = logging.getLogger(__name__)

T = TypeVar("T")

MSG_NOT_CONFIGURED = "Data warehouse belum dikonfigurasi."
MSG_BAD_URL = "Alamat data warehouse tidak valid; periksa TENDER_API_URL."
MSG_CIRCUIT_OPEN = "Data warehouse sedang tidak tersedia; coba lagi beberapa saat lagi."
MSG_TIMEOUT = "Data warehouse tidak menjawab tepat waktu."
MSG_UNREACHABLE = "Data warehouse tidak dapat dihubungi."
MSG_SERVER_ERROR = "Data warehouse sedang bermasalah (HTTP {status})."
MSG_UNAUTHORIZED = "Data warehouse menolak akses; periksa token API."
MSG_REJECTED = "Data warehouse menolak permintaan (HTTP {status})."
MSG_INVALID = "Data dari data warehouse tidak valid."

# Exponential backoff between attempts: 0.2 s, 0.4 s, 0.8 s …
RETRY_BASE_DELAY = 0.2
# "Not found" is remembered briefly: a tender just announced should appear soon.
NOT_FOUND_CACHE_SECONDS = 60
MAX_SEARCH_LIMIT = 50
CODE_PATTERN = re.compile(r"[0-9]{6,12}")
CACHE_PREFIX = "tenders:http:v1"
MAX_MONEY = Decimal(10) ** 16


class InvalidWarehouseData(ValueError):
    """One tender object does not follow the contract."""


@dataclass(frozen=True)
class WarehouseConfig:
    base_url: str
    token: str
    timeout: float
    retries: int
    cache_seconds: int
    breaker_failures: int
    breaker_seconds: float

    @classmethod
    def from_settings(cls) -> WarehouseConfig:
        options: dict[str, Any] = settings.LPSE_SUPPORT
        return cls(
            base_url=str(options.get("TENDER_API_URL") or "").strip().rstrip("/"),
            token=str(options.get("TENDER_API_TOKEN") or ""),
            timeout=float(options.get("TENDER_API_TIMEOUT", 3)),
            retries=max(0, int(options.get("TENDER_API_RETRIES", 2))),
            cache_seconds=max(0, int(options.get("TENDER_API_CACHE_SECONDS", 300))),
            breaker_failures=int(options.get("TENDER_API_BREAKER_FAILURES", 5)),
            breaker_seconds=float(options.get("TENDER_API_BREAKER_SECONDS", 60)),
        )


class HttpWarehouseConnector:
    """``TenderConnector`` over HTTP with timeout, retries, a shared circuit breaker and a cache."""

    def __init__(
        self,
        *,
        sleep: Callable[[float], None] = time.sleep,
        breaker: CircuitBreaker | None = None,
        now: Callable[[], datetime] = timezone.now,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._sleep = sleep
        self._breaker = breaker or warehouse_breaker
        self._now = now
        self._transport = transport

    # --- the TenderConnector protocol -------------------------------------------------------

    def get(self, code: str) -> TenderData | None:
        code = code.strip()
        # Anything but 6–12 digits cannot be a tender code; never put it into a URL path.
        if not CODE_PATTERN.fullmatch(code):
            return None
        config = WarehouseConfig.from_settings()
        key = _cache_key(config, "get", code)
        cached = cache.get(key)
        if isinstance(cached, dict):
            if not cached.get("found"):
                return None
            try:
                return parse_tender(cached["tender"], now=self._now())
            except (InvalidWarehouseData, KeyError):
                cache.delete(key)

        def validate(payload: Any) -> dict[str, Any]:
            tender = parse_tender(payload, now=self._now())
            if tender.code != code:
                raise InvalidWarehouseData(f"asked for {code}, got {tender.code}")
            return dict(payload)

        raw = self._call(config, f"/tenders/{code}", None, validate, not_found_is_none=True)
        if raw is None:
            self._cache_set(
                key, {"found": False}, min(config.cache_seconds, NOT_FOUND_CACHE_SECONDS)
            )
            return None
        self._cache_set(key, {"found": True, "tender": raw}, config.cache_seconds)
        return parse_tender(raw, now=self._now())

    def search(self, query: str, *, limit: int = 10) -> list[TenderData]:
        query = query.strip()
        limit = min(limit, MAX_SEARCH_LIMIT)
        if not query or limit < 1:
            return []
        config = WarehouseConfig.from_settings()
        key = _cache_key(config, "search", f"{limit}:{query}")
        cached = cache.get(key)
        if isinstance(cached, dict) and isinstance(cached.get("items"), list):
            return self._to_data(cached["items"])

        def validate(payload: Any) -> list[dict[str, Any]]:
            if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
                raise InvalidWarehouseData("search answer is not {'data': [...]}")
            items: list[dict[str, Any]] = []
            for index, item in enumerate(payload["data"]):
                try:
                    parse_tender(item, now=self._now())
                except InvalidWarehouseData as exc:
                    # One bad row must not break the autocomplete; the rest are still useful.
                    logger.warning("Skipping invalid tender #%s in search answer: %s", index, exc)
                    continue
                items.append(dict(item))
            return items[:limit]

        found = self._call(config, "/tenders", {"q": query, "limit": str(limit)}, validate)
        items = found or []
        ttl = config.cache_seconds if items else min(config.cache_seconds, NOT_FOUND_CACHE_SECONDS)
        self._cache_set(key, {"items": items}, ttl)
        return self._to_data(items)

    # --- internals ---------------------------------------------------------------------------

    def _to_data(self, items: list[Any]) -> list[TenderData]:
        now = self._now()
        result = []
        for item in items:
            try:
                result.append(parse_tender(item, now=now))
            except InvalidWarehouseData:
                continue
        return result

    def _cache_set(self, key: str, value: dict[str, Any], seconds: int) -> None:
        if seconds > 0:
            cache.set(key, value, seconds)

    def _call(
        self,
        config: WarehouseConfig,
        path: str,
        params: dict[str, str] | None,
        validate: Callable[[Any], T],
        *,
        not_found_is_none: bool = False,
    ) -> T | None:
        """One guarded call: breaker check, request with retries, status mapping, validation."""
        if not config.base_url:
            raise TenderServiceUnavailable(MSG_NOT_CONFIGURED)
        if not self._breaker.allow(open_seconds=config.breaker_seconds):
            raise TenderServiceUnavailable(MSG_CIRCUIT_OPEN)
        try:
            response = self._send(config, path, params)
            if response.status_code == 404 and not_found_is_none:
                result = None
            else:
                result = validate(_json_of(response))
        except TenderServiceUnavailable as exc:
            self._breaker.record_failure(failure_threshold=config.breaker_failures)
            logger.warning("Data warehouse call %s failed: %s", path, exc.message)
            raise
        except InvalidWarehouseData as exc:
            self._breaker.record_failure(failure_threshold=config.breaker_failures)
            logger.warning("Data warehouse answered invalid data for %s: %s", path, exc)
            raise TenderServiceUnavailable(MSG_INVALID) from exc
        except BaseException:
            # A bug must not leave a half-open trial hanging forever.
            self._breaker.record_failure(failure_threshold=config.breaker_failures)
            raise
        self._breaker.record_success()
        return result

    def _send(
        self, config: WarehouseConfig, path: str, params: dict[str, str] | None
    ) -> httpx.Response:
        """GET with retries on connect errors, timeouts, 429 and 5xx; other answers returned."""
        headers = {"Accept": "application/json"}
        if config.token:
            headers["Authorization"] = f"Bearer {config.token}"
        attempts = 1 + config.retries
        failure = MSG_UNREACHABLE
        try:
            client = httpx.Client(
                timeout=config.timeout,
                headers=headers,
                transport=self._transport,
                follow_redirects=False,
            )
        except (httpx.InvalidURL, ValueError) as exc:
            raise TenderServiceUnavailable(MSG_BAD_URL) from exc
        with client:
            for attempt in range(attempts):
                if attempt:
                    self._sleep(RETRY_BASE_DELAY * 2 ** (attempt - 1))
                try:
                    response = client.get(config.base_url + path, params=params)
                except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                    raise TenderServiceUnavailable(MSG_BAD_URL) from exc
                except httpx.TimeoutException:
                    failure = MSG_TIMEOUT
                    continue
                except httpx.TransportError:
                    failure = MSG_UNREACHABLE
                    continue
                except httpx.HTTPError as exc:
                    # Decoding errors, redirect loops …: retrying would not help.
                    raise TenderServiceUnavailable(MSG_UNREACHABLE) from exc
                status = response.status_code
                if status >= 500 or status == 429:
                    failure = MSG_SERVER_ERROR.format(status=status)
                    continue
                if status in (401, 403):
                    raise TenderServiceUnavailable(MSG_UNAUTHORIZED)
                if not 200 <= status < 300 and status != 404:
                    raise TenderServiceUnavailable(MSG_REJECTED.format(status=status))
                return response
        raise TenderServiceUnavailable(failure)


def _json_of(response: httpx.Response) -> Any:
    if response.status_code == 404:
        raise TenderServiceUnavailable(MSG_REJECTED.format(status=404))
    try:
        return response.json()
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise InvalidWarehouseData("answer is not JSON") from exc


def _cache_key(config: WarehouseConfig, kind: str, value: str) -> str:
    # Hashed: keys stay short and safe for every cache backend, and a new URL starts fresh.
    digest = hashlib.sha256(f"{config.base_url}\n{value}".encode()).hexdigest()[:32]
    return f"{CACHE_PREFIX}:{kind}:{digest}"


# --- validation of one tender object --------------------------------------------------------


def parse_tender(item: Any, *, now: datetime) -> TenderData:
    """Validate one warehouse tender object and pick the stage running at ``now``."""
    if not isinstance(item, dict):
        raise InvalidWarehouseData("tender is not an object")
    code = _code(item.get("kd_tender"))
    name = _text(item, "nama_paket")
    if not name:
        raise InvalidWarehouseData("nama_paket is missing")
    hps = _money(item, "hps")
    pagu = _money(item, "pagu")
    stages = _stages(item.get("jadwal"))
    current = next((stage for stage in stages if stage[1] <= now < stage[2]), None)
    return TenderData(
        code=code,
        name=name,
        lpse_name=_text(item, "nama_lpse"),
        satker=_text(item, "nama_satker"),
        fiscal_year=_year(item.get("tahun_anggaran")),
        hps=hps,
        pagu=pagu,
        procurement_category=_text(item, "jenis_pengadaan"),
        method=_text(item, "mtd_pemilihan"),
        spse_build=_text(item, "versi_spse"),
        stage_name=current[0] if current else "",
        stage_start=current[1] if current else None,
        stage_end=current[2] if current else None,
    )


def _code(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidWarehouseData("kd_tender is missing or not a number")
    code = str(value).strip()
    if not CODE_PATTERN.fullmatch(code):
        raise InvalidWarehouseData(f"kd_tender {code!r} is not 6–12 digits")
    return code


def _text(item: dict[str, Any], field: str) -> str:
    value = item.get(field)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidWarehouseData(f"{field} is not text")
    return value.strip()


def _year(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidWarehouseData("tahun_anggaran is not a year")
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{4}", text):
        raise InvalidWarehouseData(f"tahun_anggaran {text!r} is not a year")
    return int(text)


def _money(item: dict[str, Any], field: str) -> Decimal | None:
    value = item.get(field)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidWarehouseData(f"{field} is not a number")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise InvalidWarehouseData(f"{field} {value!r} is not a number") from exc
    # The mirror stores money as DECIMAL(18, 2): anything larger is not a real HPS or pagu.
    if not amount.is_finite() or amount < 0 or amount >= MAX_MONEY:
        raise InvalidWarehouseData(f"{field} {value!r} is not an amount")
    return amount.quantize(Decimal("0.01"))


def _stages(value: Any) -> list[tuple[str, datetime, datetime]]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidWarehouseData("jadwal is not a list")
    stages = []
    for row in value:
        if not isinstance(row, dict):
            raise InvalidWarehouseData("jadwal row is not an object")
        name = _text(row, "nama_tahapan")
        if not name:
            raise InvalidWarehouseData("nama_tahapan is missing")
        start = _moment(row.get("tgl_awal"), "tgl_awal")
        end = _moment(row.get("tgl_akhir"), "tgl_akhir")
        if end <= start:
            raise InvalidWarehouseData(f"stage {name!r} ends before it starts")
        stages.append((name, start, end))
    return stages


def _moment(value: Any, field: str) -> datetime:
    if not isinstance(value, str):
        raise InvalidWarehouseData(f"{field} is missing")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidWarehouseData(f"{field} {value!r} is not ISO 8601") from exc
    if timezone.is_naive(moment):
        raise InvalidWarehouseData(f"{field} {value!r} has no UTC offset")
    return moment
