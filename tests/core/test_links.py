"""``SITE_URL`` and absolute links (issue 13 item 6): a path of this site becomes a full link on
``SITE_URL``, anything else is refused; a malformed ``SITE_URL`` is an error and a production
``SITE_URL`` that mail clients cannot open is a deploy warning."""

from __future__ import annotations

from typing import Any

import pytest

from lpse_support.core.checks import site_url_in_production, site_url_is_a_site_address
from lpse_support.core.links import absolute_url, site_origin


def test_absolute_url_joins_site_url_and_path(settings: Any) -> None:
    settings.SITE_URL = "https://lpse-support.lkpp.go.id"
    assert (
        absolute_url("/tiket/TPS2611280001/")
        == "https://lpse-support.lkpp.go.id/tiket/TPS2611280001/"
    )
    assert site_origin() == ("https", "lpse-support.lkpp.go.id")
    settings.SITE_URL = "http://127.0.0.1:8000/"
    assert absolute_url("/") == "http://127.0.0.1:8000/"
    assert site_origin() == ("http", "127.0.0.1:8000")


@pytest.mark.parametrize(
    "path", ["tiket/1/", "//evil.example/x", "https://evil.example/", "", "javascript:alert(1)"]
)
def test_absolute_url_takes_only_a_path_of_this_site(path: str) -> None:
    with pytest.raises(ValueError, match="path of this site"):
        absolute_url(path)


@pytest.mark.parametrize(
    "value",
    [
        "lpse-support.lkpp.go.id",
        "ftp://lpse.go.id",
        "https://",
        "https://x.go.id/dukungan",
        "https://x.go.id/?a=1",
        "https://x.go.id/#top",
    ],
)
def test_a_malformed_site_url_is_an_error(settings: Any, value: str) -> None:
    settings.SITE_URL = value
    [error] = site_url_is_a_site_address()
    assert error.id == "lpse_support.E020"


@pytest.mark.parametrize(
    "value", ["https://lpse-support.lkpp.go.id", "http://127.0.0.1:8000", "http://[::1]:8000"]
)
def test_a_site_address_passes(settings: Any, value: str) -> None:
    settings.SITE_URL = value
    assert site_url_is_a_site_address() == []


@pytest.mark.parametrize(
    ("value", "warned"),
    [
        ("https://lpse-support.lkpp.go.id", False),
        ("http://lpse-support.lkpp.go.id", True),
        ("http://127.0.0.1:8000", True),
        ("https://localhost", True),
        ("https://127.0.1.1", True),
    ],
)
def test_production_warns_about_a_site_url_mail_clients_cannot_open(
    settings: Any, value: str, warned: bool
) -> None:
    settings.DEBUG = False
    settings.SITE_URL = value
    assert [w.id for w in site_url_in_production()] == (["lpse_support.W020"] if warned else [])
    settings.DEBUG = True
    assert site_url_in_production() == []
