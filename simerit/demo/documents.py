"""Small, valid, deterministic files for the demo applicants' uploads.

Every file is made in code from the applicant's name and the kind of document, so that the same
seed gives the same bytes. They pass the real upload checks (simerit.recruitment.uploads): a JPEG
that Pillow decodes and a one-page PDF that pypdf opens. They are placeholders, and they say so.
"""

import hashlib
import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A5  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

from simerit.recruitment.models import Application, DocumentKind

# Latar merah of the pas foto (domain reference §1.3); other images are light, like a scan.
PHOTO_BACKGROUND = (190, 30, 45)
SCAN_BACKGROUND = (236, 240, 244)
INK = (40, 40, 40)
IMAGE_SIZES = {"pas_foto": (90, 120), "swafoto": (120, 120), "ktp": (160, 100)}


def demo_upload(kind: DocumentKind, application: Application) -> ContentFile[bytes]:
    """The applicant's document of `kind`: a JPEG for the photos and the KTP, else a PDF."""
    name = application.applicant.name
    if kind.code in IMAGE_SIZES:
        return ContentFile(image_jpeg(kind=kind.code, name=name), name=f"{kind.code}.jpg")
    lines = _lines(kind.code, application)
    return ContentFile(
        document_pdf(title=kind.name, name=name, lines=lines), name=f"{kind.code}.pdf"
    )


def _lines(kind: str, application: Application) -> tuple[str, ...]:
    applicant = application.applicant
    level = applicant.education_level.name if applicant.education_level else ""
    if kind == "ijazah":
        return (f"Jenjang: {level}", f"Program studi: {applicant.education_major}")
    if kind == "transkrip":
        return (f"Program studi: {applicant.education_major}", f"IPK: {applicant.gpa}")
    if kind == "surat_lamaran":
        formasi = application.formasi
        return ("Kepada Yth. Wali Kota Palembang", f"Formasi: {formasi.code} {formasi.position}")
    if kind == "surat_pernyataan":
        return ("Bersedia ditempatkan di seluruh wilayah Kota Palembang.",)
    if kind == "str":
        return ("Surat Tanda Registrasi tenaga kesehatan", "Berlaku seumur hidup.")
    return ()


def _tint(text: str) -> tuple[int, int, int]:
    """A colour drawn from `text`, so that each person's picture differs a little."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return (90 + digest[0] % 120, 70 + digest[1] % 120, 60 + digest[2] % 120)


def image_jpeg(*, kind: str, name: str) -> bytes:
    """A small JPEG for a pas foto, a swafoto or a KTP scan."""
    width, height = IMAGE_SIZES.get(kind, (120, 90))
    background = PHOTO_BACKGROUND if kind == "pas_foto" else SCAN_BACKGROUND
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    face = _tint(name)
    if kind == "ktp":
        draw.rectangle((4, 4, width - 5, height - 5), outline=(60, 90, 160), width=2)
        draw.rectangle((width - 44, 22, width - 12, 62), fill=face)
        for line, y in enumerate(range(24, 80, 12)):
            draw.line((12, y, 12 + 70 - 8 * line, y), fill=INK, width=2)
        draw.text((12, 8), "KTP (CONTOH)", fill=INK)
    else:
        middle = width // 2
        draw.ellipse((middle - 18, 22, middle + 18, 62), fill=face)
        draw.rectangle((middle - 30, 66, middle + 30, height), fill=(30, 50, 90))
        if kind == "swafoto":
            draw.rectangle((middle + 12, 70, middle + 46, 92), fill=(255, 255, 255), outline=INK)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def document_pdf(*, title: str, name: str, lines: tuple[str, ...] = ()) -> bytes:
    """A one-page A5 PDF naming the document and its holder (invariant: no date, no random id)."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A5, invariant=True)
    pdf.setTitle(f"{title} - {name}")
    pdf.setAuthor("SiMerit (data demo)")
    width, height = A5
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawCentredString(width / 2, height - 72, title.upper())
    pdf.setFont("Helvetica", 11)
    y = height - 110
    for text in (f"Nama: {name}", *lines):
        pdf.drawString(48, y, text)
        y -= 18
    pdf.setFont("Helvetica-Oblique", 8)
    pdf.drawString(48, 40, "Dokumen contoh untuk data demo SiMerit; bukan dokumen resmi.")
    pdf.showPage()
    pdf.save()
    return out.getvalue()
