"""Settings of the benchmark server: the production settings (run with ``DEBUG=0``), except that
static files are collected into a scratch directory without the hashed manifest (the pages
measured here do not depend on hashed file names, and skipping the manifest's post-processing
keeps the benchmark's start short)."""

from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import STORAGES

STATIC_ROOT = Path("/tmp/lpse-bench-static")  # noqa: S108 — scratch output of collectstatic
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
