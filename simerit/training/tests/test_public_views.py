"""The public preparation pages (/persiapan-seleksi/): the issue's acceptance "A visitor registers
for a public information meeting; a full meeting refuses with the waitlist offer", and the pages
around it."""

import datetime as dt
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.recruitment.tests.factories import ApplicantFactory
from simerit.training.models import InformationSession, SessionRegistration
from simerit.training.selectors.public import availability
from simerit.training.selectors.public import upcoming_sessions as upcoming
from simerit.training.tests.factories_public import (
    VISITOR,
    WIB,
    InformationSessionFactory,
    SessionRegistrationFactory,
    waitlisted,
)

pytestmark = pytest.mark.django_db

Status = SessionRegistration.Status


def detail_url(session):
    return reverse("preparation:session-detail", args=[session.pk])


def registration_url(registration):
    return reverse("preparation:registration", args=[registration.code])


def text(response):
    return response.content.decode()


# --- The acceptance


def test_a_visitor_registers_for_a_public_information_meeting(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    # given a published meeting with two seats
    session = InformationSessionFactory.create(capacity=2, title="Sosialisasi Seleksi CASN 2027")
    page = client.get(detail_url(session))
    assert page.status_code == 200
    assert 'data-testid="register-button"' in text(page)
    assert page.context["availability"].seats_left == 2

    # when a visitor fills in the form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail_url(session), VISITOR)

    # then the registration holds a seat and the visitor lands on the page of its code
    registration = SessionRegistration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == registration_url(registration)
    assert registration.status == Status.REGISTERED
    assert (registration.email, registration.phone) == ("rina.marlina@contoh.id", "081234567890")
    shown = client.get(response["Location"])
    assert shown.status_code == 200
    html = text(shown)
    assert registration.code in html
    assert 'data-testid="registration-status">Terdaftar<' in html
    assert "Pendaftaran berhasil." in html
    assert 'data-testid="cancel-registration"' in html
    for personal in ("Rina", "rina.marlina", "0812"):
        assert personal not in html
    assert "noindex" in html
    assert shown["Cache-Control"].startswith("max-age=0")
    # and the code arrived by e-mail
    assert [mail.to for mail in mailoutbox] == [["rina.marlina@contoh.id"]]
    assert registration.code in mailoutbox[0].body
    # and the seat is counted on the public pages
    assert client.get(detail_url(session)).context["availability"].seats_left == 1


def test_a_full_meeting_refuses_with_the_waitlist_offer(client):
    # given a meeting whose only seat is taken
    session = InformationSessionFactory.create(capacity=1)
    SessionRegistrationFactory.create(session=session)

    # when a visitor submits the form
    response = client.post(detail_url(session), VISITOR)

    # then nothing is saved and the page offers the waitlist, keeping what was typed
    assert response.status_code == 200
    html = text(response)
    assert 'data-testid="full-refusal"' in html
    assert "Kuota sesi ini sudah penuh." in html
    assert "Pendaftaran Anda belum tersimpan." in html
    assert 'name="waitlist" value="1"' in html
    assert "Masukkan saya ke daftar tunggu" in html
    assert 'data-testid="register-button"' not in html
    assert 'value="Rina Marlina"' in html
    assert SessionRegistration.objects.count() == 1
    assert AuditEvent.objects.exists() is False


def test_taking_the_waitlist_offer_waitlists_the_visitor(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    session = InformationSessionFactory.create(capacity=1)
    SessionRegistrationFactory.create(session=session)
    waitlisted(session, minutes_ago=10)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail_url(session), {**VISITOR, "waitlist": "1"})

    registration = SessionRegistration.objects.get(email="rina.marlina@contoh.id")
    assert registration.status == Status.WAITLISTED
    assert registration.waitlisted_at is not None
    assert response["Location"] == registration_url(registration)
    html = text(client.get(response["Location"]))
    assert 'data-testid="registration-status">Daftar tunggu<' in html
    assert "urutan ke-2 dalam daftar tunggu" in html
    assert "Anda masuk daftar tunggu." in html
    assert mailoutbox[0].subject == "[SiMerit] Anda masuk daftar tunggu sesi"
    assert "daftar tunggu nomor 2" in mailoutbox[0].body


def test_a_full_meeting_offers_the_waitlist_straight_away(client):
    session = InformationSessionFactory.create(capacity=1)
    SessionRegistrationFactory.create(session=session)

    html = text(client.get(detail_url(session)))

    assert 'data-testid="full-notice"' in html
    assert "Kuota sesi ini sudah penuh." in html
    assert 'data-testid="waitlist-button"' in html
    assert 'data-testid="register-button"' not in html


# --- Refusals on the form


def test_a_duplicate_email_is_refused_on_the_form(client):
    session = InformationSessionFactory.create()
    SessionRegistrationFactory.create(session=session, email="rina.marlina@contoh.id")

    response = client.post(detail_url(session), VISITOR)

    assert response.status_code == 200
    assert "E-mail ini sudah terdaftar untuk sesi ini." in text(response)
    assert response.context["form"].errors["email"] == [
        "E-mail ini sudah terdaftar untuk sesi ini."
    ]
    assert SessionRegistration.objects.count() == 1


def test_bad_phone_and_missing_consent_are_refused_on_the_form(client):
    session = InformationSessionFactory.create()

    response = client.post(detail_url(session), {**VISITOR, "phone": "021-555-1234", "consent": ""})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["phone"][0].startswith("Nomor HP harus nomor Indonesia yang diawali 08 atau +62")
    assert errors["consent"] == ["Anda harus menyetujui pemrosesan data pribadi untuk mendaftar."]
    assert SessionRegistration.objects.exists() is False


def test_a_filled_honeypot_is_refused_and_nothing_is_saved(client):
    session = InformationSessionFactory.create()

    response = client.post(detail_url(session), {**VISITOR, "website": "http://spam.example"})

    assert response.status_code == 200
    assert "Pendaftaran tidak dapat diproses." in text(response)
    assert SessionRegistration.objects.exists() is False


def test_the_honeypot_is_hidden_from_people(client):
    html = text(client.get(detail_url(InformationSessionFactory.create())))

    assert '<div class="visually-hidden" aria-hidden="true">' in html
    assert 'tabindex="-1"' in html


def test_registrations_are_limited_per_address_with_a_clear_429(client, settings):
    settings.SIMERIT_SESSION_REGISTRATIONS_PER_HOUR = 2
    session = InformationSessionFactory.create()
    first = client.post(detail_url(session), {**VISITOR, "email": "a@contoh.id"})
    second = client.post(detail_url(session), {**VISITOR, "email": "b@contoh.id"})

    refused = client.post(detail_url(session), {**VISITOR, "email": "c@contoh.id"})

    assert (first.status_code, second.status_code, refused.status_code) == (302, 302, 429)
    assert "Terlalu banyak percobaan pendaftaran sesi dari jaringan Anda." in text(refused)
    assert SessionRegistration.objects.count() == 2
    other = client.post(
        detail_url(session), {**VISITOR, "email": "d@contoh.id"}, REMOTE_ADDR="10.9.9.9"
    )
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("now", "message"),
    [
        (dt.datetime(2026, 12, 5, 8, 0, tzinfo=WIB), "Pendaftaran sesi ini sudah ditutup"),
        (dt.datetime(2026, 12, 6, 8, 0, tzinfo=WIB), "Sesi ini sudah berlangsung."),
    ],
)
def test_a_closed_or_past_session_shows_why_and_no_form(client, now, message):
    session = InformationSessionFactory.create()

    with mock.patch("django.utils.timezone.now", return_value=now):
        page = client.get(detail_url(session))
        posted = client.post(detail_url(session), VISITOR)

    for response in (page, posted):
        assert response.status_code == 200
        assert message in text(response)
        assert 'data-testid="registration-form"' not in text(response)
    assert SessionRegistration.objects.exists() is False


def test_a_cancelled_session_says_so_with_the_date_and_reason_and_a_draft_is_404(client):
    cancelled = InformationSessionFactory.create(cancelled=True)
    draft = InformationSessionFactory.create(status=InformationSession.Status.DRAFT)

    page = client.get(detail_url(cancelled))

    html = text(page)
    assert page.status_code == 200
    assert 'data-testid="cancelled-badge">Dibatalkan<' in html
    assert 'data-testid="cancelled-at">27 November 2026 14.05 WIB<' in html
    assert 'data-testid="cancel-reason">Narasumber berhalangan hadir.<' in html
    assert "Sesi ini dibatalkan oleh penyelenggara pada" in html
    assert 'data-testid="registration-form"' not in html
    assert 'data-testid="registration-closed"' not in html
    assert client.get(detail_url(draft)).status_code == 404
    assert client.post(detail_url(draft), VISITOR).status_code == 404
    assert SessionRegistration.objects.exists() is False


def test_a_registration_page_of_a_cancelled_session_shows_the_date_and_reason(client):
    session = InformationSessionFactory.create(
        cancelled=True, cancel_reason="Gedung dipakai <b>acara</b> lain."
    )
    seat = SessionRegistrationFactory.create(session=session)

    html = text(client.get(registration_url(seat)))

    assert 'data-testid="cancelled-at">27 November 2026 14.05 WIB<' in html
    assert 'data-testid="cancel-reason">Gedung dipakai &lt;b&gt;acara&lt;/b&gt; lain.<' in html
    assert 'data-testid="cancel-registration"' not in html


def test_a_csrf_token_is_required(client):
    session = InformationSessionFactory.create()
    strict = Client(enforce_csrf_checks=True)

    refused = strict.post(detail_url(session), VISITOR)
    token = strict.get(detail_url(session)).cookies["csrftoken"].value
    accepted = strict.post(detail_url(session), {**VISITOR, "csrfmiddlewaretoken": token})

    assert (refused.status_code, accepted.status_code) == (403, 302)
    assert SessionRegistration.objects.count() == 1


# --- A signed-in pelamar


def test_a_signed_in_pelamar_finds_the_form_filled_and_the_account_kept(client):
    applicant = ApplicantFactory.create(
        name="Budi Santoso", email="budi@contoh.id", phone="081311112222"
    )
    session = InformationSessionFactory.create()
    client.force_login(applicant.user)

    form = client.get(detail_url(session)).context["form"]
    client.post(detail_url(session), {**VISITOR, "name": "Budi Santoso", "email": "budi@contoh.id"})

    assert form.initial == {
        "name": "Budi Santoso",
        "email": "budi@contoh.id",
        "phone": "081311112222",
    }
    assert SessionRegistration.objects.get().user == applicant.user


# --- The registration page


def test_an_unknown_or_malformed_code_is_404(client):
    assert client.get(reverse("preparation:registration", args=["ABCDEFGHJKMN"])).status_code == 404
    assert client.get(reverse("preparation:registration", args=["0" * 12])).status_code == 404
    assert client.post(reverse("preparation:registration-cancel", args=["x"])).status_code == 404


def test_the_code_may_be_typed_in_lower_case(client):
    registration = SessionRegistrationFactory.create()

    response = client.get(reverse("preparation:registration", args=[registration.code.lower()]))

    assert response.status_code == 200


def test_the_online_link_is_shown_to_a_seat_holder_only(client):
    session = InformationSessionFactory.create(capacity=1, online_url="https://zoom.example/j/1")
    seat = SessionRegistrationFactory.create(session=session)
    waiting = waitlisted(session, minutes_ago=5)

    assert "https://zoom.example/j/1" in text(client.get(registration_url(seat)))
    assert "https://zoom.example/j/1" not in text(client.get(registration_url(waiting)))
    assert "https://zoom.example/j/1" not in text(client.get(detail_url(session)))


def test_the_holder_cancels_and_the_first_waiting_gets_the_seat(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    session = InformationSessionFactory.create(capacity=1)
    seat = SessionRegistrationFactory.create(session=session)
    waiting = waitlisted(session, minutes_ago=5)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("preparation:registration-cancel", args=[seat.code]))

    assert response["Location"] == registration_url(seat)
    html = text(client.get(response["Location"]))
    assert "Pendaftaran Anda sudah dibatalkan." in html
    assert 'data-testid="registration-status">Dibatalkan<' in html
    assert 'data-testid="cancel-registration"' not in html
    waiting.refresh_from_db()
    assert waiting.status == Status.REGISTERED
    assert [mail.to for mail in mailoutbox] == [[seat.email], [waiting.email]]


def test_a_cancel_by_get_is_not_allowed(client):
    seat = SessionRegistrationFactory.create()

    response = client.get(reverse("preparation:registration-cancel", args=[seat.code]))

    assert response.status_code == 405
    seat.refresh_from_db()
    assert seat.status == Status.REGISTERED


# --- The home page


def test_home_lists_upcoming_published_sessions_with_seats_and_the_links(client):
    open_session = InformationSessionFactory.create(title="Sesi terbuka", capacity=3)
    SessionRegistrationFactory.create(session=open_session)
    InformationSessionFactory.create(title="Sesi draf", status=InformationSession.Status.DRAFT)
    InformationSessionFactory.create(
        title="Sesi lalu",
        starts_at=dt.datetime(2026, 11, 20, 9, 0, tzinfo=WIB),
        registration_closes_at=dt.datetime(2026, 11, 19, 9, 0, tzinfo=WIB),
    )

    response = client.get(reverse("preparation:home"))

    html = text(response)
    assert "Sesi terbuka" in html
    assert "Sisa 2 kursi" in html
    assert "Sesi draf" not in html
    assert "Sesi lalu" not in html
    assert reverse("exams:practice-list") in html
    assert reverse("portal:how-ranking-works") in html


def test_home_has_empty_states(client, db):
    html = text(client.get(reverse("preparation:home")))

    assert 'data-testid="empty-state"' in html
    assert 'data-testid="materials-empty"' in html


def test_the_portal_home_links_to_the_preparation(client, db):
    html = text(client.get(reverse("portal:home")))

    assert reverse("preparation:home") in html


def test_the_upcoming_sessions_and_their_counts_are_one_query(django_assert_num_queries):
    for capacity in (1, 2, 3):
        session = InformationSessionFactory.create(capacity=capacity)
        SessionRegistrationFactory.create(session=session)
        waitlisted(session, minutes_ago=1)
    now = dt.datetime(2026, 11, 28, 10, 0, tzinfo=WIB)

    with django_assert_num_queries(1):
        rows = [
            (
                s.capacity,
                availability(s, now=now).seats_left,
                availability(s, now=now).waitlisted_count,
            )
            for s in upcoming(now=now)
        ]

    assert rows == [(1, 0, 1), (2, 1, 1), (3, 2, 1)]
