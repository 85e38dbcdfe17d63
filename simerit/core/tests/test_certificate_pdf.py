import io

from pypdf import PdfReader

from simerit.core.certificate_pdf import CertificateText, certificate_pdf

TEXT = CertificateText(
    title="Dokumen ABC-2026-000001-ZZZZZZ",
    heading="DOKUMEN",
    holder_name="Siti & <Anak>",
    holder_nip="198001012005011001",
    citation="atas sesuatu, berupa",
    emphasis="Hal <penting>",
    facts=[("Nomor", "ABC-2026-000001-ZZZZZZ")],
    verification_url="http://127.0.0.1:8000/cek/ABC-2026-000001-ZZZZZZ/",
    document_name="dokumen",
)


def test_the_same_text_gives_the_same_bytes():
    assert certificate_pdf(TEXT) == certificate_pdf(TEXT)


def test_the_page_is_landscape_and_says_what_it_is_given():
    reader = PdfReader(io.BytesIO(certificate_pdf(TEXT)))
    page = reader.pages[0]
    text = page.extract_text()

    assert len(reader.pages) == 1
    assert page.mediabox.width > page.mediabox.height
    assert reader.metadata is not None
    assert reader.metadata.title == TEXT.title
    for part in ("DOKUMEN", "Siti & <Anak>", "NIP 198001012005011001", "Hal <penting>"):
        assert part in text
    assert "keaslian dokumen ini" in text
