"""Settings of the benchmark server: the production settings (run with ``DEBUG=0``), except that
static files are collected into a scratch directory without the hashed manifest.

The manifest's post-processing currently stops at ``vendor/chartjs/chart.umd.min.js``, which
names a source map that is not copied to static/vendor; the pages measured here do not depend on
hashed file names, so the benchmark serves plain names instead."""

from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import STORAGES

STATIC_ROOT = Path("/tmp/lpse-bench-static")  # noqa: S108 — scratch output of collectstatic
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
