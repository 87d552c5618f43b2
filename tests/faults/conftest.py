"""Fault tests run only when asked (``make faults`` sets ``RUN_FAULTS=1``): they start and kill
real processes and take minutes, so ``make test`` leaves them out."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    run = os.environ.get("RUN_FAULTS") == "1"
    skip = pytest.mark.skip(reason="fault test: run with `make faults` (RUN_FAULTS=1)")
    for item in items:
        if "tests/faults/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.faults)
            if not run:
                item.add_marker(skip)
