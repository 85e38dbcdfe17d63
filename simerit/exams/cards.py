"""The exam card (kartu peserta ujian) as a PDF with a QR code.

The QR code holds the absolute address of the card page (`exams:card`): a proctor of the
sitting who scans it lands on the participant's check-in; anyone else sees that the card is
genuine. The card shows no NIK. It is drawn from the current placement each time it is asked
for, so a moved participant downloads a card with the new room.
"""

from django.conf import settings
from django.urls import reverse
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import cm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    ListFlowable,
    ListItem,
    Paragraph,
    Spacer,
)

from simerit.core.dates import format_datetime_wib, format_time_wib
from simerit.core.pdf import (
    build_a4,
    escape_markup,
    facts_table,
    letterhead,
    qr_image,
)
from simerit.exams.models import Participant
from simerit.exams.services.sittings import pin_closes_at

# Peraturan BKN 5/2024 (tata tertib, domain reference §2.5).
ARRIVE_MINUTES_EARLY = 60
RULES = (
    f"Datanglah paling lambat {ARRIVE_MINUTES_EARLY} menit sebelum ujian dimulai.",
    "Bawalah kartu ini (cetak atau di layar ponsel) dan e-KTP asli; bila e-KTP belum terbit, "
    "surat keterangan Dukcapil atau Kartu Keluarga asli.",
    "Pengawas mencocokkan wajah Anda dengan foto pendaftaran, lalu memberikan PIN untuk "
    "memulai ujian. PIN hanya berlaku untuk Anda dan sesi ini, sekali pakai; jangan berikan "
    "kepada siapa pun.",
    "Penerbitan PIN ditutup beberapa menit sebelum ujian dimulai (lihat di atas).",
    "Dilarang membawa ponsel, kalkulator, catatan, atau alat elektronik lain ke ruang ujian.",
)


def card_url(participant: Participant) -> str:
    path = reverse("exams:card", args=[participant.card_key])
    return f"{settings.SIMERIT_PUBLIC_URL}{path}"


def accommodation_text(participant: Participant) -> str:
    if not participant.extra_minutes and not participant.accommodation_note:
        return "—"
    parts = []
    if participant.extra_minutes:
        total = participant.blueprint.duration_minutes + participant.extra_minutes
        parts.append(f"Tambahan waktu {participant.extra_minutes} menit (durasi {total} menit)")
    if participant.accommodation_note:
        parts.append(participant.accommodation_note)
    return "; ".join(parts)


def card_filename(participant: Participant) -> str:
    return (
        f"kartu-ujian-{participant.application.registration_number}-{participant.sitting.code}.pdf"
    )


def render_card(participant: Participant) -> bytes:
    """The exam card PDF of a placed participant."""
    styles = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=styles["Normal"], fontSize=8, leading=10)
    cell = ParagraphStyle("cell", parent=styles["Normal"], fontSize=10, leading=12)
    sitting = participant.sitting
    application = participant.application
    formasi = application.formasi
    url = card_url(participant)
    closes_at = pin_closes_at(sitting)
    rows = [
        ("Nomor pendaftaran", application.registration_number),
        ("Nama", application.applicant.name),
        ("Formasi", f"{formasi.code} — {formasi.position.name}"),
        ("Ujian", sitting.blueprint.name),
        ("Sesi", sitting.code),
        ("Waktu", format_datetime_wib(sitting.starts_at)),
        ("Penerbitan PIN ditutup", format_time_wib(closes_at)),
        ("Lokasi", sitting.site),
        ("Ruang", sitting.room),
        ("Nomor kursi", str(participant.seat_number)),
        ("Akomodasi", accommodation_text(participant)),
    ]
    rules = ListFlowable(
        [ListItem(Paragraph(escape_markup(rule), small), leftIndent=12) for rule in RULES],
        bulletType="1",
        bulletFontSize=8,
    )
    story = [
        *letterhead(title="Kartu Peserta Ujian", subtitle=str(application.period)),
        Spacer(1, 0.3 * cm),
        facts_table(rows, cell=cell),
        Spacer(1, 0.5 * cm),
        Paragraph("Tata tertib", styles["Heading4"]),
        rules,
        Spacer(1, 0.5 * cm),
        qr_image(url, size_cm=4),
        Paragraph(
            "Tunjukkan kode QR ini kepada pengawas. Keaslian kartu dapat diperiksa di:", small
        ),
        Paragraph(escape_markup(url), small),
    ]
    return build_a4(story, title=f"Kartu peserta ujian {application.registration_number}")
