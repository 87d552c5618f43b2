"""docs/architecture.md's module map is generated from the tree; a stale map fails here
(`python scripts/module_map.py` rewrites it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_module_map_in_the_architecture_doc_is_current() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/module_map.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_map_names_every_app() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for app in sorted(
        p.name for p in (ROOT / "lpse_support").iterdir() if (p / "apps.py").exists()
    ):
        assert f"`lpse_support/{app}/`" in text, app
