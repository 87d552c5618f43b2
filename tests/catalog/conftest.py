from __future__ import annotations

from collections.abc import Iterator

import pytest

from lpse_support.catalog.business_time import invalidate_calendar


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> Iterator[None]:
    """A rolled-back test leaves no cached calendar behind (rollbacks send no signals)."""
    invalidate_calendar()
    yield
    invalidate_calendar()
