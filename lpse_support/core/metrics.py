"""The application's own Prometheus counters (issue 15), counted in the process that did the work
and added up across gunicorn's processes by prometheus_client's multiprocess mode when
``PROMETHEUS_MULTIPROC_DIR`` is set. What is read from the database at scrape time (queue depth,
backlog, SLA breaches on record) is in ``lpse_support/ops/collectors.py``; the names are listed
in docs/operations.md, "Metrics"."""

from __future__ import annotations

from prometheus_client import Counter

TICKETS_CREATED = Counter("lpse_tickets_created", "Tickets created (committed).")
TICKET_ACTIONS = Counter(
    "lpse_ticket_actions",
    "Ticket events committed, by action (create, take, resolve, …).",
    ["action"],
)
SLA_BREACHES = Counter(
    "lpse_sla_breaches", "SLA breaches recorded by the SLA watch, by target.", ["target"]
)
RATE_LIMIT_CACHE_ERRORS = Counter(
    "lpse_rate_limit_cache_unavailable",
    "Rate-limit checks let through because the shared cache could not be reached (fail open).",
)
