"""``LOGGING`` of the settings: one console handler, plain text or JSON lines
(python-json-logger, ``LOG_FORMAT=json``) for a log collector; every line carries the request id
(``lpse_support.core.request_id.RequestIdFilter``; docs/operations.md)."""

from __future__ import annotations

from typing import Any


def logging_config(log_format: str, level: str) -> dict[str, Any]:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "lpse_support.core.request_id.RequestIdFilter"}},
        "formatters": {
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                "rename_fields": {"levelname": "level", "asctime": "time", "name": "logger"},
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "json" if log_format == "json" else "text",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # Django's own loggers write once, through the root handler: its default configuration
        # also gives "django" a console handler, so every line (runserver's "Watching for file
        # changes") came out twice (issue 17 item 8).
        "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
    }
