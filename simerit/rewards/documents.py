"""The piagam (award certificate) as a PDF (landscape A4).

It states who (name with academic titles, NIP, unit), what (the award and its year), the decree
(Keppres/SK number and date) and the piagam number, with a QR code to the public check of that
number. It is drawn ONLY from the grant row's own fields, frozen when granted (never from the
employee or the award it points to), in ReportLab's invariant mode (no clock read, no random
document id): the same row gives the same bytes every time, so the SHA-256 stored when granting
is that of every later download. (The institution's name and the public address come from the
settings.)"""

import hashlib

from django.conf import settings
from django.urls import reverse
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

from simerit.core.dates import format_date_id
from simerit.core.pdf import build_a4, escape_markup, grid_style, qr_image
from simerit.rewards.models import Grant

# Landscape A4 (29.7 cm) with 1.8 cm margins leaves 26.1 cm: the facts and the QR code beside them.
FACTS_WIDTHS_CM = (5.0, 13.6)
QR_COLUMN_CM = 7.5
QR_SIZE_CM = 4.2


def verification_url(number: str) -> str:
    """The absolute address of the public check of `number` (what the QR holds)."""
    path = reverse("rewards:grant_verify_number", args=[number])
    return f"{settings.SIMERIT_PUBLIC_URL}{path}"


def grant_filename(grant: Grant) -> str:
    """Named by number only: no name, no NIP in a file name that travels by e-mail."""
    return f"piagam-{grant.number}.pdf"


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _facts(grant: Grant, cell: ParagraphStyle, label: ParagraphStyle) -> Table:
    rows = [
        ("Penghargaan", grant.award_name),
        ("Tahun", str(grant.year)),
        ("Unit kerja", grant.unit_name),
        ("Nomor keputusan", grant.decree_number),
        ("Tanggal pemberian", format_date_id(grant.granted_on)),
        ("Nomor piagam", grant.number),
    ]
    table = Table(
        [[Paragraph(name, label), Paragraph(escape_markup(value), cell)] for name, value in rows],
        colWidths=[width * cm for width in FACTS_WIDTHS_CM],
    )
    table.setStyle(grid_style(font_size=cell.fontSize))
    return table


def _qr_column(url: str, small: ParagraphStyle) -> list[Flowable]:
    return [
        qr_image(url, size_cm=QR_SIZE_CM),
        Paragraph("Pindai untuk memeriksa keaslian piagam ini, atau buka:", small),
        Paragraph(escape_markup(url), small),
    ]


def grant_pdf(grant: Grant) -> bytes:
    """The piagam as granted (a revoked one prints the same: the public check says it was
    revoked). Reads no related row."""
    styles = getSampleStyleSheet()
    centred = ParagraphStyle("centred", parent=styles["Normal"], alignment=TA_CENTER, fontSize=12)
    institution = ParagraphStyle("institution", parent=centred, fontSize=13, leading=16)
    title = ParagraphStyle("title", parent=styles["Title"], fontSize=30, leading=36)
    name = ParagraphStyle(
        "name", parent=centred, fontName="Helvetica-Bold", fontSize=22, leading=28
    )
    award = ParagraphStyle(
        "award", parent=centred, fontName="Helvetica-Bold", fontSize=15, leading=19
    )
    cell = ParagraphStyle("cell", parent=styles["Normal"], fontSize=10, leading=12)
    label = ParagraphStyle("label", parent=cell, fontName="Helvetica-Bold")
    small = ParagraphStyle("small", parent=styles["Normal"], fontSize=7.5, leading=9)
    url = verification_url(grant.number)
    body = Table(
        [[_facts(grant, cell, label), _qr_column(url, small)]],
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
        Paragraph("PIAGAM PENGHARGAAN", title),
        Paragraph("diberikan kepada", centred),
        Spacer(1, 0.3 * cm),
        Paragraph(escape_markup(grant.holder_name), name),
        Paragraph(f"NIP {escape_markup(grant.holder_nip)}", centred),
        Spacer(1, 0.3 * cm),
        Paragraph("atas pengabdian dan prestasinya, berupa", centred),
        Paragraph(escape_markup(grant.award_name), award),
        Spacer(1, 0.5 * cm),
        body,
    ]
    return build_a4(
        story,
        title=f"Piagam {grant.number}",
        landscape_pages=True,
        invariant=True,
        margin_cm=1.8,
    )
