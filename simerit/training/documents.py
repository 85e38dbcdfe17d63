"""The certificate of a completed training as a PDF (landscape A4).

It states who (name with academic titles, NIP), what (programme, class, provider, dates, JP) and
the number and issue date, with a QR code to the public verification page of that number. It is
drawn ONLY from the certificate row's own fields, frozen at issue (never from the employee, the
programme or the class it points to), in ReportLab's invariant mode (no clock read, no random
document id): the same row gives the same bytes every time, so the SHA-256 stored at issue is that
of every later download, whatever is corrected in the employee's or the training's data since.
(The institution's name and the public address come from the settings.)"""

import hashlib

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
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

from simerit.core.dates import WIB, format_date_id
from simerit.core.pdf import build_a4, escape_markup, grid_style, qr_image
from simerit.training.models import Certificate
from simerit.training.rules.certificates import period_text
from simerit.training.rules.jp import format_jp

# Landscape A4 (29.7 cm) with 1.8 cm margins leaves 26.1 cm: the facts and the QR code beside them.
FACTS_WIDTHS_CM = (5.0, 13.6)
QR_COLUMN_CM = 7.5
QR_SIZE_CM = 4.2


def verification_url(number: str) -> str:
    """The absolute address of the public verification page of `number` (what the QR holds)."""
    path = reverse("training:certificate-verify-number", args=[number])
    return f"{settings.SIMERIT_PUBLIC_URL}{path}"


def certificate_filename(certificate: Certificate) -> str:
    """Named by number only: no name, no NIP in a file name that travels by e-mail."""
    return f"sertifikat-{certificate.number}.pdf"


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _facts(certificate: Certificate, cell: ParagraphStyle, label: ParagraphStyle) -> Table:
    issued_on = timezone.localtime(certificate.issued_at, WIB).date()
    rows = [
        ("Program", certificate.programme_name),
        ("Kelas/angkatan", certificate.class_name),
        ("Penyelenggara", certificate.provider),
        ("Tanggal pelaksanaan", period_text(certificate.starts_on, certificate.ends_on)),
        ("Jumlah jam pelajaran", f"{format_jp(certificate.jp)} JP"),
        ("Nomor sertifikat", certificate.number),
        ("Tanggal terbit", format_date_id(issued_on)),
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
        Paragraph("Pindai untuk memeriksa keaslian sertifikat ini, atau buka:", small),
        Paragraph(escape_markup(url), small),
    ]


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as issued (a revoked one prints the same: the verification page says it
    was revoked). Reads no related row."""
    styles = getSampleStyleSheet()
    centred = ParagraphStyle("centred", parent=styles["Normal"], alignment=TA_CENTER, fontSize=12)
    institution = ParagraphStyle("institution", parent=centred, fontSize=13, leading=16)
    title = ParagraphStyle("title", parent=styles["Title"], fontSize=30, leading=36)
    name = ParagraphStyle(
        "name", parent=centred, fontName="Helvetica-Bold", fontSize=22, leading=28
    )
    cell = ParagraphStyle("cell", parent=styles["Normal"], fontSize=10, leading=12)
    label = ParagraphStyle("label", parent=cell, fontName="Helvetica-Bold")
    small = ParagraphStyle("small", parent=styles["Normal"], fontSize=7.5, leading=9)
    url = verification_url(certificate.number)
    body = Table(
        [[_facts(certificate, cell, label), _qr_column(url, small)]],
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
        Paragraph("SERTIFIKAT", title),
        Paragraph("diberikan kepada", centred),
        Spacer(1, 0.3 * cm),
        Paragraph(escape_markup(certificate.holder_name), name),
        Paragraph(f"NIP {escape_markup(certificate.holder_nip)}", centred),
        Spacer(1, 0.3 * cm),
        Paragraph("yang telah menyelesaikan pelatihan dengan keterangan berikut.", centred),
        Spacer(1, 0.5 * cm),
        body,
    ]
    return build_a4(
        story,
        title=f"Sertifikat {certificate.number}",
        landscape_pages=True,
        invariant=True,
        margin_cm=1.8,
    )
