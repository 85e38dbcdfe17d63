"""Admin BKPSDM's information sessions: create, change, publish, cancel (services/public_sessions.py)."""

import dataclasses
import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.training.models import InformationSession, SessionRegistration
from simerit.training.services import public_sessions as services
from simerit.training.tests.factories_public import (
    WIB,
    InformationSessionFactory,
    SessionRegistrationFactory,
    waitlisted,
)

pytestmark = pytest.mark.django_db

Status = InformationSession.Status
RegStatus = SessionRegistration.Status

GOOD = services.SessionInput(
    title="  Sosialisasi  Seleksi CASN 2027 ",
    kind=InformationSession.Kind.BRIEFING,
    description="Persyaratan dan tahapan seleksi.",
    starts_at=dt.datetime(2026, 12, 12, 9, 0, tzinfo=WIB),
    ends_at=dt.datetime(2026, 12, 12, 12, 0, tzinfo=WIB),
    registration_closes_at=dt.datetime(2026, 12, 11, 17, 0, tzinfo=WIB),
    capacity=100,
    venue="Aula BKPSDM",
)


def changed(**values):
    return dataclasses.replace(GOOD, **values)


def same(session, **values):
    """The session's own values, with `values` changed."""
    current = services.SessionInput(
        title=session.title,
        kind=session.kind,
        description=session.description,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        registration_closes_at=session.registration_closes_at,
        capacity=session.capacity,
        venue=session.venue,
        online_url=session.online_url,
        period=session.period,
    )
    return dataclasses.replace(current, **values)


def test_admin_bkpsdm_creates_a_draft_and_it_is_audited(hr_admin):
    session = services.create_session(data=GOOD, actor=hr_admin)

    session.refresh_from_db()
    assert (session.title, session.status, session.created_by) == (
        "Sosialisasi Seleksi CASN 2027",
        Status.DRAFT,
        hr_admin,
    )
    event = AuditEvent.objects.get(action="training.information_session.created")
    assert event.changes["capacity"] == 100
    assert event.changes["starts_at"] == "2026-12-12T09:00:00+07:00"


@pytest.mark.parametrize("persona", ["auditor", "employee", "opd_admin", "applicant"])
def test_nobody_else_manages_sessions_and_nothing_changes(request, persona):
    actor = request.getfixturevalue(persona)
    session = InformationSessionFactory.create(status=Status.DRAFT)
    events = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        services.create_session(data=GOOD, actor=actor)
    with pytest.raises(PermissionDenied):
        services.update_session(session=session, data=GOOD, actor=actor)
    with pytest.raises(PermissionDenied):
        services.publish_session(session=session, actor=actor)
    with pytest.raises(PermissionDenied):
        services.cancel_session(session=session, reason="Alasan.", actor=actor)

    assert InformationSession.objects.count() == 1
    session.refresh_from_db()
    assert (session.status, session.cancelled_at, session.cancel_reason) == (Status.DRAFT, None, "")
    assert AuditEvent.objects.count() == events


def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(hr_admin):
    bad = changed(
        title=" ",
        kind="seminar",
        description="",
        starts_at=dt.datetime(2026, 11, 27, 9, 0, tzinfo=WIB),
        ends_at=dt.datetime(2026, 11, 27, 8, 0, tzinfo=WIB),
        registration_closes_at=dt.datetime(2026, 11, 27, 10, 0, tzinfo=WIB),
        capacity=0,
        venue="",
        online_url="javascript:alert(1)",
    )

    with pytest.raises(InvalidInputError) as refused:
        services.create_session(data=bad, actor=hr_admin)

    assert refused.value.errors == {
        "title": ["Judul wajib diisi."],
        "kind": ["Jenis sesi tidak dikenal."],
        "description": ["Uraian wajib diisi: apa yang dibahas dan untuk siapa."],
        "online_url": [
            "Tautan daring harus alamat http(s) yang lengkap, paling banyak 200 karakter."
        ],
        "capacity": ["Kapasitas harus antara 1 dan 100.000."],
        "starts_at": ["Waktu mulai harus di masa mendatang."],
        "ends_at": ["Waktu selesai harus sesudah waktu mulai."],
        "registration_closes_at": ["Batas pendaftaran tidak boleh sesudah waktu mulai sesi."],
    }
    assert InformationSession.objects.exists() is False
    assert AuditEvent.objects.exists() is False


def test_a_place_or_a_link_is_required_and_a_month_is_the_longest(hr_admin):
    with pytest.raises(InvalidInputError) as refused:
        services.create_session(
            data=changed(venue="", ends_at=dt.datetime(2027, 1, 20, 9, 0, tzinfo=WIB)),
            actor=hr_admin,
        )

    assert refused.value.errors == {
        "venue": ["Isi tempat, tautan daring, atau keduanya."],
        "ends_at": ["Sesi paling lama 31 hari."],
    }
    assert InformationSession.objects.exists() is False
    assert AuditEvent.objects.exists() is False


def test_an_online_only_session_is_fine(hr_admin):
    session = services.create_session(
        data=changed(venue="", online_url="https://zoom.example/j/123"), actor=hr_admin
    )

    assert session.online_url == "https://zoom.example/j/123"


def test_publishing_a_draft_opens_it_once(hr_admin):
    session = InformationSessionFactory.create(status=Status.DRAFT)

    services.publish_session(session=session, actor=hr_admin)

    session.refresh_from_db()
    assert session.status == Status.PUBLISHED
    with pytest.raises(ConflictError, match="Hanya sesi berstatus draf"):
        services.publish_session(session=session, actor=hr_admin)
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [
        "training.information_session.published"
    ]


def test_a_draft_past_its_registration_deadline_is_not_published(hr_admin):
    session = InformationSessionFactory.create(
        status=Status.DRAFT, registration_closes_at=dt.datetime(2026, 11, 28, 9, 0, tzinfo=WIB)
    )

    with pytest.raises(ConflictError, match="Batas pendaftaran sesi ini sudah lewat"):
        services.publish_session(session=session, actor=hr_admin)

    session.refresh_from_db()
    assert session.status == Status.DRAFT


def test_changing_time_of_a_published_session_emails_every_registrant(
    hr_admin, mailoutbox, django_capture_on_commit_callbacks
):
    session = InformationSessionFactory.create(capacity=1)
    seat = SessionRegistrationFactory.create(session=session)
    waiting = waitlisted(session, minutes_ago=5)
    SessionRegistrationFactory.create(session=session, status=RegStatus.CANCELLED)
    data = same(
        session,
        starts_at=dt.datetime(2026, 12, 5, 13, 0, tzinfo=WIB),
        ends_at=dt.datetime(2026, 12, 5, 15, 0, tzinfo=WIB),
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(session=session, data=data, actor=hr_admin)

    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([seat.email, waiting.email])
    assert "Waktu: 5 Desember 2026 pukul 13.00 WIB s.d. pukul 15.00 WIB" in mailoutbox[0].body
    event = AuditEvent.objects.get(action="training.information_session.updated")
    assert event.changes == {
        "starts_at": ["2026-12-05T09:00:00+07:00", "2026-12-05T13:00:00+07:00"],
        "ends_at": ["2026-12-05T12:00:00+07:00", "2026-12-05T15:00:00+07:00"],
    }


def test_a_larger_capacity_moves_the_waitlist_up_in_order(hr_admin):
    session = InformationSessionFactory.create(capacity=1)
    SessionRegistrationFactory.create(session=session)
    late, early, earliest = (waitlisted(session, minutes_ago=m) for m in (5, 20, 60))
    data = same(session, capacity=3)

    services.update_session(session=session, data=data, actor=hr_admin)

    statuses = dict(SessionRegistration.objects.values_list("pk", "status"))
    assert (statuses[earliest.pk], statuses[early.pk], statuses[late.pk]) == (
        RegStatus.REGISTERED,
        RegStatus.REGISTERED,
        RegStatus.WAITLISTED,
    )


def test_the_capacity_may_not_drop_below_the_seats_taken(hr_admin):
    session = InformationSessionFactory.create(capacity=3)
    SessionRegistrationFactory.create_batch(2, session=session)

    with pytest.raises(InvalidInputError) as refused:
        services.update_session(
            session=session,
            data=same(session, capacity=1),
            actor=hr_admin,
        )

    assert refused.value.errors == {
        "capacity": [
            "Kapasitas tidak boleh kurang dari jumlah pendaftar yang sudah mendapat kursi (2)."
        ]
    }
    session.refresh_from_db()
    assert session.capacity == 3
    assert AuditEvent.objects.exists() is False


def test_a_session_under_way_keeps_its_start_but_an_ended_one_is_frozen(hr_admin):
    session = InformationSessionFactory.create()
    during = dt.datetime(2026, 12, 5, 10, 0, tzinfo=WIB)
    data = same(session, ends_at=session.ends_at + dt.timedelta(hours=1))

    with mock.patch("django.utils.timezone.now", return_value=during):
        services.update_session(session=session, data=data, actor=hr_admin)
    after = session.ends_at + dt.timedelta(hours=2)
    with (
        mock.patch("django.utils.timezone.now", return_value=after),
        pytest.raises(ConflictError, match=r"Sesi yang sudah selesai tidak dapat diubah\."),
    ):
        services.update_session(session=session, data=GOOD, actor=hr_admin)

    session.refresh_from_db()
    assert session.ends_at == dt.datetime(2026, 12, 5, 13, 0, tzinfo=WIB)


def test_cancelling_a_session_emails_everyone_with_the_reason(
    hr_admin, mailoutbox, django_capture_on_commit_callbacks
):
    session = InformationSessionFactory.create(capacity=1)
    seat = SessionRegistrationFactory.create(session=session)
    waiting = waitlisted(session, minutes_ago=5)

    moment = dt.datetime(2026, 12, 3, 14, 5, tzinfo=WIB)
    with (
        django_capture_on_commit_callbacks(execute=True),
        mock.patch("django.utils.timezone.now", return_value=moment),
    ):
        services.cancel_session(
            session=session, reason="  Narasumber berhalangan.  ", actor=hr_admin
        )

    session.refresh_from_db()
    assert (session.status, session.cancelled_at, session.cancel_reason) == (
        Status.CANCELLED,
        dt.datetime(2026, 12, 3, 14, 5, tzinfo=WIB),
        "Narasumber berhalangan.",
    )
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([seat.email, waiting.email])
    assert all("Alasan: Narasumber berhalangan." in mail.body for mail in mailoutbox)
    assert AuditEvent.objects.get().changes == {
        "status": ["published", "cancelled"],
        "reason": "Narasumber berhalangan.",
        "registrants_emailed": 2,
    }
    with pytest.raises(ConflictError, match=r"Sesi ini sudah dibatalkan\."):
        services.cancel_session(session=session, reason="Lagi.", actor=hr_admin)
    with pytest.raises(ConflictError, match=r"Sesi yang sudah dibatalkan tidak dapat diubah\."):
        services.update_session(session=session, data=GOOD, actor=hr_admin)
    session.refresh_from_db()
    assert (session.cancelled_at, session.cancel_reason) == (
        dt.datetime(2026, 12, 3, 14, 5, tzinfo=WIB),
        "Narasumber berhalangan.",
    )
    assert AuditEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Alasan wajib diisi."),
        ("   ", "Alasan wajib diisi."),
        ("x" * 501, "Alasan paling banyak 500 karakter."),
    ],
)
def test_a_cancellation_needs_a_reason_of_at_most_500_characters(hr_admin, reason, message):
    session = InformationSessionFactory.create()

    with pytest.raises(InvalidInputError) as refused:
        services.cancel_session(session=session, reason=reason, actor=hr_admin)

    assert refused.value.errors == {"reason": [message]}
    session.refresh_from_db()
    assert (session.status, session.cancelled_at, session.cancel_reason) == (
        Status.PUBLISHED,
        None,
        "",
    )
    assert AuditEvent.objects.exists() is False


def test_a_reason_of_500_characters_is_kept_whole(hr_admin):
    session = InformationSessionFactory.create()

    services.cancel_session(session=session, reason="x" * 500, actor=hr_admin)

    session.refresh_from_db()
    assert session.cancel_reason == "x" * 500


def test_a_session_that_has_ended_is_not_cancelled_and_keeps_no_reason(hr_admin):
    session = InformationSessionFactory.create()
    after = dt.datetime(2026, 12, 5, 12, 0, tzinfo=WIB)

    with (
        mock.patch("django.utils.timezone.now", return_value=after),
        pytest.raises(ConflictError, match=r"Sesi yang sudah selesai tidak dapat dibatalkan\."),
    ):
        services.cancel_session(session=session, reason="Terlambat.", actor=hr_admin)

    session.refresh_from_db()
    assert (session.status, session.cancelled_at, session.cancel_reason) == (
        Status.PUBLISHED,
        None,
        "",
    )
