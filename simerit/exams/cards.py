"""The exam card (kartu peserta ujian) as a PDF with a QR code.

The QR code holds the absolute address of the card page (`exams:card`): a proctor of the
sitting who scans it lands on the participant's check-in; anyone else sees that the card is
genuine. The card shows no NIK. It is drawn from the current placement each time it is asked
for, so a moved participant downloads a card with the new room.
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
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from simerit.exams.models import Participant
from simerit.exams.services.sittings import pin_closes_at
from simerit.recruitment.rules import format_date_id

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


def format_datetime_wib(value: dt.datetime) -> str:
    """12 Agustus 2026 pukul 08.00 WIB (Asia/Jakarta)."""
    local = timezone.localtime(value)
    return f"{format_date_id(local.date())} pukul {local:%H.%M} WIB"


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
    label_style = ParagraphStyle("label", parent=cell, fontName="Helvetica-Bold")
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
        ("Penerbitan PIN ditutup", f"pukul {timezone.localtime(closes_at):%H.%M} WIB"),
        ("Lokasi", sitting.site),
        ("Ruang", sitting.room),
        ("Nomor kursi", str(participant.seat_number)),
        ("Akomodasi", accommodation_text(participant)),
    ]
    identity = Table(
        [[Paragraph(label, label_style), Paragraph(_escape(value), cell)] for label, value in rows],
        colWidths=[4.5 * cm, 12 * cm],
    )
    identity.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    qr = io.BytesIO()
    segno.make(url, error="m").save(qr, kind="png", scale=4, border=2)
    qr.seek(0)
    rules = ListFlowable(
        [ListItem(Paragraph(_escape(rule), small), leftIndent=12) for rule in RULES],
        bulletType="1",
        bulletFontSize=8,
    )
    story = [
        Paragraph(_escape(settings.INSTANSI_NAME), styles["Normal"]),
        Paragraph("Kartu Peserta Ujian", styles["Title"]),
        Paragraph(_escape(str(application.period)), styles["Heading3"]),
        Spacer(1, 0.3 * cm),
        identity,
        Spacer(1, 0.5 * cm),
        Paragraph("Tata tertib", styles["Heading4"]),
        rules,
        Spacer(1, 0.5 * cm),
        Image(qr, width=4 * cm, height=4 * cm),
        Paragraph(
            "Tunjukkan kode QR ini kepada pengawas. Keaslian kartu dapat diperiksa di:", small
        ),
        Paragraph(_escape(url), small),
    ]
    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        title=f"Kartu peserta ujian {application.registration_number}",
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
