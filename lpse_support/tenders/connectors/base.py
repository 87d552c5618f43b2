from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from lpse_support.core.errors import ApplicationError


class TenderServiceUnavailable(ApplicationError):
    """The warehouse did not answer usefully (down, slow, bad data, circuit open)."""

    code = "tender_service_unavailable"
    http_status = 503


@dataclass(frozen=True)
class TenderData:
    """What a ticket needs to know about a tender, whatever the source."""

    code: str
    name: str = ""
    lpse_name: str = ""
    satker: str = ""
    fiscal_year: int | None = None
    hps: Decimal | None = None
    pagu: Decimal | None = None
    procurement_category: str = ""
    method: str = ""
    spse_build: str = ""
    stage_name: str = ""
    stage_start: datetime | None = None
    stage_end: datetime | None = None
    source: str = "warehouse"  # "warehouse" or "manual"

    def to_snapshot(self) -> dict[str, Any]:
        """JSON-safe copy kept on the ticket (money as strings, datetimes ISO 8601)."""
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, Decimal):
                data[key] = str(value)
            elif isinstance(value, datetime):
                data[key] = value.isoformat()
        return data

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> TenderData:
        values = dict(data)
        for key in ("hps", "pagu"):
            if values.get(key) not in (None, ""):
                values[key] = Decimal(values[key])
        for key in ("stage_start", "stage_end"):
            if values.get(key):
                values[key] = datetime.fromisoformat(values[key])
        known = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in values.items() if key in known})

    @property
    def label(self) -> str:
        return f"{self.code} — {self.name}" if self.name else self.code


class TenderConnector(Protocol):
    def search(self, query: str, *, limit: int = 10) -> list[TenderData]:
        """Tenders whose code starts with, or whose name contains, ``query``."""
        ...

    def get(self, code: str) -> TenderData | None:
        """The tender ``code`` with its current stage, or None when unknown."""
        ...


CONNECTORS = {
    "mirror": "lpse_support.tenders.connectors.mirror.MirrorConnector",
    "http": "lpse_support.tenders.connectors.http.HttpWarehouseConnector",
}


def get_connector() -> TenderConnector:
    name = str(settings.LPSE_SUPPORT.get("TENDER_CONNECTOR") or "mirror")
    connector: TenderConnector = import_string(CONNECTORS.get(name, name))()
    return connector
