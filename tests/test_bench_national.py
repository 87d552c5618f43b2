"""The national load model of ``bench/national.py`` (docs/scale.md): its arithmetic, the request
mix it sends and the /proc readings it reports — the parts that run without a cluster."""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "national.py"


@pytest.fixture(scope="module")
def national() -> ModuleType:
    # The script imports its helpers (_national_model, _national_probes) from its own folder.
    if str(SCRIPT.parent) not in sys.path:
        sys.path.insert(0, str(SCRIPT.parent))
    spec = importlib.util.spec_from_file_location("bench_national", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_national"] = module
    spec.loader.exec_module(module)
    return module


def test_peak_hour_arithmetic(national: ModuleType) -> None:
    # 1 M / 250 days / 8 h = 500 tickets an hour; × 10 in the peak hour = 5,000/h.
    model = importlib.import_module("_national_model")
    assert model.filings_per_second() == pytest.approx(5000 / 3600)
    rates = national.national_rates()
    assert rates["reporter_file"] == pytest.approx(1.389, abs=0.001)
    assert rates["agent_action"] == pytest.approx(4 * 5000 / 3600)
    # 1,300 agents polling every 10 s, 70 % on a list; 833 reporters' tabs.
    assert rates["agent_list_poll"] == pytest.approx(91.0)
    assert rates["agent_detail_poll"] == pytest.approx(39.0)
    assert rates["reporter_poll"] == pytest.approx(83.33, abs=0.01)
    assert sum(rates.values()) == pytest.approx(255.7, abs=0.1)
    assert "| **total** | **255.7** |" in national.explain()


def test_every_page_type_of_the_model_is_sent(national: ModuleType) -> None:
    people = {
        "agents": [{"username": "a", "session": "s", "token": "t", "tickets": ["T1"]}],
        "reporters": [{"username": "r", "session": "s", "token": "t", "tickets": ["T2"]}],
        "filing": {"version_id": 1, "subcategory_id": 2},
    }
    load = national.Load(national.Client("http://127.0.0.1:9"), people)
    assert set(load.pages) == set(national.national_rates())


def test_multipart_body(national: ModuleType) -> None:
    body, content_type = national.multipart({"message": "Halo", "internal": "false"})
    boundary = content_type.split("boundary=")[1]
    assert body.startswith(f"--{boundary}\r\n".encode())
    assert b'name="message"\r\n\r\nHalo\r\n' in body
    assert body.endswith(f"--{boundary}--\r\n".encode())


def test_cpu_of_a_process_tree_grows_with_work(national: ModuleType) -> None:
    probes = importlib.import_module("_national_probes")
    pid = os.getpid()
    assert pid in probes.tree(pid)
    before = probes.cpu_seconds(pid)
    deadline = time.process_time() + 0.3
    while time.process_time() < deadline:
        sum(range(1000))
    assert probes.cpu_seconds(pid) - before >= 0.2


def test_percentiles(national: ModuleType) -> None:
    values = [float(v) for v in range(1, 101)]
    assert national.pct(values, 0.5) == 51.0  # index round(0.5 × 99) = 50
    assert national.pct(values, 0.95) == 95.0
    assert national.pct([], 0.95) == 0.0
