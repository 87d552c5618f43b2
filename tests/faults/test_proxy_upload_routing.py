"""deploy/haproxy.cfg routes every request of one tus upload (``/unggah/<id>/``) to one node and
everything else round robin (issue 15: no sticky sessions; docs/deploy.md "Several app nodes"):
the real haproxy in front of two stand-in nodes that answer with their name. When the upload's
node is gone, its URL moves to the other node (which answers 404, so the client starts again).
Needs the haproxy binary: skipped without it, a failure in CI (E2E_REQUIRED=1 or CI=1)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "haproxy.cfg"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _node(name: str) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            body = name.encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_POST = do_PATCH = do_DELETE = _answer

        def do_HEAD(self) -> None:
            self.send_response(200)
            self.send_header("X-Node", name)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def proxy() -> Iterator[tuple[str, dict[str, ThreadingHTTPServer]]]:
    binary = shutil.which("haproxy")
    if binary is None:
        if os.environ.get("E2E_REQUIRED") or os.environ.get("CI"):
            pytest.fail("haproxy is required")
        pytest.skip("haproxy not installed")
    nodes = {"app1": _node("app1"), "app2": _node("app2")}
    listen, stats = _free_port(), _free_port()
    env = {
        **os.environ,
        "LPSE_LISTEN": f"127.0.0.1:{listen}",
        "LPSE_STATS": f"127.0.0.1:{stats}",
        "LPSE_APP1": f"127.0.0.1:{nodes['app1'].server_address[1]}",
        "LPSE_APP2": f"127.0.0.1:{nodes['app2'].server_address[1]}",
        "LPSE_HEALTH_PATH": "/readyz",
        "LPSE_HEALTH_HOST": "localhost",
    }
    process = subprocess.Popen(
        [binary, "-db", "-f", str(CONFIG)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{listen}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                if {_node_of(base, "GET", "/") for _ in range(4)} == {"app1", "app2"}:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("haproxy did not come up with both nodes")
            time.sleep(0.2)
        yield base, nodes
    finally:
        process.terminate()
        process.wait(timeout=10)
        for server in nodes.values():
            server.shutdown()
            server.server_close()


def _node_of(base: str, method: str, path: str) -> str:
    data = b"x" * 10 if method in ("POST", "PATCH") else None
    request = urllib.request.Request(base + path, data=data, method=method)  # noqa: S310
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (loopback)
        if method == "HEAD":
            return str(response.headers["X-Node"])
        return str(response.read().decode())


def test_one_upload_sticks_to_one_node_and_the_rest_is_round_robin(
    proxy: tuple[str, dict[str, ThreadingHTTPServer]],
) -> None:
    base, nodes = proxy
    uploads = [f"/unggah/{uuid.uuid4()}/" for _ in range(12)]
    homes = {}
    for url in uploads:
        seen = {_node_of(base, method, url) for method in ("HEAD", "PATCH", "PATCH", "HEAD")}
        seen.add(_node_of(base, "DELETE", url))
        assert len(seen) == 1, (url, seen)  # every request of the upload on one node
        homes[url] = seen.pop()
    assert set(homes.values()) == {"app1", "app2"}  # the uploads spread over both nodes
    # Creating uploads and every other page: round robin, no stickiness.
    assert {_node_of(base, "POST", "/unggah/") for _ in range(4)} == {"app1", "app2"}
    assert {_node_of(base, "GET", "/tiket/") for _ in range(4)} == {"app1", "app2"}

    # app1 dies: after its failed health checks its uploads move to app2; app2's stay put.
    nodes["app1"].shutdown()
    nodes["app1"].server_close()
    deadline = time.monotonic() + 20
    moved = [url for url, home in homes.items() if home == "app1"]
    while True:
        try:
            if all(_node_of(base, "HEAD", url) == "app2" for url in moved):
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail("the uploads of the dead node did not move")
        time.sleep(0.5)
    assert all(_node_of(base, "HEAD", url) == "app2" for url in homes)
