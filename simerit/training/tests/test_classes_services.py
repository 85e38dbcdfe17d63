import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.notifications.models import Notification
from simerit.training.models import Enrolment, TrainingClass
from simerit.training.services import classes as services
from simerit.training.services.classes import ClassInput
from simerit.training.tests.factories import (
    MeetingFactory,
    ProgrammeFactory,
    TrainingClassFactory,
    TrainingYearFactory,
)
from simerit.training.tests.factories_classes import (
    employee_user,
    participant,
    running_class,
    wib,
)

pytestmark = pytest.mark.django_db


def training_actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith="training.")
        .order_by("seq")
        .values_list("action", flat=True)
    )


def class_input(**overrides) -> ClassInput:
    values: dict[str, Any] = {
        "name": "Angkatan I",
        "starts_on": dt.date(2026, 12, 14),
        "ends_on": dt.date(2026, 12, 16),
        "enrolment_closes_on": dt.date(2026, 12, 10),
        "capacity": 30,
        "venue": "Aula BKPSDM",
    }
    values.update(overrides)
    return ClassInput(**values)


def same_as(training_class: TrainingClass, **overrides) -> ClassInput:
    """The class's own values as input, with `overrides`."""
    values: dict[str, Any] = {
        "name": training_class.name,
        "starts_on": training_class.starts_on,
        "ends_on": training_class.ends_on,
        "enrolment_closes_on": training_class.enrolment_closes_on,
        "capacity": training_class.capacity,
        "venue": training_class.venue,
        "online_url": training_class.online_url,
        "min_attendance_percent": training_class.min_attendance_percent,
        "work_unit": training_class.work_unit,
    }
    values.update(overrides)
    return ClassInput(**values)


# --- create


def test_hr_creates_a_draft_class_with_the_programmes_jp(hr_admin):
    programme = ProgrammeFactory.create(jp=Decimal("24.0"))

    created = services.create_class(programme=programme, data=class_input(), actor=hr_admin)

    created.refresh_from_db()
    assert (created.status, created.jp, created.created_by, created.capacity) == (
        TrainingClass.Status.DRAFT,
        Decimal("24.0"),
        hr_admin,
        30,
    )
    event = AuditEvent.objects.get(action="training.class.created")
    assert event.target_id == str(created.pk)
    assert event.changes["programme"] == programme.code
    assert event.changes["jp"] == "24.0"


def test_a_class_may_have_its_own_jp(hr_admin):
    programme = ProgrammeFactory.create(jp=Decimal("24.0"))
    created = services.create_class(
        programme=programme, data=class_input(jp=Decimal("20.5")), actor=hr_admin
    )
    assert created.jp == Decimal("20.5")


def test_create_refuses_bad_input_field_by_field_and_changes_nothing(hr_admin):
    programme = ProgrammeFactory.create()

    with pytest.raises(InvalidInputError) as refused:
        services.create_class(
            programme=programme,
            data=class_input(
                name=" ",
                capacity=0,
                venue="",
                online_url="bukan alamat",
                enrolment_closes_on=dt.date(2026, 12, 15),
                jp=Decimal("-2"),
                min_attendance_percent=120,
            ),
            actor=hr_admin,
        )

    assert refused.value.errors == {
        "enrolment_closes_on": [
            "Pendaftaran harus ditutup paling lambat pada tanggal mulai kelas."
        ],
        "name": ["Nama kelas/angkatan wajib diisi."],
        "capacity": ["Kapasitas harus antara 1 dan 5.000 peserta."],
        "min_attendance_percent": ["Kehadiran minimum harus antara 0 dan 100 persen."],
        "online_url": ["Tautan daring harus berupa alamat web (https://...)."],
        "jp": ["JP tidak boleh negatif; isi 0,5 sampai 999,9 JP."],
    }
    assert TrainingClass.objects.count() == 0
    assert training_actions() == []


def test_create_refuses_an_absurd_jp_for_the_days_with_the_configured_ceiling(hr_admin):
    TrainingYearFactory.create(year=2026, max_jp_per_day=Decimal("6.0"))
    programme = ProgrammeFactory.create(jp=Decimal("24.0"))

    with pytest.raises(InvalidInputError) as refused:
        services.create_class(programme=programme, data=class_input(), actor=hr_admin)

    assert refused.value.errors == {
        "jp": ["JP 24 tidak masuk akal untuk kelas 3 hari: paling banyak 18 JP (6 JP per hari)."]
    }
    assert TrainingClass.objects.count() == 0
    assert training_actions() == []


def test_the_daily_ceiling_is_that_of_the_year_the_class_ends(hr_admin):
    """28 December 2026 – 3 January 2027 (7 days) belongs to 2027 (rules.jp.training_year): 2027's
    ceiling of 4 JP a day applies, not 2026's 10."""
    TrainingYearFactory.create(year=2026, max_jp_per_day=Decimal("10.0"))
    TrainingYearFactory.create(year=2027, max_jp_per_day=Decimal("4.0"))
    programme = ProgrammeFactory.create(jp=Decimal("30.0"))
    dates: dict[str, Any] = {
        "starts_on": dt.date(2026, 12, 28),
        "ends_on": dt.date(2027, 1, 3),
        "enrolment_closes_on": dt.date(2026, 12, 20),
    }

    with pytest.raises(InvalidInputError) as refused:
        services.create_class(programme=programme, data=class_input(**dates), actor=hr_admin)

    assert refused.value.errors == {
        "jp": ["JP 30 tidak masuk akal untuk kelas 7 hari: paling banyak 28 JP (4 JP per hari)."]
    }
    assert TrainingClass.objects.count() == 0
    created = services.create_class(
        programme=programme, data=class_input(jp=Decimal("28.0"), **dates), actor=hr_admin
    )
    assert created.jp == Decimal("28.0")


def test_an_online_only_class_needs_no_venue(hr_admin):
    created = services.create_class(
        programme=ProgrammeFactory.create(),
        data=class_input(venue="", online_url="https://zoom.us/j/123"),
        actor=hr_admin,
    )
    assert created.online_url == "https://zoom.us/j/123"


def test_create_refuses_an_inactive_programme(hr_admin):
    programme = ProgrammeFactory.create(is_active=False)
    with pytest.raises(DomainError, match="Program ini tidak aktif"):
        services.create_class(programme=programme, data=class_input(), actor=hr_admin)
    assert TrainingClass.objects.count() == 0


def test_only_hr_creates_classes(employee, auditor, supervisor):
    programme = ProgrammeFactory.create()
    for user in (employee, supervisor):
        with pytest.raises(PermissionDenied, match="Hanya Admin BKPSDM"):
            services.create_class(programme=programme, data=class_input(), actor=user)
    with pytest.raises(PermissionDenied, match="hanya dapat membaca"):
        services.create_class(programme=programme, data=class_input(), actor=auditor)
    assert TrainingClass.objects.count() == 0
    assert training_actions() == []


# --- update


def test_update_records_only_the_changed_fields(hr_admin):
    training_class = TrainingClassFactory.create()
    old_name = training_class.name

    updated = services.update_class(
        training_class=training_class,
        data=same_as(training_class, name="Angkatan II", capacity=40),
        actor=hr_admin,
    )
    services.update_class(training_class=updated, data=same_as(updated), actor=hr_admin)

    training_class.refresh_from_db()
    assert (training_class.name, training_class.capacity) == ("Angkatan II", 40)
    event = AuditEvent.objects.get(action="training.class.updated")
    assert event.changes == {"name": [old_name, "Angkatan II"], "capacity": [30, 40]}
    assert training_actions() == ["training.class.updated"]  # the no-op wrote nothing


def test_capacity_cannot_drop_below_the_seats_taken(hr_admin):
    training_class = TrainingClassFactory.create(capacity=2)
    participant(training_class, name="Satu")
    participant(training_class, name="Dua")

    with pytest.raises(DomainError) as refused:
        services.update_class(
            training_class=training_class, data=same_as(training_class, capacity=1), actor=hr_admin
        )

    assert refused.value.message == (
        "Kapasitas tidak boleh kurang dari jumlah peserta yang sudah mendapat kursi (2)."
    )
    assert refused.value.field == "capacity"
    training_class.refresh_from_db()
    assert training_class.capacity == 2


def test_more_capacity_gives_seats_to_the_first_waitlisted(hr_admin):
    training_class = TrainingClassFactory.create(capacity=1)
    participant(training_class, name="Duduk")
    first = participant(training_class, name="Tunggu Satu", status=Enrolment.Status.WAITLISTED)
    second = participant(training_class, name="Tunggu Dua", status=Enrolment.Status.WAITLISTED)

    services.update_class(
        training_class=training_class, data=same_as(training_class, capacity=2), actor=hr_admin
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)
    assert training_actions() == ["training.class.updated", "training.enrolment.promoted"]
    assert Notification.objects.filter(user=first.employee.user).count() == 1


def test_jp_is_fixed_once_enrolment_closed_or_someone_was_decided(hr_admin):
    closed = TrainingClassFactory.create(status=TrainingClass.Status.CLOSED)
    with pytest.raises(DomainError, match="JP hanya dapat diubah") as refused:
        services.update_class(
            training_class=closed, data=same_as(closed, jp=Decimal("10.0")), actor=hr_admin
        )
    assert refused.value.field == "jp"

    decided = running_class(status=TrainingClass.Status.OPEN)
    participant(decided, status=Enrolment.Status.COMPLETED)
    with pytest.raises(DomainError, match="JP hanya dapat diubah"):
        services.update_class(
            training_class=decided, data=same_as(decided, jp=Decimal("10.0")), actor=hr_admin
        )
    with pytest.raises(DomainError, match="Kehadiran minimum tidak dapat diubah"):
        services.update_class(
            training_class=decided, data=same_as(decided, min_attendance_percent=50), actor=hr_admin
        )
    assert set(TrainingClass.objects.values_list("jp", flat=True)) == {Decimal("12.0")}
    assert training_actions() == []


def test_new_dates_must_keep_the_meetings_inside(hr_admin):
    training_class = TrainingClassFactory.create()
    MeetingFactory.create(training_class=training_class, number=2, starts_at=wib(16, 8, month=12))

    with pytest.raises(DomainError) as refused:
        services.update_class(
            training_class=training_class,
            data=same_as(training_class, ends_on=dt.date(2026, 12, 15)),
            actor=hr_admin,
        )

    assert refused.value.message == (
        "Pertemuan ke-2 (16 Desember 2026 pukul 08.00 WIB) berada di luar tanggal kelas yang "
        "baru; ubah atau batalkan pertemuan itu dahulu."
    )
    training_class.refresh_from_db()
    assert training_class.ends_on == dt.date(2026, 12, 16)


def test_a_class_cannot_be_restricted_to_a_unit_its_participants_are_not_in(hr_admin, org):
    training_class = TrainingClassFactory.create()
    participant(training_class, employee_user("Guru Disdik", unit=org.disdik))

    with pytest.raises(DomainError, match="Ada 1 peserta atau pendaftar dari luar unit kerja"):
        services.update_class(
            training_class=training_class,
            data=same_as(training_class, work_unit=org.dinkes),
            actor=hr_admin,
        )

    training_class.refresh_from_db()
    assert training_class.work_unit is None


@pytest.mark.parametrize("status", [TrainingClass.Status.COMPLETED, TrainingClass.Status.CANCELLED])
def test_completed_and_cancelled_classes_are_not_edited(hr_admin, status):
    training_class = TrainingClassFactory.create(status=status)
    name = training_class.name
    with pytest.raises(DomainError, match="tidak dapat diubah"):
        services.update_class(
            training_class=training_class, data=same_as(training_class, name="X"), actor=hr_admin
        )
    training_class.refresh_from_db()
    assert (training_class.name, training_class.status) == (name, status)
    assert training_actions() == []


# --- open, close, cancel


def test_open_then_close_then_open_again(hr_admin):
    training_class = TrainingClassFactory.create(status=TrainingClass.Status.DRAFT)

    services.open_class(training_class=training_class, actor=hr_admin)
    with pytest.raises(ConflictError, match="sudah dibuka"):
        services.open_class(training_class=training_class, actor=hr_admin)
    services.close_enrolment(training_class=training_class, actor=hr_admin)
    services.open_class(training_class=training_class, actor=hr_admin)

    training_class.refresh_from_db()
    assert training_class.status == TrainingClass.Status.OPEN
    assert training_actions() == [
        "training.class.opened",
        "training.class.closed",
        "training.class.opened",
    ]
    assert AuditEvent.objects.filter(action="training.class.closed").get().changes == {
        "status": ["open", "closed"]
    }


def test_a_class_past_its_enrolment_deadline_is_not_opened(hr_admin):
    training_class = running_class(status=TrainingClass.Status.DRAFT)
    with pytest.raises(DomainError, match="Batas pendaftaran kelas ini sudah lewat"):
        services.open_class(training_class=training_class, actor=hr_admin)
    training_class.refresh_from_db()
    assert training_class.status == TrainingClass.Status.DRAFT


def test_a_class_of_an_inactive_programme_is_not_opened(hr_admin):
    training_class = TrainingClassFactory.create(
        status=TrainingClass.Status.DRAFT, programme=ProgrammeFactory.create(is_active=False)
    )
    with pytest.raises(DomainError, match="Program kelas ini sudah tidak aktif"):
        services.open_class(training_class=training_class, actor=hr_admin)
    training_class.refresh_from_db()
    assert training_class.status == TrainingClass.Status.DRAFT
    assert training_actions() == []


def test_only_an_open_class_closes(hr_admin):
    draft = TrainingClassFactory.create(status=TrainingClass.Status.DRAFT)
    with pytest.raises(DomainError, match="Hanya kelas yang pendaftarannya dibuka"):
        services.close_enrolment(training_class=draft, actor=hr_admin)
    draft.refresh_from_db()
    assert draft.status == TrainingClass.Status.DRAFT


def test_cancel_ends_every_live_enrolment_and_tells_them(hr_admin):
    training_class = TrainingClassFactory.create()
    seated = participant(training_class, name="Duduk")
    waiting = participant(training_class, name="Tunggu", status=Enrolment.Status.WAITLISTED)
    pending = participant(training_class, name="Minta", status=Enrolment.Status.PENDING)
    rejected = participant(training_class, name="Tolak", status=Enrolment.Status.REJECTED)

    services.cancel_class(
        training_class=training_class, reason="Narasumber berhalangan.", actor=hr_admin
    )

    training_class.refresh_from_db()
    assert training_class.status == TrainingClass.Status.CANCELLED
    for enrolment in (seated, waiting, pending):
        enrolment.refresh_from_db()
        assert enrolment.status == Enrolment.Status.CANCELLED
        assert enrolment.cancel_reason == "Kelas dibatalkan: Narasumber berhalangan."
    rejected.refresh_from_db()
    assert rejected.status == Enrolment.Status.REJECTED
    event = AuditEvent.objects.get(action="training.class.cancelled")
    assert event.changes == {
        "status": ["open", "cancelled"],
        "reason": "Narasumber berhalangan.",
        "enrolments_cancelled": 3,
    }
    assert Notification.objects.filter(title="Kelas pelatihan dibatalkan").count() == 3
    assert training_actions() == [*["training.enrolment.cancelled"] * 3, "training.class.cancelled"]


def test_participants_with_a_deactivated_account_are_not_notified(hr_admin):
    training_class = TrainingClassFactory.create()
    active = participant(training_class, name="Aktif")
    gone = participant(training_class, name="Pensiun")
    User.objects.filter(employee=gone.employee).update(is_active=False)

    services.cancel_class(training_class=training_class, reason="Ditunda.", actor=hr_admin)

    notified = Notification.objects.filter(title="Kelas pelatihan dibatalkan")
    assert [n.user_id for n in notified] == [active.employee.user_id]
    gone.refresh_from_db()
    assert gone.status == Enrolment.Status.CANCELLED


def test_cancel_needs_a_reason_and_refuses_a_class_with_results(hr_admin):
    training_class = running_class()
    seated = participant(training_class, status=Enrolment.Status.COMPLETED)

    with pytest.raises(InvalidInputError) as refused:
        services.cancel_class(training_class=training_class, reason="  ", actor=hr_admin)
    assert refused.value.errors == {"reason": ["Alasan wajib diisi."]}
    with pytest.raises(DomainError, match="peserta lulus atau tidak lulus"):
        services.cancel_class(training_class=training_class, reason="Batal.", actor=hr_admin)

    training_class.refresh_from_db()
    seated.refresh_from_db()
    assert (training_class.status, seated.status) == ("closed", "completed")
    assert training_actions() == []


def test_cancel_by_an_employee_is_denied(employee):
    training_class = TrainingClassFactory.create()
    with pytest.raises(PermissionDenied):
        services.cancel_class(training_class=training_class, reason="Batal.", actor=employee)
    training_class.refresh_from_db()
    assert training_class.status == TrainingClass.Status.OPEN


def test_roster_export_is_audited_for_readers_only(hr_admin, auditor, employee):
    training_class = TrainingClassFactory.create()
    services.record_roster_export(training_class=training_class, rows=3, actor=auditor)
    with pytest.raises(PermissionDenied):
        services.record_roster_export(training_class=training_class, rows=3, actor=employee)
    event = AuditEvent.objects.get(action="training.roster.exported")
    assert (event.actor, event.changes) == (auditor, {"rows": 3})
