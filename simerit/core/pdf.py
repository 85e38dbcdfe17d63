"""The plumbing shared by the PDFs SiMerit prints (registration receipt, exam card).

ReportLab and segno only: an A4 page with the institution as author, tables with a grey grid,
a QR code image and Paragraph-safe text (dates and times: core/dates.py). What a document says
stays in its own app.
"""

import io
from collections.abc import Sequence

import segno
from django.conf import settings
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import cm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Flowable,
    Image,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

# The label and value columns of a facts table (A4 with 2 cm margins).
LABEL_WIDTH_CM = 4.5
VALUE_WIDTH_CM = 12.0


def escape_markup(text: str) -> str:
    """Paragraph text is a small markup language: names with & or < must not break it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def grid_style(*, header: bool = False, font_size: float = 9) -> TableStyle:
    """A grey grid, cells aligned to the top, plain-text cells in `font_size` points; with
    `header`, a bold first row on light grey."""
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTSIZE", (0, 0), (-1, -1), font_size),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
            ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ]
    return TableStyle(commands)


def facts_table(rows: Sequence[tuple[str, str]], *, cell: ParagraphStyle) -> Table:
    """Label / value rows in a grid: labels bold, values escaped, both in the `cell` style."""
    label = ParagraphStyle("label", parent=cell, fontName="Helvetica-Bold")
    table = Table(
        [[Paragraph(name, label), Paragraph(escape_markup(value), cell)] for name, value in rows],
        colWidths=[LABEL_WIDTH_CM * cm, VALUE_WIDTH_CM * cm],
    )
    table.setStyle(grid_style(font_size=cell.fontSize))
    return table


def letterhead(*, title: str, subtitle: str) -> list[Flowable]:
    """The institution's name, the document title and a subtitle (e.g. the selection period)."""
    styles = getSampleStyleSheet()
    return [
        Paragraph(escape_markup(settings.INSTANSI_NAME), styles["Normal"]),
        Paragraph(escape_markup(title), styles["Title"]),
        Paragraph(escape_markup(subtitle), styles["Heading3"]),
    ]


def qr_png(url: str) -> bytes:
    """The QR code of `url` as a PNG (error correction M, 4 px a module, 2-module border)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=4, border=2)
    return out.getvalue()


def qr_image(url: str, *, size_cm: float = 4.0) -> Image:
    """The QR code of `url` as a square image flowable."""
    return Image(io.BytesIO(qr_png(url)), width=size_cm * cm, height=size_cm * cm)


def build_a4(
    story: Sequence[Flowable],
    *,
    title: str,
    landscape_pages: bool = False,
    invariant: bool = False,
    margin_cm: float | None = None,
) -> bytes:
    """The PDF of `story` on A4 pages (portrait, or landscape), with `title` and SiMerit and the
    institution as author. `invariant`: no creation date and no random document id, so the same
    story gives the same bytes (documents whose hash or content is compared)."""
    out = io.BytesIO()
    # 2 cm beside and 1.8 cm above and below, unless one margin all round is asked for.
    side, upright = (2.0 * cm, 1.8 * cm) if margin_cm is None else (margin_cm * cm,) * 2
    SimpleDocTemplate(
        out,
        pagesize=landscape(A4) if landscape_pages else A4,
        title=title,
        author=f"SiMerit — {settings.INSTANSI_NAME}",
        leftMargin=side,
        rightMargin=side,
        topMargin=upright,
        bottomMargin=upright,
        invariant=1 if invariant else 0,
    ).build(list(story))
    return out.getvalue()
