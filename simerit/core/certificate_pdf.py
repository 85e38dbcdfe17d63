"""The frame of a landscape certificate PDF with a QR code to its public check (a training
certificate, a piagam).

The institution's name, a large heading, "diberikan kepada", the holder's name and NIP, the
citation, then the facts table with the QR code and its address beside it. What the document says
(heading, citation, facts, the address the QR holds) stays in its own app. ReportLab's invariant
mode (no clock read, no random document id): the same arguments give the same bytes every time,
so a SHA-256 stored at issue is that of every later download."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from reportlab.lib.enums import TA_CENTER  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import cm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from simerit.core.pdf import build_a4, escape_markup, grid_style, qr_image

# Landscape A4 (29.7 cm) with 1.8 cm margins leaves 26.1 cm: the facts and the QR code beside them.
FACTS_WIDTHS_CM = (5.0, 13.6)
QR_COLUMN_CM = 7.5
QR_SIZE_CM = 4.2
MARGIN_CM = 1.8


@dataclass(frozen=True)
class CertificateText:
    """What one certificate says. `heading` and `citation` are trusted markup; every other text
    is escaped. `emphasis`, when given, follows the citation in bold (the award's name).
    `document_name` ("sertifikat", "piagam") completes the line under the QR code."""

    title: str
    heading: str
    holder_name: str
    holder_nip: str
    citation: str
    facts: Sequence[tuple[str, str]]
    verification_url: str
    document_name: str
    emphasis: str | None = None


def _facts(rows: Sequence[tuple[str, str]], cell: ParagraphStyle, label: ParagraphStyle) -> Table:
    table = Table(
        [[Paragraph(name, label), Paragraph(escape_markup(value), cell)] for name, value in rows],
        colWidths=[width * cm for width in FACTS_WIDTHS_CM],
    )
    table.setStyle(grid_style(font_size=cell.fontSize))
    return table


def _qr_column(url: str, document_name: str, small: ParagraphStyle) -> list[Flowable]:
    return [
        qr_image(url, size_cm=QR_SIZE_CM),
        Paragraph(f"Pindai untuk memeriksa keaslian {document_name} ini, atau buka:", small),
        Paragraph(escape_markup(url), small),
    ]


def certificate_pdf(text: CertificateText) -> bytes:
    """The certificate on one landscape A4 page, byte-identical for the same `text`."""
    styles = getSampleStyleSheet()
    centred = ParagraphStyle("centred", parent=styles["Normal"], alignment=TA_CENTER, fontSize=12)
    institution = ParagraphStyle("institution", parent=centred, fontSize=13, leading=16)
    title = ParagraphStyle("title", parent=styles["Title"], fontSize=30, leading=36)
    name = ParagraphStyle(
        "name", parent=centred, fontName="Helvetica-Bold", fontSize=22, leading=28
    )
    emphasis = ParagraphStyle(
        "emphasis", parent=centred, fontName="Helvetica-Bold", fontSize=15, leading=19
    )
    cell = ParagraphStyle("cell", parent=styles["Normal"], fontSize=10, leading=12)
    label = ParagraphStyle("label", parent=cell, fontName="Helvetica-Bold")
    small = ParagraphStyle("small", parent=styles["Normal"], fontSize=7.5, leading=9)
    body = Table(
        [
            [
                _facts(text.facts, cell, label),
                _qr_column(text.verification_url, text.document_name, small),
            ]
        ],
        colWidths=[sum(FACTS_WIDTHS_CM) * cm, QR_COLUMN_CM * cm],
    )
    body.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (1, 0), (1, 0), 0.8 * cm),
            ]
        )
    )
    story: list[Flowable] = [
        Paragraph(escape_markup(settings.INSTANSI_NAME), institution),
        Paragraph(text.heading, title),
        Paragraph("diberikan kepada", centred),
        Spacer(1, 0.3 * cm),
        Paragraph(escape_markup(text.holder_name), name),
        Paragraph(f"NIP {escape_markup(text.holder_nip)}", centred),
        Spacer(1, 0.3 * cm),
        Paragraph(text.citation, centred),
    ]
    if text.emphasis is not None:
        story.append(Paragraph(escape_markup(text.emphasis), emphasis))
    story += [Spacer(1, 0.5 * cm), body]
    return build_a4(
        story, title=text.title, landscape_pages=True, invariant=True, margin_cm=MARGIN_CM
    )
