"""Export PDF of one ticket (R-PRINT) with reportlab's platypus: the same content as the print
page, built from the same ``TicketDetail`` (internal notes already filtered for the reader).

Every piece of user text goes through ``_text`` (XML-escaped) because platypus paragraphs parse a
mini-markup: an unescaped "<b>" or "&" in a title would change the layout or break the build.
Helvetica covers Latin-1/cp1252, which is all Indonesian needs.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import datetime
from xml.sax.saxutils import escape

from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from lpse_support.tickets.selectors_detail import TicketDetail

# Tests switch these off to read the text of the generated file without a PDF parser.
PAGE_COMPRESSION = True
INVARIANT = False

BRAND = colors.HexColor("#0b3d6e")
GRID = colors.HexColor("#c9d2dc")
SHADE = colors.HexColor("#eef2f7")
MUTED = colors.HexColor("#5a6470")


def local_time(value: datetime | None) -> str:
    """``dd/mm/yyyy HH:MM WIB`` in Asia/Jakarta, or "—"."""
    if value is None:
        return "—"
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") + " WIB"


def _text(value: object) -> str:
    """User text made safe for platypus markup, line breaks kept."""
    return escape(str(value if value not in (None, "") else "—")).replace("\n", "<br/>")


class _Styles:
    def __init__(self) -> None:
        base = getSampleStyleSheet()
        self.body = ParagraphStyle(
            "body", parent=base["BodyText"], fontName="Helvetica", fontSize=9, leading=12
        )
        self.small = ParagraphStyle("small", parent=self.body, fontSize=8, textColor=MUTED)
        self.label = ParagraphStyle("label", parent=self.body, fontName="Helvetica-Bold")
        self.title = ParagraphStyle(
            "title",
            parent=base["Title"],
            fontName="Helvetica-Bold",
            fontSize=15,
            leading=19,
            textColor=BRAND,
            alignment=0,
            spaceAfter=2,
        )
        self.subtitle = ParagraphStyle(
            "subtitle", parent=self.body, fontName="Helvetica-Bold", fontSize=11, leading=14
        )
        self.heading = ParagraphStyle(
            "heading",
            parent=base["Heading2"],
            fontName="Helvetica-Bold",
            fontSize=11,
            leading=14,
            textColor=BRAND,
            spaceBefore=8,
            spaceAfter=4,
        )
        self.right = ParagraphStyle("right", parent=self.small, alignment=TA_RIGHT)


def _field_table(rows: Iterable[tuple[str, str]], styles: _Styles) -> Table:
    data = [
        [Paragraph(_text(label), styles.label), Paragraph(value, styles.body)]
        for label, value in rows
    ]
    table = Table(data, colWidths=[45 * mm, None], hAlign="LEFT")
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
    """Label and (escaped) value of every field of the ticket, in page order."""
    ticket = detail.ticket
    return [
        (_("Nomor Tiket"), _text(ticket.number)),
        (_("Status"), _text(ticket.get_status_display())),
        (_("Judul"), _text(ticket.title)),
        (_("Dibuat Oleh"), _text(ticket.reporter.get_full_name())),
        (_("Email"), _text(ticket.reporter.email)),
        (_("Kategori Pelapor"), _text(ticket.reporter_category.name)),
        (_("Asal LPSE"), _text(ticket.reporter_lpse.name if ticket.reporter_lpse else "")),
        (_("Aplikasi"), _text(f"{ticket.application.name} {ticket.version.name}")),
        (
            _("Kategori / Sub Kategori"),
            _text(f"{ticket.category.name} / {ticket.subcategory.name}"),
        ),
        (_("Jenis Tiket"), _text(ticket.ticket_type.name)),
        (_("Kode Error"), _text(ticket.error_code)),
        (_("Prioritas"), _text(ticket.priority.name)),
        (_("Dibuat Pada"), _text(local_time(ticket.created_at))),
        (_("Lama Pengerjaan"), _text(_("%(days)d Hari") % {"days": ticket.handling_days})),
        (_("Posisi Tiket"), _text(ticket.position)),
        (_("Tim"), _text(ticket.team.name)),
        (_("Petugas"), _text(ticket.assignee.get_full_name() if ticket.assignee else "")),
    ] + [
        (
            line.label,
            _text(f"{local_time(line.due_at)} ({line.target}) — {line.text}"),
        )
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
        (_("Kode Tender"), _text(tender.code)),
        (_("Nama Paket"), _text(tender.name)),
        (_("LPSE"), _text(tender.lpse_name)),
        (_("Satker"), _text(tender.satker)),
        (_("Tahun Anggaran"), _text(tender.fiscal_year or "")),
        (_("Nilai HPS"), _text(detail.hps_text)),
        (_("Kategori pengadaan"), _text(tender.procurement_category)),
        (_("Metode"), _text(tender.method)),
        (_("Build SPSE"), _text(tender.spse_build)),
        (_("Tahapan saat tiket dibuat"), _text(stage)),
        (
            _("Sumber"),
            _text(_("Isi manual") if tender.source == "manual" else _("Data warehouse LKPP")),
        ),
    ]


def _bullets(items: list[str], styles: _Styles) -> ListFlowable:
    return ListFlowable(
        [ListItem(Paragraph(item, styles.body), leftIndent=10) for item in items],
        bulletType="bullet",
        start="•",
        leftIndent=10,
        bulletFontSize=8,
    )


def _discussion(detail: TicketDetail, styles: _Styles) -> list[Flowable]:
    if not detail.messages:
        return [Paragraph(_text(_("Belum ada pesan.")), styles.small)]
    story: list[Flowable] = []
    for message in detail.messages:
        author = message.author.get_full_name() if message.author else _("Sistem")
        header = f"<b>{_text(author)}</b> · {_text(message.get_side_display())}"
        if message.is_internal:
            header += f" · <b>{_text(_('Catatan internal'))}</b>"
        parts: list[Flowable] = [
            Paragraph(header, styles.body),
            Paragraph(_text(message.body), styles.body),
        ]
        names = [attachment.original_name for attachment in message.attachments.all()]
        if names:
            parts.append(
                Paragraph(
                    _text(_("Lampiran: %(names)s") % {"names": ", ".join(names)}), styles.small
                )
            )
        sent = _("Dikirim pada %(time)s") % {"time": local_time(message.created_at)}
        parts.append(Paragraph(_text(sent), styles.small))
        table = Table([[parts]], colWidths=["100%"])
        background = colors.HexColor("#fff8e1") if message.is_internal else colors.white
        table.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 0.5, GRID),
                    ("BACKGROUND", (0, 0), (-1, -1), background),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        story += [KeepTogether([table]), Spacer(1, 4)]
    return story


def _history(detail: TicketDetail, styles: _Styles) -> Table:
    data = [
        [
            Paragraph(f"<b>{_text(head)}</b>", styles.body)
            for head in (_("Waktu"), _("Oleh"), _("Tindakan"), _("Status"))
        ]
    ]
    for row in detail.events:
        event = row.event
        data.append(
            [
                Paragraph(_text(local_time(event.created_at)), styles.body),
                Paragraph(
                    _text(event.actor.get_full_name() if event.actor else _("Sistem")), styles.body
                ),
                Paragraph(_text(row.label), styles.body),
                Paragraph(_text(event.get_to_status_display()), styles.body),
            ]
        )
    table = Table(data, colWidths=[35 * mm, 50 * mm, None, 40 * mm], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def build_story(detail: TicketDetail, printed_at: datetime) -> list[Flowable]:
    styles = _Styles()
    ticket = detail.ticket
    story: list[Flowable] = [
        Paragraph(_text(_("Detail Tiket %(number)s") % {"number": ticket.number}), styles.title),
        Paragraph(_text(ticket.title), styles.subtitle),
        Paragraph(
            _text(_("LPSE Support · dicetak pada %(time)s") % {"time": local_time(printed_at)}),
            styles.small,
        ),
        Spacer(1, 6),
        _field_table(ticket_rows(detail), styles),
        Paragraph(_text(_("Alasan prioritas")), styles.heading),
    ]
    reasons = [_text(reason) for reason in ticket.priority_reasons or []]
    story.append(_bullets(reasons, styles) if reasons else Paragraph(_text(""), styles.body))
    tender = tender_rows(detail)
    if tender:
        story += [Paragraph(_text(_("Data Tender")), styles.heading), _field_table(tender, styles)]
    story += [
        Paragraph(_text(_("Deskripsi Tiket")), styles.heading),
        Paragraph(_text(ticket.description), styles.body),
        Paragraph(_text(_("File Upload")), styles.heading),
    ]
    if detail.attachments:
        story.append(
            _bullets(
                [
                    f"{_text(item.original_name)} ({_text(filesizeformat(item.size))}, "
                    f"{_text(item.get_side_display())})"
                    for item in detail.attachments
                ],
                styles,
            )
        )
    else:
        story.append(Paragraph(_text(_("Tidak ada file yang di-upload")), styles.body))
    story.append(Paragraph(_text(_("Diskusi")), styles.heading))
    story += _discussion(detail, styles)
    story += [Paragraph(_text(_("Riwayat Tiket")), styles.heading), _history(detail, styles)]
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
        subject=detail.ticket.title,
        creator="LPSE Support",
        pageCompression=1 if PAGE_COMPRESSION else 0,
        invariant=1 if INVARIANT else 0,
    )
    document.build(build_story(detail, printed_at), onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()
