"""The shared PDF plumbing: Paragraph-safe text, WIB dates, the grid, the QR code, the A4 build."""

import io
import struct

import segno
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import cm  # type: ignore[import-untyped]

from simerit.core.pdf import (
    build_a4,
    escape_markup,
    facts_table,
    grid_style,
    letterhead,
    qr_image,
    qr_png,
)

URL = "http://127.0.0.1:8000/seleksi/bukti/abc/"


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def test_escape_markup_escapes_ampersand_and_angle_brackets():
    assert escape_markup("A & B <i>x</i> > 1") == "A &amp; B &lt;i&gt;x&lt;/i&gt; &gt; 1"
    assert escape_markup("&amp;") == "&amp;amp;"
    assert escape_markup("Siti Aminah") == "Siti Aminah"


def test_grid_style_with_and_without_a_header():
    plain = [command[0] for command in grid_style().getCommands()]
    header = [command[0] for command in grid_style(header=True).getCommands()]

    assert plain == ["GRID", "VALIGN", "FONTSIZE"]
    assert header == ["GRID", "VALIGN", "FONTSIZE", "BACKGROUND", "FONTNAME"]
    assert grid_style().getCommands()[2] == ("FONTSIZE", (0, 0), (-1, -1), 9)
    assert grid_style(font_size=10).getCommands()[2] == ("FONTSIZE", (0, 0), (-1, -1), 10)


def test_qr_png_is_the_segno_code_of_the_url():
    png = qr_png(URL)

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    expected = segno.make(URL, error="m").symbol_size(scale=4, border=2)
    assert (width, height) == expected
    assert qr_image(URL, size_cm=3).drawWidth == 3 * cm
    assert qr_image(URL, size_cm=3).drawHeight == 3 * cm


def test_a_built_pdf_is_a4_with_its_title_and_author():
    styles = getSampleStyleSheet()
    cell = ParagraphStyle("cell", parent=styles["Normal"], fontSize=9, leading=11)
    story = [
        *letterhead(title="Dokumen Uji", subtitle="Seleksi CASN 2026"),
        facts_table([("Nama", "Siti & <Ani>"), ("Nomor", "REG-1")], cell=cell),
        qr_image(URL),
    ]

    content = build_a4(story, title="Dokumen uji REG-1")

    text, reader = pdf_text(content)
    assert content.startswith(b"%PDF-")
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == (595.28, 841.89)
    assert reader.metadata.title == "Dokumen uji REG-1"
    assert reader.metadata.author == "SiMerit — Pemerintah Kota Palembang"
    lines = text.splitlines()
    assert lines[0] == "Pemerintah Kota Palembang"
    assert "Dokumen Uji" in text
    assert "Seleksi CASN 2026" in text
    assert "Siti & <Ani>" in text
    assert "REG-1" in text
    assert len(reader.pages[0]["/Resources"]["/XObject"]) == 1  # the QR code


def test_the_letterhead_escapes_the_institution_name(settings):
    settings.INSTANSI_NAME = "Dinas A & B"

    text, reader = pdf_text(build_a4(letterhead(title="T", subtitle="S"), title="T"))

    assert text.splitlines()[0] == "Dinas A & B"
    assert reader.metadata.author == "SiMerit — Dinas A & B"
