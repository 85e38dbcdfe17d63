"""Check-in pages: a proctor acts only on their own sittings; others get 403, nothing changes."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.exams.models import Attempt, ExamPin
from simerit.exams.tests.factories import make_skd_blueprint
from simerit.exams.tests.factories_sittings import (
    exam_audit,
    make_proctor,
    participant,
    sitting,
    start_attempt,
)
from simerit.recruitment.models import ApplicationDocument, DocumentKind
from simerit.recruitment.tests.samples import jpeg_bytes
from simerit.recruitment.tests.test_verification_support import private_media


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    private_media(settings, tmp_path)


@pytest.fixture
def room(db):
    return sitting(make_skd_blueprint(), code="SKD-A")


@pytest.fixture
def guard(room):
    return make_proctor(room, full_name="Pengawas A")


@pytest.fixture
def stranger(db):
    """A proctor of another sitting."""
    return make_proctor(sitting(make_skd_blueprint(), code="SKD-Z"))


@pytest.fixture
def seat(room):
    return participant(room, seat_number=7)


def add_photo(seat):
    document = ApplicationDocument(
        application=seat.application,
        kind=DocumentKind.objects.get(code="pas_foto"),
        file_format="jpg",
        size_bytes=100,
        sha256="0" * 64,
    )
    document.file.save("foto.jpg", ContentFile(jpeg_bytes()), save=False)
    document.save()
    return document


def test_the_proctor_sees_only_their_sittings(client, guard, room, stranger):
    client.force_login(guard)

    response = client.get(reverse("exams:checkin-sittings"))

    page = response.content.decode()
    assert "SKD-A" in page
    assert "SKD-Z" not in page


def test_a_proctor_without_sittings_sees_the_empty_state(client, proctor):
    client.force_login(proctor)
    response = client.get(reverse("exams:checkin-sittings"))
    assert b'data-testid="empty-state"' in response.content


def test_the_check_in_list_is_searchable_by_a_post(client, guard, room, seat):
    other = participant(room, seat_number=8)
    client.force_login(guard)
    url = reverse("exams:checkin-list", args=[room.pk])

    full = client.get(url).content.decode()
    response = client.post(
        url, {"q": seat.application.registration_number}, headers={"HX-Request": "true"}
    )

    found = response.content.decode()
    assert other.application.registration_number in full
    assert seat.application.registration_number in found
    assert other.application.registration_number not in found
    assert "<form" not in found
    assert response["Cache-Control"] == "private, no-store"


def test_a_name_search_keeps_the_name_out_of_the_url(client, guard, room, seat):
    # given: two participants, one named Siti Aminah
    applicant = seat.application.applicant
    applicant.name = "Siti Aminah"
    applicant.save(update_fields=["name"])
    other = participant(room, seat_number=8)
    client.force_login(guard)
    url = reverse("exams:checkin-list", args=[room.pk])

    # when: the page's search form is used (no JavaScript: a plain POST)
    page = client.get(url).content.decode()
    response = client.post(url, {"q": "aminah"})

    # then: the form posts (with CSRF), nothing is pushed to the URL, and a name in the query
    # string is never read
    form = re.search(r'<form method="post"[^>]*role="search"[^>]*>', page)
    assert form is not None
    assert "hx-post=" in form.group(0)
    assert "hx-push-url" not in page
    assert response.status_code == 200
    found = response.content.decode()
    assert seat.application.registration_number in found
    assert other.application.registration_number not in found
    by_url = client.get(url, {"q": "aminah"}).content.decode()
    assert other.application.registration_number in by_url


def test_a_search_shows_only_its_first_matches(client, guard, room, seat, monkeypatch):
    monkeypatch.setattr("simerit.exams.views.checkin.SEARCH_LIMIT", 2)
    for number in (8, 9):
        participant(room, seat_number=number)
    client.force_login(guard)
    url = reverse("exams:checkin-list", args=[room.pk])
    prefix = "2026-UJI-"

    two = client.post(url, {"q": prefix}, headers={"HX-Request": "true"}).content.decode()
    one = client.post(
        url, {"q": seat.application.registration_number}, headers={"HX-Request": "true"}
    ).content.decode()

    assert two.count('href="/ujian/check-in/peserta/') == 2
    assert 'data-testid="more-matches"' in two
    assert 'data-testid="more-matches"' not in one


@pytest.mark.parametrize("persona", ["stranger", "auditor", "applicant", "employee"])
def test_check_in_pages_are_403_for_everyone_else(client, request, room, seat, persona):
    client.force_login(request.getfixturevalue(persona))
    for url in (
        reverse("exams:checkin-list", args=[room.pk]),
        reverse("exams:checkin-participant", args=[seat.pk]),
        reverse("exams:checkin-photo", args=[seat.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_the_participant_page_shows_the_photo_and_the_check_in_button(client, guard, seat):
    add_photo(seat)
    client.force_login(guard)

    response = client.get(reverse("exams:checkin-participant", args=[seat.pk]))

    page = response.content.decode()
    assert reverse("exams:checkin-photo", args=[seat.pk]) in page
    assert "Identitas sesuai — hadirkan" in page
    assert "Terbitkan PIN" not in page
    assert seat.application.applicant.nik not in page
    assert seat.application.applicant.nik[-4:] in page  # masked: region and last four digits


def test_the_photo_is_streamed_to_the_proctor_and_admin_only(client, guard, hr_admin, seat):
    add_photo(seat)

    for user in (guard, hr_admin):
        client.force_login(user)
        response = client.get(reverse("exams:checkin-photo", args=[seat.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response.content.startswith(b"\xff\xd8")


def test_a_missing_photo_is_a_404_and_the_page_says_so(client, guard, seat):
    client.force_login(guard)
    assert client.get(reverse("exams:checkin-photo", args=[seat.pk])).status_code == 404
    page = client.get(reverse("exams:checkin-participant", args=[seat.pk]))
    assert b'data-testid="no-photo"' in page.content


def test_check_in_then_issue_the_start_pin(client, guard, seat):
    client.force_login(guard)

    confirmed = client.post(reverse("exams:checkin-confirm", args=[seat.pk]), follow=True)
    assert "Terbitkan PIN" in confirmed.content.decode()
    response = client.post(reverse("exams:checkin-pin", args=[seat.pk]), {"purpose": "start"})

    seat.refresh_from_db()
    assert seat.checked_in_by == guard
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    found = re.search(r'data-testid="pin"[^>]*>(\d{6})<', response.content.decode())
    assert found is not None
    pin = found.group(1)
    stored = ExamPin.objects.get(participant=seat)
    assert stored.purpose == ExamPin.Purpose.START
    assert pin not in stored.pin_hash
    assert exam_audit() == ["exams.participant.checked_in", "exams.pin.issued"]


def test_a_second_check_in_shows_the_refusal(client, guard, seat):
    client.force_login(guard)
    client.post(reverse("exams:checkin-confirm", args=[seat.pk]))

    response = client.post(reverse("exams:checkin-confirm", args=[seat.pk]), follow=True)

    assert "sudah dinyatakan hadir" in response.content.decode()
    assert exam_audit() == ["exams.participant.checked_in"]


def test_a_start_pin_before_check_in_is_refused(client, guard, seat):
    client.force_login(guard)

    response = client.post(
        reverse("exams:checkin-pin", args=[seat.pk]), {"purpose": "start"}, follow=True
    )

    assert "belum dinyatakan hadir" in response.content.decode()
    assert ExamPin.objects.exists() is False


def test_a_takeover_pin_for_a_running_attempt(client, guard, seat):
    attempt = start_attempt(seat)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=attempt.started_at + (attempt.deadline - attempt.started_at) * 100
    )
    client.force_login(guard)

    page = client.get(reverse("exams:checkin-participant", args=[seat.pk])).content.decode()
    response = client.post(reverse("exams:checkin-pin", args=[seat.pk]), {"purpose": "takeover"})

    assert "Terbitkan PIN pindah komputer" in page
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert ExamPin.objects.get(participant=seat).purpose == ExamPin.Purpose.TAKEOVER
    assert exam_audit() == ["exams.pin.issued"]


def test_a_takeover_pin_records_the_reason_typed_in(client, guard, seat):
    attempt = start_attempt(seat)
    client.force_login(guard)

    page = client.get(reverse("exams:checkin-participant", args=[seat.pk])).content.decode()
    response = client.post(
        reverse("exams:checkin-pin", args=[seat.pk]),
        {"purpose": "takeover", "reason": "Komputer 12 mati"},
    )

    assert 'name="reason"' in page
    assert response.status_code == 200
    assert exam_audit() == ["exams.pin.issued", "exams.attempt.takeover_allowed"]
    row = AuditEvent.objects.get(action="exams.attempt.takeover_allowed")
    assert (row.target_id, row.changes) == (
        str(attempt.pk),
        {"participant": seat.pk, "status": "active", "reason": "Komputer 12 mati"},
    )


def test_a_too_long_takeover_reason_is_refused(client, guard, seat):
    start_attempt(seat)
    client.force_login(guard)

    response = client.post(
        reverse("exams:checkin-pin", args=[seat.pk]),
        {"purpose": "takeover", "reason": "x" * 501},
        follow=True,
    )

    assert "Alasan paling banyak 500 karakter." in response.content.decode()
    assert ExamPin.objects.exists() is False
    assert exam_audit() == []


def test_a_proctor_of_another_sitting_changes_nothing(client, stranger, seat):
    client.force_login(stranger)

    confirm = client.post(reverse("exams:checkin-confirm", args=[seat.pk]))
    pin = client.post(reverse("exams:checkin-pin", args=[seat.pk]), {"purpose": "start"})

    assert (confirm.status_code, pin.status_code) == (403, 403)
    seat.refresh_from_db()
    assert seat.checked_in_at is None
    assert ExamPin.objects.exists() is False
    assert exam_audit() == []


def test_an_unknown_purpose_issues_nothing(client, guard, seat):
    client.force_login(guard)
    client.post(reverse("exams:checkin-confirm", args=[seat.pk]))

    response = client.post(
        reverse("exams:checkin-pin", args=[seat.pk]), {"purpose": "master"}, follow=True
    )

    assert "Jenis PIN tidak dikenal." in response.content.decode()
    assert ExamPin.objects.exists() is False
