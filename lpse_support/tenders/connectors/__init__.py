"""Tender data from the LKPP data warehouse through one interface (R-DW).

``get_connector()`` returns the configured implementation: the local mirror table (embedded
default, ``TENDER_CONNECTOR=mirror``) or the warehouse over HTTP (``TENDER_CONNECTOR=http``).
"""

from lpse_support.tenders.connectors.base import (
    TenderConnector,
    TenderData,
    TenderServiceUnavailable,
    get_connector,
)

__all__ = ["TenderConnector", "TenderData", "TenderServiceUnavailable", "get_connector"]
