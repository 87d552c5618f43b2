"""Export PDF of one ticket (R-PRINT) with reportlab's platypus: the same content as the print
page, built from the same ``TicketDetail`` (internal notes already filtered for the reader).

Every piece of user text is drawn by ``PlainText`` (``pdf_text``): never parsed as markup, wrapped
and split across pages in linear time, so no content can break the build (a message of any
length, an unbroken 10,000-character word, a long name) or make it slow (issue 10, row 1). What
is drawn is bounded (``pdf_discussion``: text budget, message and history counts; ``pdf_parts``:
field length); every cut says so and points to the application, which shows everything.
Helvetica covers Latin-1/cp1252, which is all Indonesian needs.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import datetime

from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from lpse_support.tickets.pdf_discussion import TextBudget, discussion, heading, history
from lpse_support.tickets.pdf_parts import GRID, MUTED, SHADE, Styles, field_value, local_time
from lpse_support.tickets.pdf_text import PlainText
from lpse_support.tickets.selectors.detail import TicketDetail

# Tests switch these off to read the text of the generated file without a PDF parser.
PAGE_COMPRESSION = True
INVARIANT = False


def _field_table(rows: Iterable[tuple[str, str]], styles: Styles) -> Table:
    data = [
        [PlainText(label, styles.label), PlainText(field_value(value), styles.body)]
        for label, value in rows
    ]
    table = Table(data, colWidths=[45 * mm, None], hAlign="LEFT", splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def ticket_rows(detail: TicketDetail) -> list[tuple[str, str]]:
    """Label and value of every field of the ticket, in page order."""
    ticket = detail.ticket
    return [
        (_("Nomor Tiket"), ticket.number),
        (_("Status"), ticket.get_status_display()),
        (_("Judul"), ticket.title),
        (_("Dibuat Oleh"), ticket.reporter.get_full_name()),
        (_("Email"), ticket.reporter.email),
        (_("Kategori Pelapor"), ticket.reporter_category.name),
        (_("Asal LPSE"), ticket.reporter_lpse.name if ticket.reporter_lpse else ""),
        (_("Aplikasi"), f"{ticket.application.name} {ticket.version.name}"),
        (_("Kategori / Sub Kategori"), f"{ticket.category.name} / {ticket.subcategory.name}"),
        (_("Jenis Tiket"), ticket.ticket_type.name),
        (_("Kode Error"), ticket.error_code),
        (_("Prioritas"), ticket.priority.name),
        (_("Dibuat Pada"), local_time(ticket.created_at)),
        (_("Lama Pengerjaan"), _("%(days)d Hari") % {"days": ticket.handling_days}),
        (_("Posisi Tiket"), ticket.position),
        (_("Tim"), ticket.team.name),
        (_("Petugas"), ticket.assignee.get_full_name() if ticket.assignee else ""),
    ] + [
        (line.label, f"{local_time(line.due_at)} ({line.target}) — {line.text}")
        for line in detail.sla
    ]


def tender_rows(detail: TicketDetail) -> list[tuple[str, str]]:
    tender = detail.tender
    if tender is None:
        return []
    stage = tender.stage_name
    if tender.stage_end is not None:
        stage = f"{stage} ({_('berakhir')} {local_time(tender.stage_end)})"
    return [
        (_("Kode Tender"), tender.code),
        (_("Nama Paket"), tender.name),
        (_("LPSE"), tender.lpse_name),
        (_("Satker"), tender.satker),
        (_("Tahun Anggaran"), str(tender.fiscal_year or "")),
        (_("Nilai HPS"), detail.hps_text),
        (_("Kategori pengadaan"), tender.procurement_category),
        (_("Metode"), tender.method),
        (_("Build SPSE"), tender.spse_build),
        (_("Tahapan saat tiket dibuat"), stage),
        (
            _("Sumber"),
            _("Isi manual") if tender.source == "manual" else _("Data warehouse LKPP"),
        ),
    ]


def _bullets(items: Iterable[str], styles: Styles) -> list[Flowable]:
    return [PlainText(f"• {item}", styles.bullet) for item in items]


def build_story(detail: TicketDetail, printed_at: datetime) -> list[Flowable]:
    styles = Styles()
    budget = TextBudget()
    ticket = detail.ticket
    story: list[Flowable] = [
        PlainText(_("Detail Tiket %(number)s") % {"number": ticket.number}, styles.title),
        PlainText(field_value(ticket.title), styles.subtitle),
        PlainText(
            _("LPSE Support · dicetak pada %(time)s") % {"time": local_time(printed_at)},
            styles.small,
        ),
        Spacer(1, 6),
        _field_table(ticket_rows(detail), styles),
        *heading(_("Alasan prioritas"), styles),
        *_bullets([field_value(reason) for reason in ticket.priority_reasons or []], styles),
    ]
    tender = tender_rows(detail)
    if tender:
        story += [*heading(_("Data Tender"), styles), _field_table(tender, styles)]
    story += heading(_("Deskripsi Tiket"), styles)
    shown, cut = budget.take(ticket.description)
    story.append(PlainText(shown, styles.body))
    if cut:
        story.append(PlainText(_("… deskripsi dipotong, lihat di aplikasi"), styles.note))
    story += heading(_("File Upload"), styles)
    if detail.attachments:
        story += _bullets(
            [
                f"{field_value(item.original_name)} ({filesizeformat(item.size)}, "
                f"{item.get_side_display()})"
                for item in detail.attachments
            ],
            styles,
        )
    else:
        story.append(PlainText(_("Tidak ada file yang di-upload"), styles.body))
    story += heading(_("Diskusi"), styles)
    story += discussion(detail.messages, budget, styles)
    story += heading(_("Riwayat Tiket"), styles)
    story += history(detail.events, styles)
    return story


def render_ticket_pdf(detail: TicketDetail, *, printed_at: datetime | None = None) -> bytes:
    number = detail.ticket.number
    printed_at = printed_at or timezone.now()
    footer_left = _("LPSE Support — Detail Tiket %(number)s") % {"number": number}

    def decorate(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(doc.leftMargin, 10 * mm, footer_left)
        canvas.drawRightString(
            A4[0] - doc.rightMargin,
            10 * mm,
            _("Halaman %(page)d") % {"page": canvas.getPageNumber()},
        )
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=_("Detail Tiket %(number)s") % {"number": number},
        author="LPSE Support",
        subject=field_value(detail.ticket.title),
        creator="LPSE Support",
        pageCompression=1 if PAGE_COMPRESSION else 0,
        invariant=1 if INVARIANT else 0,
    )
    document.build(build_story(detail, printed_at), onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
