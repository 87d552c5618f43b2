"""Two app nodes share everything a user sees (issue 15 item 6): a session opened on node A goes
on on node B (no sticky sessions), and a 200 MB attachment uploaded through node A is
downloaded, alone and zipped, from node B with the node's memory flat."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
import time
import uuid
import zipfile
from pathlib import Path

import httpx
import requests

from tests.cluster.support import DEMO_PASSWORD, Cluster, TicketForm

SIZE = 200 * 1024 * 1024
CHUNK = 1024 * 1024
# Growth of node B's resident memory (master + workers) allowed while it streams 200 MB twice.
RSS_GROWTH_MB = 100


def login(session: requests.Session, base: str, username: str) -> requests.Response:
    page = session.get(f"{base}/akun/masuk/", timeout=30)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, "login form without CSRF token"
    return session.post(
        f"{base}/akun/masuk/",
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": DEMO_PASSWORD,
        },
        headers={"Referer": f"{base}/akun/masuk/"},
        timeout=30,
        allow_redirects=False,
    )


def test_a_session_opened_on_node_a_goes_on_on_node_b(cluster: Cluster) -> None:
    node_a, node_b = cluster.node(0), cluster.node(1)
    browser = requests.Session()
    answer = login(browser, node_a, "ppk1")
    assert answer.status_code == 302, answer.text[:500]
    # The same cookies, the other node: the ticket list, not the login page.
    on_b = browser.get(f"{node_b}/tiket/", timeout=30, allow_redirects=False)
    assert on_b.status_code == 200, (on_b.status_code, on_b.headers.get("Location"))
    assert "ppk1" in on_b.text or "Andi Rahmat Syarif" in on_b.text
    # And through the proxy, where round robin alternates the nodes.
    for _ in range(4):
        assert browser.get(f"{cluster.proxy}/tiket/", timeout=30, allow_redirects=False).ok
    # Logging out on B ends the session on A as well.
    csrf = browser.cookies.get("csrftoken")
    out = browser.post(
        f"{node_b}/akun/keluar/",
        data={"csrfmiddlewaretoken": csrf},
        headers={"Referer": f"{node_b}/tiket/"},
        timeout=30,
        allow_redirects=False,
    )
    assert out.status_code in (200, 302), out.status_code
    after = browser.get(f"{node_a}/tiket/", timeout=30, allow_redirects=False)
    assert after.status_code == 302 and "/akun/masuk/" in after.headers["Location"]


class RssSampler(threading.Thread):
    """Samples a node's resident memory every 50 ms until stopped."""

    def __init__(self, cluster: Cluster, node: str) -> None:
        super().__init__(daemon=True)
        self.cluster, self.node = cluster, node
        self.samples: list[float] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.samples.append(self.cluster.rss_mb(self.node))
            time.sleep(0.05)

    def stop(self) -> float:
        self.done.set()
        self.join(5)
        return max(self.samples)


def _make_file(folder: Path) -> tuple[Path, str]:
    path = folder / "penawaran-200mb.rhs"
    digest = hashlib.sha256()
    with path.open("wb") as out:
        for _ in range(SIZE // CHUNK):
            block = os.urandom(CHUNK)  # incompressible: the zip really holds 200 MB
            digest.update(block)
            out.write(block)
    return path, digest.hexdigest()


def test_200_mb_uploaded_on_node_a_downloads_and_zips_on_node_b_with_flat_memory(
    cluster: Cluster,
) -> None:
    (token,) = cluster.tokens("ppk1")
    auth = {"Authorization": f"Bearer {token}"}
    form = TicketForm.of(cluster)
    with tempfile.TemporaryDirectory(prefix="cluster-200mb-") as folder:
        source, digest = _make_file(Path(folder))
        # Warm node A's processes first (imports, the S3 client): the growth measured below is
        # the upload's, not a first request's.
        for n in range(4):
            warm = requests.post(
                f"{cluster.node(0)}/api/v1/tickets",
                data=form.fields(f"Uji cluster pemanasan {n}"),
                files={"files": ("kecil.rhs", os.urandom(64 * 1024), "application/octet-stream")},
                headers=auth,
                timeout=120,
            )
            assert warm.status_code == 201, warm.text[:500]
        node_a = RssSampler(cluster, "app1")
        node_a.start()
        base_a = cluster.rss_mb("app1")
        begun = time.monotonic()
        with source.open("rb") as handle, httpx.Client(timeout=600) as client:
            created = client.post(
                f"{cluster.node(0)}/api/v1/tickets",
                data=form.fields("Uji cluster 200 MB"),
                files={"files": (source.name, handle, "application/octet-stream")},
                headers={**auth, "Idempotency-Key": str(uuid.uuid4())},
            )
        upload_seconds = time.monotonic() - begun
        peak_a = node_a.stop()
        assert created.status_code == 201, created.text[:1000]
        ticket = created.json()
        (attachment,) = ticket["attachments"]
        assert attachment["size"] == SIZE

        node_b = RssSampler(cluster, "app2")
        base_b = cluster.rss_mb("app2")
        node_b.start()
        begun = time.monotonic()
        got = hashlib.sha256()
        browser = requests.Session()  # the page's link: the reporter's session, on node B
        assert login(browser, cluster.node(1), "ppk1").status_code == 302
        with browser.get(
            f"{cluster.node(1)}{attachment['url']}", stream=True, timeout=300
        ) as download:
            assert download.status_code == 200, download.text[:500]
            assert download.url.startswith(cluster.node(1)), download.url
            for block in download.iter_content(CHUNK):
                got.update(block)
        download_seconds = time.monotonic() - begun
        begun = time.monotonic()
        archive = Path(folder) / "lampiran.zip"
        with requests.get(
            f"{cluster.node(1)}/api/v1/tickets/{ticket['number']}/attachments.zip",
            headers=auth,
            stream=True,
            timeout=300,
        ) as zipped:
            assert zipped.status_code == 200, zipped.text[:500]
            with archive.open("wb") as out:
                for block in zipped.iter_content(CHUNK):
                    out.write(block)
        zip_seconds = time.monotonic() - begun
        peak_b = node_b.stop()
        assert got.hexdigest() == digest
        with zipfile.ZipFile(archive) as opened:
            (member,) = opened.infolist()
            assert member.file_size == SIZE
            inside = hashlib.sha256()
            with opened.open(member) as stream:
                while block := stream.read(CHUNK):
                    inside.update(block)
        assert inside.hexdigest() == digest
    print(
        f"\n200 MB: upload via node A {upload_seconds:.1f}s (RSS {base_a:.0f} → peak "
        f"{peak_a:.0f} MB); node B download {download_seconds:.1f}s, zip {zip_seconds:.1f}s "
        f"(RSS {base_b:.0f} → peak {peak_b:.0f} MB, growth {peak_b - base_b:.0f} MB)"
    )
    assert peak_b - base_b < RSS_GROWTH_MB
    assert peak_a - base_a < RSS_GROWTH_MB
