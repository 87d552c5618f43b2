"""HEAD and Range on downloads (issue 10 row 14): a single range answers 206 with exactly those
bytes, If-Range honours the stored SHA-256, the zip says it has no ranges."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from lpse_support.tickets.models import TicketAttachment
from tests.security import scope_scene
from tests.security.scope_scene import (
    API,
    Scene,
    _logged_in,
    _streamed,
    _tokens,
)
from tests.support.uploads import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db

scene = scope_scene.scene


# --- row 14: HEAD and Range --------------------------------------------------------------------


def test_the_zip_says_it_has_no_ranges_and_no_length(scene: Scene) -> None:
    client = _logged_in(scene)
    url = reverse("tickets:attachments_zip", args=[scene.number])
    for response in (client.head(url), client.get(url)):
        _streamed(response)
        assert response["Accept-Ranges"] == "none"
        assert not response.has_header("Content-Length")
    api = Client(headers={"authorization": f"Bearer {_tokens(scene)['reporter']}"})
    api_zip = api.get(f"{API}/{scene.number}/attachments.zip")
    _streamed(api_zip)
    assert api_zip["Accept-Ranges"] == "none"


RANGES = [
    ("bytes=0-3", 0, 3),
    ("bytes=4-", 4, None),
    ("bytes=-5", -5, None),
    ("bytes=2-1000000", 2, None),
    ("bytes=-100000", 0, None),
]


@pytest.mark.parametrize(("header", "first", "last"), RANGES)
def test_a_single_range_answers_206_with_exactly_those_bytes(
    scene: Scene, header: str, first: int, last: int | None
) -> None:
    response = _logged_in(scene).get(
        reverse("tickets:attachment", args=[scene.number, 1]), headers={"range": header}
    )
    size = len(PNG_BYTES)
    start = first % size if first < 0 else first
    end = size - 1 if last is None else last
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{size}"
    assert response["Content-Length"] == str(end - start + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert _streamed(response) == PNG_BYTES[start : end + 1]


def test_an_unsatisfiable_range_is_416_and_several_ranges_get_the_whole_file(
    scene: Scene,
) -> None:
    client = _logged_in(scene)
    url = reverse("tickets:attachment", args=[scene.number, 2])
    beyond = client.get(url, headers={"range": f"bytes={len(PDF_BYTES)}-"})
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(PDF_BYTES)}"
    several = client.get(url, headers={"range": "bytes=0-1,4-5"})
    assert several.status_code == 200 and _streamed(several) == PDF_BYTES
    nonsense = client.get(url, headers={"range": "bytes=5-1"})
    assert nonsense.status_code == 200 and _streamed(nonsense) == PDF_BYTES


def test_if_range_serves_the_range_only_for_the_same_version(scene: Scene) -> None:
    client = _logged_in(scene)
    url = reverse("tickets:attachment", args=[scene.number, 1])
    whole = client.get(url)
    _streamed(whole)
    sha = TicketAttachment.objects.get(ticket__number=scene.number, sequence=1).sha256
    assert whole["ETag"] == f'"{sha}"'
    same = client.get(url, headers={"range": "bytes=0-3", "if-range": whole["ETag"]})
    assert same.status_code == 206 and _streamed(same) == PNG_BYTES[:4]
    by_date = client.get(url, headers={"range": "bytes=0-3", "if-range": whole["Last-Modified"]})
    assert by_date.status_code == 206
    _streamed(by_date)
    stale = client.get(url, headers={"range": "bytes=0-3", "if-range": '"0000"'})
    assert stale.status_code == 200 and _streamed(stale) == PNG_BYTES


def test_a_range_of_a_file_the_user_may_not_see_is_404(scene: Scene) -> None:
    response = _logged_in(scene).get(
        reverse("tickets:attachment", args=[scene.number, scene.internal_sequence]),
        headers={"range": "bytes=0-3"},
    )
    assert response.status_code == 404
