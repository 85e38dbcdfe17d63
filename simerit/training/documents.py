"""The certificate of a completed training as a PDF (landscape A4, framed by
core/certificate_pdf.py).

It states who (name with academic titles, NIP), what (programme, class, provider, dates, JP) and
the number and issue date, with a QR code to the public verification page of that number. It is
drawn ONLY from the certificate row's own fields, frozen at issue (never from the employee, the
programme or the class it points to), in ReportLab's invariant mode (no clock read, no random
document id): the same row gives the same bytes every time, so the SHA-256 stored at issue is that
of every later download, whatever is corrected in the employee's or the training's data since.
(The institution's name and the public address come from the settings.)"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from simerit.core.certificate_pdf import CertificateText
from simerit.core.certificate_pdf import certificate_pdf as core_certificate_pdf
from simerit.core.dates import WIB, format_date_id
from simerit.core.downloads import sha256_hex as sha256_hex
from simerit.training.models import Certificate
from simerit.training.rules.certificates import period_text
from simerit.training.rules.jp import format_jp


def verification_url(number: str) -> str:
    """The absolute address of the public verification page of `number` (what the QR holds)."""
    path = reverse("training:certificate-verify-number", args=[number])
    return f"{settings.SIMERIT_PUBLIC_URL}{path}"


def certificate_filename(certificate: Certificate) -> str:
    """Named by number only: no name, no NIP in a file name that travels by e-mail."""
    return f"sertifikat-{certificate.number}.pdf"


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as issued (a revoked one prints the same: the verification page says it
    was revoked). Reads no related row."""
    issued_on = timezone.localtime(certificate.issued_at, WIB).date()
    return core_certificate_pdf(
        CertificateText(
            title=f"Sertifikat {certificate.number}",
            heading="SERTIFIKAT",
            holder_name=certificate.holder_name,
            holder_nip=certificate.holder_nip,
            citation="yang telah menyelesaikan pelatihan dengan keterangan berikut.",
            facts=[
                ("Program", certificate.programme_name),
                ("Kelas/angkatan", certificate.class_name),
                ("Penyelenggara", certificate.provider),
                ("Tanggal pelaksanaan", period_text(certificate.starts_on, certificate.ends_on)),
                ("Jumlah jam pelajaran", f"{format_jp(certificate.jp)} JP"),
                ("Nomor sertifikat", certificate.number),
                ("Tanggal terbit", format_date_id(issued_on)),
            ],
            verification_url=verification_url(certificate.number),
            document_name="sertifikat",
        )
    )
