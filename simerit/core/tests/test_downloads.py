import hashlib

from simerit.core.downloads import DOWNLOAD_CSP, pdf_download


def test_a_pdf_download_is_private_and_carries_its_hash():
    response = pdf_download(b"%PDF-1.4 test", filename="piagam-ABC.pdf")

    assert response.content == b"%PDF-1.4 test"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="piagam-ABC.pdf"'
    assert response["X-Content-SHA256"] == hashlib.sha256(b"%PDF-1.4 test").hexdigest()
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == DOWNLOAD_CSP


def test_a_file_name_with_quotes_cannot_break_the_header():
    response = pdf_download(b"x", filename='a"b.pdf')

    assert response["Content-Disposition"] == 'attachment; filename="a\\"b.pdf"'
