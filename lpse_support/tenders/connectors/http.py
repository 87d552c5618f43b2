"""The production connector: tender data from the LKPP data warehouse over HTTP (R-DW).

Contract (docs/tender-connector.md): ``GET {TENDER_API_URL}/tenders/{code}`` answers one tender
object or 404; ``GET {TENDER_API_URL}/tenders?q=…&limit=…`` answers ``{"data": [tender, …]}``.
Field names are the warehouse's own (SPSE-TenderPengumuman + JadwalTahapanTender).

Every failure (not configured, unreachable, slow, 5xx, refused, bad JSON, bad data, circuit open)
raises ``TenderServiceUnavailable`` with an Indonesian message; no httpx exception escapes.
Answers are validated by the pydantic models of ``warehouse_schema``; connection errors,
timeouts, 429 and 5xx are tried again with exponential back-off by tenacity.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import httpx
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from lpse_support.tenders.connectors.base import TenderData, TenderServiceUnavailable
from lpse_support.tenders.connectors.breaker import Breaker, warehouse_breaker
from lpse_support.tenders.connectors.warehouse_schema import (
    InvalidWarehouseData,
    parse_tender,
    search_items,
)

__all__ = ["HttpWarehouseConnector", "InvalidWarehouseData", "parse_tender"]

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


class _TryAgain(Exception):
    """A failed attempt worth repeating (connection error, timeout, 429, 5xx)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
        breaker: Breaker | None = None,
        now: Callable[[], datetime] = timezone.now,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._sleep = sleep
        self._breaker: Breaker = breaker or warehouse_breaker
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
            items: list[dict[str, Any]] = []
            for index, item in enumerate(search_items(payload)):
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
        try:
            client = httpx.Client(
                timeout=config.timeout,
                headers=headers,
                transport=self._transport,
                follow_redirects=False,
            )
        except (httpx.InvalidURL, ValueError) as exc:
            raise TenderServiceUnavailable(MSG_BAD_URL) from exc

        def attempt() -> httpx.Response:
            try:
                response = client.get(config.base_url + path, params=params)
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                raise TenderServiceUnavailable(MSG_BAD_URL) from exc
            except httpx.TimeoutException as exc:
                raise _TryAgain(MSG_TIMEOUT) from exc
            except httpx.TransportError as exc:
                raise _TryAgain(MSG_UNREACHABLE) from exc
            except httpx.HTTPError as exc:
                # Decoding errors, redirect loops …: retrying would not help.
                raise TenderServiceUnavailable(MSG_UNREACHABLE) from exc
            status = response.status_code
            if status >= 500 or status == 429:
                raise _TryAgain(MSG_SERVER_ERROR.format(status=status))
            if status in (401, 403):
                raise TenderServiceUnavailable(MSG_UNAUTHORIZED)
            if not 200 <= status < 300 and status != 404:
                raise TenderServiceUnavailable(MSG_REJECTED.format(status=status))
            return response

        # Exponential back-off between attempts: RETRY_BASE_DELAY, twice that, four times …
        retrying = Retrying(
            stop=stop_after_attempt(1 + config.retries),
            wait=wait_exponential(multiplier=RETRY_BASE_DELAY),
            retry=retry_if_exception_type(_TryAgain),
            sleep=self._sleep,
            reraise=True,
        )
        with client:
            try:
                return retrying(attempt)
            except _TryAgain as exc:
                raise TenderServiceUnavailable(exc.message) from exc


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
