"""The receipt (bukti pendaftaran) of a submitted application, as a PDF with a QR code.

The QR code and the printed link lead to a public page that confirms the receipt is genuine
(verification_url). The PDF is drawn from the submitted application each time it is asked for:
after submission nothing it shows can change, so there is nothing to store.
"""

from django.conf import settings
from django.urls import reverse
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import cm  # type: ignore[import-untyped]
from reportlab.platypus import Paragraph, Spacer, Table  # type: ignore[import-untyped]

from simerit.core.dates import format_datetime_wib
from simerit.core.pdf import (
    build_a4,
    escape_markup,
    facts_table,
    grid_style,
    letterhead,
    qr_image,
)
from simerit.employees.rules import mask_nik
from simerit.recruitment.models import Application, ApplicationDocument
from simerit.recruitment.uploads import FORMAT_LABELS, format_kb

SHA256_PREFIX_LENGTH = 16


def verification_url(application: Application) -> str:
    path = reverse("recruitment:receipt-verify", args=[application.receipt_key])
    return f"{settings.SIMERIT_PUBLIC_URL}{path}"


def receipt_filename(application: Application) -> str:
    return f"bukti-pendaftaran-{application.registration_number}.pdf"


def render_receipt(application: Application, documents: list[ApplicationDocument]) -> bytes:
    """The receipt PDF of a submitted application."""
    if application.submitted_at is None:
        raise ValueError("Only a submitted application has a receipt.")
    styles = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=styles["Normal"], fontSize=8, leading=10)
    cell = ParagraphStyle("cell", parent=styles["Normal"], fontSize=9, leading=11)
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
    document_rows = [["Dokumen", "Format", "Ukuran", "SHA-256 (awal)"]] + [
        [
            Paragraph(escape_markup(doc.kind.name), cell),
            FORMAT_LABELS.get(doc.file_format, doc.file_format.upper()),
            format_kb(doc.size_bytes),
            doc.sha256[:SHA256_PREFIX_LENGTH],
        ]
        for doc in documents
    ]
    document_table = Table(document_rows, colWidths=[7 * cm, 2 * cm, 2.5 * cm, 5 * cm])
    document_table.setStyle(grid_style(header=True))
    story = [
        *letterhead(title="Bukti Pendaftaran Seleksi", subtitle=str(application.period)),
        Spacer(1, 0.3 * cm),
        facts_table(rows, cell=cell),
        Spacer(1, 0.5 * cm),
        Paragraph("Dokumen yang dikirim", styles["Heading4"]),
        document_table,
        Spacer(1, 0.6 * cm),
        qr_image(url, size_cm=4),
        Paragraph("Pindai kode QR atau buka alamat berikut untuk memeriksa keaslian bukti:", small),
        Paragraph(escape_markup(url), small),
        Spacer(1, 0.3 * cm),
        Paragraph(
            "Simpan bukti ini. Lamaran sudah dikunci: dokumen tidak dapat diubah lagi. Hasil "
            "seleksi administrasi diumumkan sesuai jadwal periode seleksi.",
            small,
        ),
    ]
    return build_a4(story, title=f"Bukti pendaftaran {application.registration_number}")
