"""The house rules of imports (issue 12 item 4), checked by import-linter on the whole tree: the
contracts are in ``pyproject.toml`` (``[tool.importlinter]``), so ``lint-imports`` by hand and
this test judge the same way. An allowed exception is an ``ignore_imports`` entry with its reason
there; an entry that matches no import any more fails the run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from importlinter.api import read_configuration

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "pyproject.toml"
CONTRACTS = {
    "core-ground-floor",
    "demo-imported-by-none",
    "services-below-the-web",
    "ticket-selectors-no-forms",
    "api-no-views",
    "app-layers",
}


def _lint_imports() -> str:
    """The ``lint-imports`` script of the Python running the tests (the virtualenv's)."""
    beside = Path(sys.executable).with_name("lint-imports")
    found = str(beside) if beside.exists() else shutil.which("lint-imports")
    assert found, "import-linter is not installed (pyproject.toml, dev extras)"
    return found


def test_every_house_rule_is_a_contract() -> None:
    contracts = read_configuration(str(CONFIG))["contracts_options"]
    assert {contract["id"] for contract in contracts} == CONTRACTS


def test_the_tree_keeps_the_house_rules() -> None:
    # A fresh process on this checkout (not an installed copy): the graph is built from ROOT.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    run = subprocess.run(
        [_lint_imports(), "--config", str(CONFIG), "--no-cache", "--no-logo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in run.stdout
