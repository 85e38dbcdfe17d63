"""Registrants' personal data past the retention period (UU 27/2022 PDP): the service and the
command `training_purge_registrations` anonymise the registrations of sessions that ended more
than N days ago, once, with one audit row per run. TODAY is 28 November 2026, 10.00 WIB."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import InvalidInputError
from simerit.training.models import SessionRegistration
from simerit.training.services import public_retention as services
from simerit.training.tests.factories_public import (
    WIB,
    InformationSessionFactory,
    SessionRegistrationFactory,
    waitlisted,
)

pytestmark = pytest.mark.django_db

RegStatus = SessionRegistration.Status
ACTION = "training.session_registrations.anonymised"


def ended_on(day: dt.date):
    """A session held 09.00–12.00 WIB on `day`."""
    starts_at = dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=WIB)
    return InformationSessionFactory.create(
        starts_at=starts_at, registration_closes_at=starts_at - dt.timedelta(days=1)
    )


@pytest.fixture
def sessions(applicant):
    """Registrations of a session 119 days ago (a seat with an account, one waiting, one
    cancelled), one ended 89.9 days ago (not due by default), one 58 days ago, one upcoming."""
    old = ended_on(dt.date(2026, 8, 1))
    SessionRegistrationFactory.create(
        session=old,
        name="Rina Marlina",
        email="rina@contoh.id",
        phone="081234567890",
        user=applicant,
    )
    waitlisted(old, minutes_ago=5)
    SessionRegistrationFactory.create(session=old, status=RegStatus.CANCELLED)
    edge = ended_on(dt.date(2026, 8, 30))
    SessionRegistrationFactory.create(session=edge, name="Batas Hari")
    recent = ended_on(dt.date(2026, 10, 1))
    SessionRegistrationFactory.create(session=recent, name="Baru Saja")
    upcoming = InformationSessionFactory.create()
    SessionRegistrationFactory.create(session=upcoming, name="Akan Datang")
    return {"old": old, "edge": edge, "recent": recent, "upcoming": upcoming}


def people():
    """Who each registration still names, by session."""
    return sorted(
        SessionRegistration.objects.values_list("session__starts_at", "name", "email", "phone")
    )


def anonymised(session):
    return [
        (row.name, row.email, row.phone, row.user_id)
        for row in SessionRegistration.objects.filter(session=session).order_by("pk")
    ]


def run_command(*args):
    out = io.StringIO()
    call_command("training_purge_registrations", *args, stdout=out)
    return out.getvalue().strip()


def test_the_command_anonymises_sessions_ended_more_than_90_days_ago(sessions):
    codes = dict(SessionRegistration.objects.values_list("pk", "code"))
    statuses = dict(SessionRegistration.objects.values_list("pk", "status"))

    output = run_command()

    assert output == (
        "3 pendaftaran dari 1 sesi dianonimkan (sesi yang berakhir lebih dari 90 hari lalu)."
    )
    old_ids = list(
        SessionRegistration.objects.filter(session=sessions["old"])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert anonymised(sessions["old"]) == [
        ("(dianonimkan)", f"anonim-{pk}@anonim.invalid", "", None) for pk in old_ids
    ]
    kept = SessionRegistration.objects.exclude(session=sessions["old"])
    assert sorted(kept.values_list("name", flat=True)) == [
        "Akan Datang",
        "Baru Saja",
        "Batas Hari",
    ]
    assert all("@contoh.id" in email for email in kept.values_list("email", flat=True))
    # The register itself stays: codes, statuses and the counts of the old session.
    assert dict(SessionRegistration.objects.values_list("pk", "code")) == codes
    assert dict(SessionRegistration.objects.values_list("pk", "status")) == statuses
    event = AuditEvent.objects.get(action=ACTION)
    assert event.actor is None
    assert event.target_id == ""
    changes = dict(event.changes)
    assert changes.pop("cutoff").startswith("2026-08-30T03:00:")  # 90 days before now
    assert changes == {"days": 90, "registrations": 3, "sessions": 1}


def test_a_second_run_changes_nothing_and_records_the_run(sessions):
    run_command()
    after_first = people()

    output = run_command()

    assert output.startswith("0 pendaftaran dari 0 sesi dianonimkan")
    assert people() == after_first
    counts = [
        event.changes["registrations"]
        for event in AuditEvent.objects.filter(action=ACTION).order_by("seq")
    ]
    assert counts == [3, 0]


def test_days_on_the_command_line_and_the_setting_choose_the_period(sessions, settings):
    settings.SIMERIT_SESSION_REGISTRATION_RETENTION_DAYS = 200
    assert run_command().startswith("0 pendaftaran dari 0 sesi")

    assert run_command("--days", "30").startswith("5 pendaftaran dari 3 sesi")

    assert anonymised(sessions["upcoming"])[0][0] == "Akan Datang"
    assert [
        event.changes["days"] for event in AuditEvent.objects.filter(action=ACTION).order_by("seq")
    ] == [
        200,
        30,
    ]


def test_the_retention_defaults_to_90_days_without_the_setting(settings):
    del settings.SIMERIT_SESSION_REGISTRATION_RETENTION_DAYS

    assert services.retention_days() == 90


@pytest.mark.parametrize("days", ["-1", "3651"])
def test_an_absurd_period_is_refused_with_nothing_changed(sessions, days):
    before = people()

    with pytest.raises(CommandError, match=r"Masa simpan harus antara 0 dan 3650 hari\."):
        run_command("--days", days)

    assert people() == before
    assert AuditEvent.objects.filter(action=ACTION).exists() is False


@pytest.mark.parametrize("persona", ["employee", "auditor", "opd_admin"])
def test_only_admin_bkpsdm_may_run_it_from_an_account(request, sessions, persona):
    before = people()

    with pytest.raises(PermissionDenied):
        services.anonymise_registrations(actor=request.getfixturevalue(persona))

    assert people() == before
    assert AuditEvent.objects.filter(action=ACTION).exists() is False


def test_admin_bkpsdm_may_run_it_and_is_the_actor(sessions, hr_admin):
    run = services.anonymise_registrations(days=90, actor=hr_admin)

    assert (run.registrations, run.sessions) == (3, 1)
    assert AuditEvent.objects.get(action=ACTION).actor == hr_admin
    with pytest.raises(InvalidInputError):
        services.anonymise_registrations(days=-5, actor=hr_admin)


def test_the_consent_text_says_how_long_the_data_is_kept(client, settings):
    settings.SIMERIT_SESSION_REGISTRATION_RETENTION_DAYS = 60
    session = InformationSessionFactory.create()

    page = client.get(reverse("preparation:session-detail", args=[session.pk])).content.decode()

    assert "Data ini dianonimkan 60 hari setelah sesi berakhir." in page
