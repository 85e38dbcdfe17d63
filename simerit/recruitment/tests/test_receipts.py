"""The receipt PDF (bukti pendaftaran) and the public page its QR code opens."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from simerit.employees.rules import mask_nik
from simerit.recruitment import receipts
from simerit.recruitment.models import Application, ApplicationDocument, DocumentKind
from simerit.recruitment.rules import mask_name
from simerit.recruitment.tests.factories import ApplicationFactory


@pytest.fixture
def submitted(db):
    application = ApplicationFactory.create(
        applicant__name="Siti Aminah",
        status=Application.Status.SUBMITTED,
        submitted_at=dt.datetime(2026, 8, 12, 7, 5, tzinfo=dt.UTC),
    )
    ApplicationDocument.objects.create(
        application=application,
        kind=DocumentKind.objects.get(code="ijazah"),
        file="lamaran/x/ijazah.pdf",
        file_format="pdf",
        size_bytes=123_456,
        sha256="ab" * 32,
    )
    return application


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def test_receipt_pdf_shows_the_registration_facts_and_the_qr_link(submitted):
    documents = list(submitted.documents.all())

    content = receipts.render_receipt(submitted, documents)

    text, reader = pdf_text(content)
    url = f"http://127.0.0.1:8000/seleksi/bukti/{submitted.receipt_key}/"
    assert receipts.verification_url(submitted) == url
    assert submitted.registration_number in text
    assert "Siti Aminah" in text
    assert mask_nik(submitted.applicant.nik) in text
    assert submitted.applicant.nik not in text
    assert "12 Agustus 2026 pukul 14.05 WIB" in text
    assert "abababababababab" in text
    assert url in text.replace("\n", "")
    images = reader.pages[0]["/Resources"]["/XObject"]
    assert len(images) == 1  # the QR code
    assert reader.metadata.title == f"Bukti pendaftaran {submitted.registration_number}"


def test_a_draft_has_no_receipt(db):
    draft = ApplicationFactory.create()
    with pytest.raises(ValueError, match=r"^Only a submitted application has a receipt\.$"):
        receipts.render_receipt(draft, [])


def test_one_masking_of_names_for_every_public_output():
    assert mask_name("Siti Aminah") == "S*** A*****"
    assert mask_name("Ali bin Abu") == "A** b** A**"
    assert mask_name("M. Yusuf") == "M* Y****"
    assert mask_name("  Budi ") == "B***"


def test_verification_page_confirms_a_genuine_receipt_without_personal_data(client, submitted):
    response = client.get(reverse("recruitment:receipt-verify", args=[submitted.receipt_key]))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="receipt-genuine"' in body
    assert submitted.registration_number in body
    assert "S*** A*****" in body
    assert "Siti Aminah" not in body
    assert mask_nik(submitted.applicant.nik) not in body
    assert submitted.applicant.email not in body
    assert "12 Agustus 2026 pukul 14.05 WIB" in body
    assert '<meta name="robots" content="noindex, nofollow">' in body


@pytest.mark.parametrize("which", ["unknown", "draft"])
def test_verification_page_for_an_unknown_or_draft_key_is_404(client, db, which):
    key = "x" * 43 if which == "unknown" else ApplicationFactory.create().receipt_key

    response = client.get(reverse("recruitment:receipt-verify", args=[key]))

    assert response.status_code == 404
    assert 'data-testid="receipt-unknown"' in response.content.decode()
