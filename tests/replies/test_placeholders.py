"""The placeholder set: known names fill in, anything else is refused in Indonesian."""

from __future__ import annotations

import pytest

from lpse_support.core.errors import InvalidInput
from lpse_support.replies.placeholders import PLACEHOLDERS, fill, placeholders_in


def test_known_placeholders_are_listed_and_filled() -> None:
    body = "Yth. {nama_pelapor}, tiket {nomor_tiket} ({aplikasi}: {judul}) — {nama_petugas}, {tim}"
    assert placeholders_in(body) == list(PLACEHOLDERS)
    values = {name: name.upper() for name in PLACEHOLDERS}
    assert fill(body, values) == (
        "Yth. NAMA_PELAPOR, tiket NOMOR_TIKET (APLIKASI: JUDUL) — NAMA_PETUGAS, TIM"
    )


def test_doubled_braces_are_literal() -> None:
    assert placeholders_in("kode {{contoh}}") == []
    assert fill("kode {{contoh}} {judul}", {"judul": "X"}) == "kode {contoh} X"


@pytest.mark.parametrize(
    "body, shown",
    [
        ("Halo {nama}", "{nama}"),
        ("Halo {nama_pelapor.__class__}", "{nama_pelapor.__class__}"),
        ("Halo {judul:>9999}", "{judul:>9999}"),
        ("Halo {judul!r}", "{judul!r}"),
        ("Halo {0}", "{0}"),
        ("Halo {}", "{}"),
    ],
)
def test_unknown_or_formatted_placeholders_are_refused(body: str, shown: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        placeholders_in(body)
    assert refused.value.field == "body"
    assert f"Placeholder {shown} tidak dikenal" in refused.value.message
    assert "{nama_pelapor}" in refused.value.message


@pytest.mark.parametrize("body", ["Halo {nama_pelapor", "Halo }", "{"])
def test_unbalanced_braces_are_refused(body: str) -> None:
    with pytest.raises(InvalidInput, match="Kurung kurawal tidak berpasangan"):
        placeholders_in(body)
