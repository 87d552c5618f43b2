"""Export PDF of one ticket (R-PRINT): the print page's template (``tickets/print.html``) rendered
with ``pdf`` in its context and converted by xhtml2pdf, so paper and screen are one document.

Safe against what a party stores (issue 10, row 1; docs/security.md "Exports and PDF"):

- User text is escaped by the template like everywhere else; the description and message bodies
  are drawn by ``PlainText`` (``pdf_text``) in linear time and never parsed as markup.
- What is drawn is bounded (``pdf_bounds``); every cut is announced in the document.
- Nothing is fetched: ``link_callback`` answers only for files under ``STATIC_URL`` that the
  static file finders know (the stylesheet), and the resource policy refuses the network and
  every other file even where xhtml2pdf does not ask ``link_callback``.

Helvetica covers Latin-1/cp1252, which is all Indonesian needs.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from reportlab import rl_config
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

from lpse_support.accounts.models import User
from lpse_support.tickets import pdf_text
from lpse_support.tickets.pdf_bounds import bounded
from lpse_support.tickets.selectors.detail import TicketDetail

# Tests switch these off to read the text of the generated file without a PDF parser.
PAGE_COMPRESSION = True
INVARIANT = False

# Stands in for every URL a document may not load: a scheme the resource policy refuses.
REFUSED = "refused:"

pdf_text.register()


class PdfRenderError(RuntimeError):
    """xhtml2pdf reported errors and made no usable document."""


def _static_roots() -> list[Path]:
    """The directories static files are read from: the collected files (production) and the
    directories the finders search (development, tests)."""
    roots = [Path(settings.STATIC_ROOT)] if settings.STATIC_ROOT else []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            if getattr(storage, "location", None):
                roots.append(Path(storage.location))
    return roots


def static_file(uri: str, _base: str | None = None) -> str:
    """``link_callback``: the path of a static file named by its URL (as ``{% static %}`` writes
    it, hashed in production), and ``REFUSED`` for any other URL: another scheme or host, a path
    outside ``STATIC_URL``, a query, a file that is not there."""
    prefix = str(settings.STATIC_URL or "/static/")
    if not isinstance(uri, str) or not uri.startswith(prefix) or "?" in uri or "#" in uri:
        return REFUSED
    name = uri[len(prefix) :]
    if not name or "\\" in name or ".." in Path(name).parts:
        return REFUSED
    for root in _static_roots():
        candidate = (root / name).resolve()
        if candidate.is_file() and candidate.is_relative_to(root.resolve()):
            return str(candidate)
    return REFUSED


def _policy() -> ResourceAccessPolicy:
    """No network at all; local reads only inside the static directories, also for the paths
    where xhtml2pdf does not ask ``link_callback`` (fonts, backgrounds)."""
    return ResourceAccessPolicy.server(
        base_dir=None,
        extra_roots=tuple(_static_roots()),
        allow_remote=False,
        max_render_seconds=None,
        max_document_bytes=None,
    )


@contextmanager
def _reportlab_output() -> Iterator[None]:
    """The tests' switches, set for the build only (reportlab reads them when it opens a page)."""
    saved = rl_config.pageCompression, rl_config.invariant
    rl_config.pageCompression = 1 if PAGE_COMPRESSION else 0
    rl_config.invariant = 1 if INVARIANT else 0
    try:
        yield
    finally:
        rl_config.pageCompression, rl_config.invariant = saved


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html``, loading nothing but static files."""
    buffer = io.BytesIO()
    with _reportlab_output():
        result = pisa.pisaDocument(
            html,
            dest=buffer,
            encoding="utf-8",
            link_callback=static_file,
            resource_policy=_policy(),
        )
    if result.err or not buffer.getvalue():
        raise PdfRenderError(f"xhtml2pdf reported {result.err} error(s)")
    return buffer.getvalue()


def render_ticket_pdf(
    detail: TicketDetail, *, printed_at: datetime | None = None, reader: User | None = None
) -> bytes:
    """The Export PDF of ``detail`` (already filtered for its reader), bounded (``pdf_bounds``)."""
    shown, cuts = bounded(detail)
    html = render_to_string(
        "tickets/print.html",
        {
            "detail": shown,
            "ticket": shown.ticket,
            "printed_at": printed_at or timezone.now(),
            "user": reader,
            "pdf": cuts,
        },
    )
    return html_to_pdf(html)
