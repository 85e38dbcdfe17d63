"""The exam card PDF, the applicant's card pages, and the public page the QR code opens."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from simerit.exams import cards
from simerit.exams.tests.factories import make_skd_blueprint
from simerit.exams.tests.factories_sittings import START, make_proctor, participant, sitting
from simerit.recruitment.models import Applicant, Application
from simerit.recruitment.rules import mask_name
from simerit.recruitment.tests.factories import ApplicationFactory


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), reader


@pytest.fixture
def seat(db):
    room = sitting(
        make_skd_blueprint(duration_minutes=100),
        code="SKD-0812-1",
        starts_at=START,
        site="UPT BKN Palembang",
        room="Ruang Melati",
    )
    application = ApplicationFactory.create(
        status=Application.Status.MS,
        formasi__period=room.blueprint.period,
        formasi__code="F-PERAWAT",
        applicant__name="Siti Aminah",
    )
    return participant(
        room,
        application=application,
        seat_number=12,
        extra_minutes=30,
        accommodation_note="Tunanetra",
    )


@pytest.fixture
def own_seat(seat, applicant):
    """The card of the `applicant` persona."""
    Applicant.objects.filter(pk=seat.application.applicant_id).update(user=applicant)
    seat.refresh_from_db()
    return seat


def test_card_pdf_shows_the_placement_and_the_qr_link(seat):
    content = cards.render_card(seat)

    text, reader = pdf_text(content)
    flat = text.replace("\n", "")
    url = f"http://127.0.0.1:8000/ujian/kartu/{seat.card_key}/"
    assert cards.card_url(seat) == url
    assert url in flat
    for expected in (
        seat.application.registration_number,
        "Siti Aminah",
        "F-PERAWAT",
        "SKD-0812-1",
        "12 Agustus 2026 pukul 15.00 WIB",
        "pukul 14.55 WIB",
        "UPT BKN Palembang",
        "Ruang Melati",
        "Tambahan waktu 30 menit (durasi 130 menit); Tunanetra",
        "60 menit sebelum ujian dimulai",
        "e-KTP asli",
        "PIN",
    ):
        assert expected in flat, expected
    assert "Nomor kursi 12" in flat or "Nomor kursi12" in flat
    assert seat.application.applicant.nik not in flat
    assert "NIK" not in flat
    images = reader.pages[0]["/Resources"]["/XObject"]
    assert len(images) == 1  # the QR code
    assert reader.metadata.title == f"Kartu peserta ujian {seat.application.registration_number}"


def test_a_card_without_accommodation_says_so(seat):
    seat.extra_minutes = 0
    seat.accommodation_note = ""
    assert cards.accommodation_text(seat) == "—"


def test_my_cards_lists_the_applicants_placements(client, applicant, own_seat):
    client.force_login(applicant)

    response = client.get(reverse("exams:card-mine"))

    assert response.status_code == 200
    assert b"SKD-0812-1" in response.content
    assert reverse("exams:card-pdf", args=[own_seat.pk]).encode() in response.content


def test_my_cards_empty_state(client, applicant):
    client.force_login(applicant)
    response = client.get(reverse("exams:card-mine"))
    assert b'data-testid="empty-state"' in response.content


def test_the_applicant_downloads_their_own_card(client, applicant, own_seat):
    client.force_login(applicant)

    response = client.get(reverse("exams:card-pdf", args=[own_seat.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    number = own_seat.application.registration_number
    assert f"kartu-ujian-{number}-SKD-0812-1.pdf" in response["Content-Disposition"]
    assert number in pdf_text(response.content)[0]


def test_another_applicants_card_is_a_404_that_leaks_nothing(client, applicant, seat):
    client.force_login(applicant)

    response = client.get(reverse("exams:card-pdf", args=[seat.pk]))
    missing = client.get(reverse("exams:card-pdf", args=[seat.pk + 1000]))

    assert (response.status_code, missing.status_code) == (404, 404)
    assert seat.application.registration_number.encode() not in response.content
    assert b"Siti" not in response.content


@pytest.mark.parametrize("persona", ["hr_admin", "proctor", "auditor"])
def test_card_downloads_are_for_applicants_only(client, request, seat, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("exams:card-pdf", args=[seat.pk])).status_code == 403


def test_the_card_page_confirms_a_genuine_card_without_personal_data(client, seat):
    response = client.get(reverse("exams:card", args=[seat.card_key]))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="card-genuine"' in page
    assert seat.application.registration_number in page
    assert mask_name("Siti Aminah") in page
    assert "Siti Aminah" not in page
    assert seat.application.applicant.nik not in page
    assert "SKD-0812-1" in page
    assert "12 Agustus 2026 pukul 15.00 WIB" in page
    assert "Tunanetra" not in page


def test_an_unknown_card_key_is_a_404(client, db):
    response = client.get(reverse("exams:card", args=["tidak-ada"]))
    assert response.status_code == 404
    assert b'data-testid="card-unknown"' in response.content


def test_the_sittings_proctor_scanning_the_card_lands_on_the_check_in(client, seat):
    client.force_login(make_proctor(seat.sitting))

    response = client.get(reverse("exams:card", args=[seat.card_key]))

    assert response.status_code == 302
    assert response["Location"] == reverse("exams:checkin-participant", args=[seat.pk])


def test_a_proctor_of_another_sitting_only_sees_the_genuine_card_page(client, seat):
    client.force_login(make_proctor(sitting(seat.blueprint)))

    response = client.get(reverse("exams:card", args=[seat.card_key]))

    assert response.status_code == 200
    assert b'data-testid="card-genuine"' in response.content
    assert b"Siti Aminah" not in response.content
