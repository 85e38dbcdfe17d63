"""The receipt (bukti pendaftaran) of a submitted application, as a PDF with a QR code.

The QR code and the printed link lead to a public page that confirms the receipt is genuine
(verification_url). The PDF is drawn from the submitted application each time it is asked for:
after submission nothing it shows can change, so there is nothing to store.
"""

import datetime as dt
import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import cm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from simerit.employees.rules import mask_nik
from simerit.recruitment.models import Application, ApplicationDocument
from simerit.recruitment.rules import format_date_id
from simerit.recruitment.uploads import FORMAT_LABELS, format_kb

SHA256_PREFIX_LENGTH = 16


def verification_url(application: Application) -> str:
    path = reverse("recruitment:receipt-verify", args=[application.receipt_key])
    return f"{settings.SIMERIT_PUBLIC_URL}{path}"


def format_datetime_wib(value: dt.datetime) -> str:
    """12 Agustus 2026 pukul 14.05 WIB (Asia/Jakarta)."""
    local = timezone.localtime(value)
    return f"{format_date_id(local.date())} pukul {local:%H.%M} WIB"


def receipt_filename(application: Application) -> str:
    return f"bukti-pendaftaran-{application.registration_number}.pdf"


def render_receipt(application: Application, documents: list[ApplicationDocument]) -> bytes:
    """The receipt PDF of a submitted application."""
    if application.submitted_at is None:
        raise ValueError("Only a submitted application has a receipt.")
    styles = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=styles["Normal"], fontSize=8, leading=10)
    cell = ParagraphStyle("cell", parent=styles["Normal"], fontSize=9, leading=11)
    label_style = ParagraphStyle("label", parent=cell, fontName="Helvetica-Bold")
    formasi = application.formasi
    url = verification_url(application)
    rows = [
        ("Nomor pendaftaran", application.registration_number),
        ("Nama", application.applicant.name),
        ("NIK", mask_nik(application.applicant.nik)),
        ("Periode seleksi", str(application.period)),
        ("Formasi", f"{formasi.code} — {formasi.position.name}"),
        ("Unit penempatan", formasi.work_unit.name),
        ("Dikirim pada", format_datetime_wib(application.submitted_at)),
    ]
    identity = Table(
        [[Paragraph(label, label_style), Paragraph(_escape(value), cell)] for label, value in rows],
        colWidths=[4.5 * cm, 12 * cm],
    )
    identity.setStyle(_grid())
    document_rows = [["Dokumen", "Format", "Ukuran", "SHA-256 (awal)"]] + [
        [
            Paragraph(_escape(doc.kind.name), cell),
            FORMAT_LABELS.get(doc.file_format, doc.file_format.upper()),
            format_kb(doc.size_bytes),
            doc.sha256[:SHA256_PREFIX_LENGTH],
        ]
        for doc in documents
    ]
    document_table = Table(document_rows, colWidths=[7 * cm, 2 * cm, 2.5 * cm, 5 * cm])
    document_table.setStyle(_grid(header=True))
    qr = io.BytesIO()
    segno.make(url, error="m").save(qr, kind="png", scale=4, border=2)
    qr.seek(0)
    story = [
        Paragraph(_escape(settings.INSTANSI_NAME), styles["Normal"]),
        Paragraph("Bukti Pendaftaran Seleksi", styles["Title"]),
        Paragraph(_escape(str(application.period)), styles["Heading3"]),
        Spacer(1, 0.3 * cm),
        identity,
        Spacer(1, 0.5 * cm),
        Paragraph("Dokumen yang dikirim", styles["Heading4"]),
        document_table,
        Spacer(1, 0.6 * cm),
        Image(qr, width=4 * cm, height=4 * cm),
        Paragraph("Pindai kode QR atau buka alamat berikut untuk memeriksa keaslian bukti:", small),
        Paragraph(_escape(url), small),
        Spacer(1, 0.3 * cm),
        Paragraph(
            "Simpan bukti ini. Lamaran sudah dikunci: dokumen tidak dapat diubah lagi. Hasil "
            "seleksi administrasi diumumkan sesuai jadwal periode seleksi.",
            small,
        ),
    ]
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        title=f"Bukti pendaftaran {application.registration_number}",
        author=f"SiMerit — {settings.INSTANSI_NAME}",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
    ).build(story)
    return out.getvalue()


def _escape(value: str) -> str:
    """Paragraph text is a small markup language: names with & or < must not break it."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _grid(*, header: bool = False) -> TableStyle:
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
            ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ]
    return TableStyle(commands)
