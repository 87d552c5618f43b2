"""The placeholders a Templat Balasan may use: their check on saving, their filling."""

from __future__ import annotations

from string import Formatter

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lpse_support.core.errors import InvalidInput

# name -> what it becomes (shown on the management page); the set is documented in docs/replies.md.
PLACEHOLDERS: dict[str, Promise] = {
    "nama_pelapor": _("Nama lengkap pelapor tiket"),
    "nomor_tiket": _("Nomor tiket, mis. S-P-20260101-0001"),
    "aplikasi": _("Nama aplikasi tiket"),
    "judul": _("Judul tiket"),
    "nama_petugas": _("Nama lengkap petugas yang mengirim pesan"),
    "tim": _("Nama tim yang menangani tiket"),
}

KNOWN = ", ".join("{" + key + "}" for key in PLACEHOLDERS)


def placeholders_in(body: str) -> list[str]:
    """The placeholder names ``body`` uses, in order. Refuses (``InvalidInput`` on ``body``) an
    unknown name, a lone brace, and any format spec or conversion (``{judul:>999}``, ``{judul!r}``):
    a template is plain text with names, nothing else. ``{{`` and ``}}`` are literal braces."""
    try:
        parts = list(Formatter().parse(body))
    except ValueError:
        raise InvalidInput(
            _("Kurung kurawal tidak berpasangan. Tulis {{ atau }} untuk kurung kurawal biasa."),
            field="body",
        ) from None
    names: list[str] = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            conversion_text = f"!{conversion}" if conversion else ""
            spec_text = f":{spec}" if spec else ""
            raise InvalidInput(
                _("Placeholder %(name)s tidak dikenal. Yang dapat dipakai: %(known)s."),
                field="body",
                name="{" + name + conversion_text + spec_text + "}",
                known=KNOWN,
            )
        names.append(name)
    return names


def fill(body: str, values: dict[str, str]) -> str:
    """``body`` with each placeholder replaced by its value (checked by ``placeholders_in``)."""
    placeholders_in(body)
    return body.format_map(values)
