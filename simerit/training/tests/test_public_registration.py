"""Registering for a public information session, the waitlist, cancelling with the code, and the
e-mails (services/public.py, tasks.py)."""

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.training import tasks
from simerit.training.models import InformationSession, SessionRegistration
from simerit.training.selectors import public as selectors
from simerit.training.services import public as services
from simerit.training.tests.factories_public import (
    WIB,
    InformationSessionFactory,
    SessionRegistrationFactory,
    waitlisted,
)

pytestmark = pytest.mark.django_db

Status = SessionRegistration.Status


def data(**changes):
    values = {
        "name": "  Rina   Marlina ",
        "email": " Rina.Marlina@Contoh.ID ",
        "phone": "+62 812-3456-7890",
        "consent": True,
        "waitlist": False,
    }
    return services.RegistrationInput(**{**values, **changes})


def register(session, *, user=None, **changes):
    return services.register_for_session(session=session, data=data(**changes), user=user)


def test_a_visitor_gets_a_seat_with_a_code_and_clean_data(django_capture_on_commit_callbacks):
    session = InformationSessionFactory.create(capacity=2)
    moment = dt.datetime(2026, 11, 28, 10, 0, tzinfo=WIB)

    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        mock.patch("django.utils.timezone.now", return_value=moment),
    ):
        registration = register(session)

    registration.refresh_from_db()
    assert registration.status == Status.REGISTERED
    assert (registration.name, registration.email, registration.phone) == (
        "Rina Marlina",
        "rina.marlina@contoh.id",
        "081234567890",
    )
    assert registration.user is None
    assert registration.waitlisted_at is None
    assert registration.consent_at == moment
    assert selectors.is_code(registration.code)
    assert len(callbacks) == 1  # the confirmation e-mail, after the commit
    event = AuditEvent.objects.get()
    assert event.action == "training.session_registration.registered"
    assert event.target_id == str(session.pk)
    assert event.changes == {
        "registration": registration.pk,
        "status": "registered",
        "with_account": False,
    }


def test_the_audit_row_holds_no_name_email_phone_or_code():
    session = InformationSessionFactory.create()

    registration = register(session)

    text = str(AuditEvent.objects.values_list("changes", "target_repr").get())
    for secret in ("Rina", "rina.marlina", "0812", registration.code):
        assert secret not in text


def test_the_confirmation_email_carries_the_code_and_the_link(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SIMERIT_PUBLIC_URL = "https://simerit.example"
    session = InformationSessionFactory.create(title="Sosialisasi CASN 2027")

    with django_capture_on_commit_callbacks(execute=True):
        registration = register(session)

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["rina.marlina@contoh.id"]
    assert mail.subject == "[SiMerit] Pendaftaran sesi tercatat"
    assert "Yth. Rina Marlina," in mail.body
    assert f"Kode pendaftaran: {registration.code}" in mail.body
    assert (
        f"https://simerit.example/persiapan-seleksi/pendaftaran/{registration.code}/" in mail.body
    )
    assert "Waktu: 5 Desember 2026 pukul 09.00 WIB s.d. pukul 12.00 WIB" in mail.body
    assert "Tempat: Aula BKPSDM Kota Palembang" in mail.body


def test_a_signed_in_account_is_kept_with_the_registration_and_is_the_actor(applicant):
    session = InformationSessionFactory.create()

    registration = register(session, user=applicant)

    assert registration.user == applicant
    assert AuditEvent.objects.get().actor == applicant


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("081234567890", "081234567890"),
        ("0812 3456 789", "08123456789"),
        ("+6281234567890", "081234567890"),
        ("+62 (812) 3456.7890", "081234567890"),
        ("0812345678901", "0812345678901"),
    ],
)
def test_indonesian_mobile_numbers_are_accepted_and_stored_as_08(typed, stored):
    assert services.normalise_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["", "12345", "0212345678", "6281234567890", "+6221234567", "08123", "08123456789012", "08a1"],
)
def test_other_numbers_are_not_indonesian_mobile_numbers(typed):
    assert services.normalise_phone(typed) is None


def test_bad_fields_are_all_reported_and_nothing_is_saved():
    session = InformationSessionFactory.create()

    with pytest.raises(InvalidInputError) as refused:
        register(session, name="   ", email="bukan-email", phone="021-555", consent=False)

    assert refused.value.errors == {
        "name": ["Nama wajib diisi."],
        "email": ["Alamat e-mail tidak valid."],
        "phone": [services.BAD_PHONE],
        "consent": ["Anda harus menyetujui pemrosesan data pribadi untuk mendaftar."],
    }
    assert SessionRegistration.objects.exists() is False
    assert AuditEvent.objects.exists() is False


def test_a_duplicate_email_for_the_same_session_is_refused_whatever_its_case():
    session = InformationSessionFactory.create()
    first = register(session)

    with pytest.raises(
        ConflictError, match=r"E-mail ini sudah terdaftar untuk sesi ini\."
    ) as refused:
        register(session, email="RINA.MARLINA@contoh.id", phone="081299998888")

    assert refused.value.field == "email"
    assert list(SessionRegistration.objects.values_list("pk", flat=True)) == [first.pk]
    assert AuditEvent.objects.count() == 1


def test_a_waitlisted_email_counts_as_registered_too():
    session = InformationSessionFactory.create()
    waiting = waitlisted(session, minutes_ago=5)

    with pytest.raises(ConflictError, match="E-mail ini sudah terdaftar"):
        register(session, email=waiting.email)

    assert SessionRegistration.objects.count() == 1


def test_the_same_email_may_register_for_another_session_or_again_after_cancelling():
    session, other = InformationSessionFactory.create_batch(2)
    first = register(session)
    register(other)
    services.cancel_registration(registration=first, actor=None)

    again = register(session)

    assert again.status == Status.REGISTERED
    assert SessionRegistration.objects.filter(session=session).count() == 2


def test_a_full_session_refuses_unless_the_waitlist_is_asked_for():
    session = InformationSessionFactory.create(capacity=1)
    SessionRegistrationFactory.create(session=session)

    with pytest.raises(services.SessionFullError, match=r"Kuota sesi ini sudah penuh\."):
        register(session)

    assert SessionRegistration.objects.count() == 1
    assert AuditEvent.objects.exists() is False


def test_asking_for_the_waitlist_of_a_full_session_waitlists_in_order(mailoutbox):
    session = InformationSessionFactory.create(capacity=1)
    SessionRegistrationFactory.create(session=session)

    first = register(session, waitlist=True)
    second = register(session, email="budi@contoh.id", waitlist=True)

    assert (first.status, second.status) == (Status.WAITLISTED, Status.WAITLISTED)
    assert first.waitlisted_at is not None
    assert first.waitlisted_at <= second.waitlisted_at
    assert (selectors.waitlist_position(first), selectors.waitlist_position(second)) == (1, 2)
    assert AuditEvent.objects.filter(action="training.session_registration.waitlisted").count() == 2


def test_asking_for_the_waitlist_while_a_seat_is_free_gives_the_seat():
    session = InformationSessionFactory.create(capacity=1)

    registration = register(session, waitlist=True)

    assert registration.status == Status.REGISTERED
    assert registration.waitlisted_at is None


def test_nobody_jumps_the_waitlist_even_when_a_seat_is_free():
    # given a seat freed without the promotion having run (e.g. a capacity change in the admin)
    session = InformationSessionFactory.create(capacity=2)
    SessionRegistrationFactory.create(session=session)
    waitlisted(session, minutes_ago=10)

    # then a newcomer is refused a seat and may only queue behind
    with pytest.raises(services.SessionFullError):
        register(session)
    queued = register(session, waitlist=True)
    assert selectors.waitlist_position(queued) == 2


@pytest.mark.parametrize(
    ("now", "message"),
    [
        (
            dt.datetime(2026, 12, 5, 0, 0, tzinfo=WIB),
            "Pendaftaran sesi ini sudah ditutup pada 4 Desember 2026 pukul 23.59 WIB.",
        ),
        (dt.datetime(2026, 12, 5, 12, 0, tzinfo=WIB), "Sesi ini sudah berlangsung."),
    ],
)
def test_registration_closed_or_the_session_past_is_refused(now, message):
    session = InformationSessionFactory.create()

    with (
        mock.patch("django.utils.timezone.now", return_value=now),
        pytest.raises(ConflictError) as refused,
    ):
        register(session)

    assert refused.value.message == message
    assert SessionRegistration.objects.exists() is False


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (InformationSession.Status.DRAFT, "Sesi ini belum dibuka untuk pendaftaran."),
        (InformationSession.Status.CANCELLED, "Sesi ini dibatalkan oleh penyelenggara."),
    ],
)
def test_a_draft_or_cancelled_session_takes_no_registration(status, message):
    session = InformationSessionFactory.create(status=status)

    with pytest.raises(ConflictError, match=message):
        register(session)

    assert SessionRegistration.objects.exists() is False


# --- Rate limit


def test_the_eleventh_attempt_in_an_hour_from_one_address_is_refused():
    for _ in range(10):
        services.check_registration_rate(client_address="10.1.1.1")

    with pytest.raises(services.RegistrationRateLimitError, match="Terlalu banyak percobaan"):
        services.check_registration_rate(client_address="10.1.1.1")
    services.check_registration_rate(client_address="10.1.1.2")  # another address is not affected


def test_the_limit_is_the_setting_of_ten_by_default(settings):
    assert services.registrations_per_hour() == 10
    settings.SIMERIT_SESSION_REGISTRATIONS_PER_HOUR = 3
    assert services.registrations_per_hour() == 3


def test_the_limit_is_a_setting_and_zero_switches_it_off(settings):
    settings.SIMERIT_SESSION_REGISTRATIONS_PER_HOUR = 0
    for _ in range(50):
        services.check_registration_rate(client_address="10.1.1.1")


# --- Cancelling


def test_cancelling_a_seat_promotes_the_first_waiting_and_emails_both(
    mailoutbox, django_capture_on_commit_callbacks
):
    session = InformationSessionFactory.create(capacity=1)
    seat = SessionRegistrationFactory.create(session=session, email="kursi@contoh.id")
    second = waitlisted(session, minutes_ago=5)
    first = waitlisted(session, minutes_ago=30)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=seat, actor=None)

    statuses = dict(SessionRegistration.objects.values_list("pk", "status"))
    assert statuses == {
        seat.pk: Status.CANCELLED,
        first.pk: Status.REGISTERED,
        second.pk: Status.WAITLISTED,
    }
    second.refresh_from_db()
    assert selectors.waitlist_position(second) == 1
    assert [(mail.to, mail.subject) for mail in mailoutbox] == [
        (["kursi@contoh.id"], "[SiMerit] Pendaftaran sesi dibatalkan"),
        ([first.email], "[SiMerit] Kursi tersedia: Anda kini terdaftar"),
    ]
    assert list(AuditEvent.objects.order_by("seq").values_list("action", "changes")) == [
        (
            "training.session_registration.cancelled",
            {"registration": seat.pk, "status": ["registered", "cancelled"], "by": "registrant"},
        ),
        (
            "training.session_registration.promoted",
            {"registration": first.pk, "status": ["waitlisted", "registered"]},
        ),
    ]


def test_cancelling_a_waitlisted_registration_promotes_nobody():
    session = InformationSessionFactory.create(capacity=1)
    SessionRegistrationFactory.create(session=session)
    first, second = waitlisted(session, minutes_ago=30), waitlisted(session, minutes_ago=5)

    services.cancel_registration(registration=first, actor=None)

    second.refresh_from_db()
    assert second.status == Status.WAITLISTED
    assert selectors.waitlist_position(second) == 1


def test_cancelling_twice_or_after_the_start_is_refused_and_changes_nothing():
    session = InformationSessionFactory.create()
    done = SessionRegistrationFactory.create(session=session, status=Status.CANCELLED)
    seat = SessionRegistrationFactory.create(session=session)

    with pytest.raises(ConflictError, match=r"Pendaftaran ini sudah dibatalkan\."):
        services.cancel_registration(registration=done, actor=None)
    started = dt.datetime(2026, 12, 5, 9, 0, tzinfo=WIB)
    with (
        mock.patch("django.utils.timezone.now", return_value=started),
        pytest.raises(ConflictError, match="Sesi sudah dimulai"),
    ):
        services.cancel_registration(registration=seat, actor=None)

    seat.refresh_from_db()
    assert seat.status == Status.REGISTERED
    assert AuditEvent.objects.exists() is False


def test_a_seat_freed_after_the_start_is_not_given_away():
    session = InformationSessionFactory.create(capacity=1)
    seat = SessionRegistrationFactory.create(session=session)
    waiting = waitlisted(session, minutes_ago=30)
    during = dt.datetime(2026, 12, 5, 10, 0, tzinfo=WIB)

    with mock.patch("django.utils.timezone.now", return_value=during):
        services.cancel_registration_as_hr(
            registration=seat, reason="Tidak hadir.", actor=session.created_by
        )

    waiting.refresh_from_db()
    assert waiting.status == Status.WAITLISTED


def test_admin_bkpsdm_cancels_with_a_reason_that_is_emailed(
    hr_admin, mailoutbox, django_capture_on_commit_callbacks
):
    seat = SessionRegistrationFactory.create()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration_as_hr(
            registration=seat, reason="Pendaftaran ganda.", actor=hr_admin
        )

    seat.refresh_from_db()
    assert seat.status == Status.CANCELLED
    assert "Alasan: Pendaftaran ganda." in mailoutbox[0].body
    event = AuditEvent.objects.get()
    assert (event.actor, event.changes["by"], event.changes["reason"]) == (
        hr_admin,
        "admin",
        "Pendaftaran ganda.",
    )


@pytest.mark.parametrize("persona", ["auditor", "employee", "applicant"])
def test_only_admin_bkpsdm_cancels_as_the_organiser(request, persona):
    seat = SessionRegistrationFactory.create()
    actor = request.getfixturevalue(persona)
    events = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        services.cancel_registration_as_hr(registration=seat, reason="Alasan.", actor=actor)

    seat.refresh_from_db()
    assert seat.status == Status.REGISTERED
    assert AuditEvent.objects.count() == events


def test_the_organiser_must_give_a_reason(hr_admin):
    seat = SessionRegistrationFactory.create()

    with pytest.raises(InvalidInputError, match=r"Alasan wajib diisi\."):
        services.cancel_registration_as_hr(registration=seat, reason="  ", actor=hr_admin)

    seat.refresh_from_db()
    assert seat.status == Status.REGISTERED


def test_a_failing_mailbox_does_not_stop_the_others(mailoutbox, monkeypatch):
    first, second = SessionRegistrationFactory.create_batch(2)
    sent = []

    def flaky(**kwargs):
        if kwargs["recipient_list"] == [first.email]:
            raise OSError("SMTP down")
        sent.append(kwargs["recipient_list"])

    monkeypatch.setattr(tasks, "send_mail", flaky)

    with pytest.raises(RuntimeError, match="1 of 2 e-mails failed"):
        tasks.send_registration_emails.call(
            registration_ids=[first.pk, second.pk], kind=tasks.Mail.REGISTERED
        )
    assert sent == [[second.email]]


def test_codes_are_unguessable_and_unique():
    codes = {services.new_code() for _ in range(200)}

    assert len(codes) == 200
    assert all(selectors.is_code(code) for code in codes)
    assert not set("01ILO") & set("".join(codes))
