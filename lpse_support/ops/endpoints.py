"""``/healthz``, ``/readyz`` and ``/metrics`` (issue 15), answered by a middleware near the top of
the stack: before the host check, the HTTPS redirect, sessions, the language, the two-factor gate
and the rate limits, so a load balancer's probe by address and a scraper on plain HTTP get their
answer. ``/healthz`` touches nothing (the process is alive); ``/readyz`` runs ops/health.py;
``/metrics`` is the Prometheus text format for the addresses in ``METRICS_ALLOWED_IPS`` or a
``Authorization: Bearer <METRICS_TOKEN>`` (docs/operations.md)."""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from lpse_support.ops.collectors import DatabaseCollector
from lpse_support.ops.health import run_checks, serves

HEALTHZ = "/healthz"
READYZ = "/readyz"
METRICS = "/metrics"
NO_STORE = "no-store"


def healthz() -> HttpResponse:
    response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = NO_STORE
    return response


def readyz(*, for_balancer: bool = False) -> JsonResponse:
    """503 when a check failed; for the load balancer (``?lb=1``) only when the node cannot serve
    (``health.FAIL_SAFE``): then a failed fail-safe check answers 200 ``degraded``."""
    ok, results = run_checks()
    status = "ok" if ok else "fail"
    if not ok and for_balancer and serves(results):
        ok, status = True, "degraded"
    response = JsonResponse({"status": status, "checks": results})
    response.status_code = 200 if ok else 503
    response["Cache-Control"] = NO_STORE
    return response


class _ThisProcess(Collector):
    """The default registry (this process's counters, django-prometheus's request metrics)."""

    def collect(self) -> Iterable[Metric]:
        return REGISTRY.collect()


def exposition() -> bytes:
    """One scrape: every process's metrics in multiprocess mode (``PROMETHEUS_MULTIPROC_DIR``,
    gunicorn), else this process's; then the database collector."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(DatabaseCollector())
    return generate_latest(registry)


def metrics_allowed(request: HttpRequest) -> bool:
    token = str(getattr(settings, "METRICS_TOKEN", "") or "")
    if token:
        given = request.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return True
    allowed = getattr(settings, "METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])
    return request.META.get("REMOTE_ADDR", "") in allowed


def metrics(request: HttpRequest) -> HttpResponse:
    if not metrics_allowed(request):
        return HttpResponse("forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    response = HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = NO_STORE
    return response


class OperatorEndpointsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method in ("GET", "HEAD"):
            if request.path == HEALTHZ:
                return healthz()
            if request.path == READYZ:
                return readyz(for_balancer=request.GET.get("lb") == "1")
            if request.path == METRICS:
                return metrics(request)
        return self.get_response(request)
