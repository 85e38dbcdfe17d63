"""The piagam (award certificate) as a PDF (landscape A4, framed by core/certificate_pdf.py).

It states who (name with academic titles, NIP, unit), what (the award and its year), the decree
(Keppres/SK number and date) and the piagam number, with a QR code to the public check of that
number. It is drawn ONLY from the grant row's own fields, frozen when granted (never from the
employee or the award it points to), in ReportLab's invariant mode (no clock read, no random
document id): the same row gives the same bytes every time, so the SHA-256 stored when granting
is that of every later download. (The institution's name and the public address come from the
settings.)"""

from django.conf import settings
from django.urls import reverse

from simerit.core.certificate_pdf import CertificateText, certificate_pdf
from simerit.core.dates import format_date_id
from simerit.core.downloads import sha256_hex as sha256_hex
from simerit.rewards.models import Grant


def verification_url(number: str) -> str:
    """The absolute address of the public check of `number` (what the QR holds)."""
    path = reverse("rewards:grant_verify_number", args=[number])
    return f"{settings.SIMERIT_PUBLIC_URL}{path}"


def grant_filename(grant: Grant) -> str:
    """Named by number only: no name, no NIP in a file name that travels by e-mail."""
    return f"piagam-{grant.number}.pdf"


def grant_pdf(grant: Grant) -> bytes:
    """The piagam as granted (a revoked one prints the same: the public check says it was
    revoked). Reads no related row."""
    return certificate_pdf(
        CertificateText(
            title=f"Piagam {grant.number}",
            heading="PIAGAM PENGHARGAAN",
            holder_name=grant.holder_name,
            holder_nip=grant.holder_nip,
            citation="atas pengabdian dan prestasinya, berupa",
            emphasis=grant.award_name,
            facts=[
                ("Penghargaan", grant.award_name),
                ("Tahun", str(grant.year)),
                ("Unit kerja", grant.unit_name),
                ("Nomor keputusan", grant.decree_number),
                ("Tanggal pemberian", format_date_id(grant.granted_on)),
                ("Nomor piagam", grant.number),
            ],
            verification_url=verification_url(grant.number),
            document_name="piagam",
        )
    )
