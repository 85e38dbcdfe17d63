import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.notifications.models import Notification
from simerit.training.models import Enrolment, TrainingClass
from simerit.training.services import enrolment as services
from simerit.training.tests.factories import EnrolmentFactory, TrainingClassFactory
from simerit.training.tests.factories_enrolment import (
    employee_of,
    fill,
    klass_fixture,  # noqa: F401
    make_member,
    small_class_fixture,  # noqa: F401
    snapshot,
    waitlisted,
)

WIB = dt.timezone(dt.timedelta(hours=7))


def at(monkeypatch, moment: dt.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def events():
    """The audit rows of training (the personas' fixtures write their own)."""
    return AuditEvent.objects.filter(action__startswith="training.").order_by("seq")


def actions() -> list[str]:
    return list(events().values_list("action", flat=True))


def request(klass, user, motivation=""):
    return services.request_enrolment(training_class=klass, motivation=motivation, actor=user)


# --- The employee's own request


def test_request_creates_a_pending_request_audits_and_notifies_the_direct_supervisor(
    klass, employee, supervisor
):
    enrolment = request(klass, employee, "  Untuk tugas pelayanan.  ")

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.PENDING
    assert enrolment.route == Enrolment.Route.SELF
    assert enrolment.employee == employee_of(employee)
    assert enrolment.requested_by == employee
    assert enrolment.motivation == "Untuk tugas pelayanan."
    event = events().get()
    assert event.action == "training.enrolment.requested"
    assert event.target_id == str(enrolment.pk)
    assert event.changes == {
        "training_class": klass.pk,
        "route": "self",
        "status": "pending",
        "motivation": "Untuk tugas pelayanan.",
    }
    note = Notification.objects.get()
    assert note.user == supervisor
    assert note.title == "Permintaan pelatihan menunggu persetujuan"
    assert note.url == "/pelatihan/persetujuan/"


def test_request_of_an_employee_without_supervisor_goes_to_admin_bkpsdm(
    klass, supervisor, hr_admin
):
    # The Kepala Bidang persona has no supervisor of their own.
    UserFactory.create(roles=[Role.ADMIN_BKPSDM], is_active=False)

    request(klass, supervisor)

    # Every active Admin BKPSDM: the persona and the one who created the programme.
    assert set(Notification.objects.values_list("user", flat=True)) == {
        hr_admin.pk,
        klass.created_by_id,
    }


def test_request_refuses_a_duplicate_and_changes_nothing(klass, employee):
    request(klass, employee)
    before = snapshot()

    with pytest.raises(ConflictError, match=r"^Anda sudah terdaftar/mengajukan kelas ini\.$"):
        request(klass, employee)

    assert snapshot() == before


def test_request_after_a_rejection_is_allowed_again(klass, employee):
    EnrolmentFactory.create(
        training_class=klass, employee=employee_of(employee), status=Enrolment.Status.REJECTED
    )

    assert request(klass, employee).status == Enrolment.Status.PENDING


@pytest.mark.parametrize(
    "status",
    [
        TrainingClass.Status.DRAFT,
        TrainingClass.Status.CLOSED,
        TrainingClass.Status.COMPLETED,
        TrainingClass.Status.CANCELLED,
    ],
)
def test_request_refuses_a_class_that_is_not_open(employee, status):
    klass = TrainingClassFactory.create(status=status)
    before = snapshot()

    with pytest.raises(DomainError, match=r"^Kelas ini tidak sedang membuka pendaftaran\.$"):
        request(klass, employee)

    assert snapshot() == before


def test_request_refuses_after_the_enrolment_deadline(employee):
    klass = TrainingClassFactory.create(enrolment_closes_on=dt.date(2026, 11, 27))
    before = snapshot()

    with pytest.raises(DomainError) as refused:
        request(klass, employee)

    assert refused.value.message == "Pendaftaran kelas ini sudah ditutup pada 27 November 2026."
    assert snapshot() == before


def test_request_on_the_deadline_day_is_accepted(employee):
    klass = TrainingClassFactory.create(enrolment_closes_on=dt.date(2026, 11, 28))

    assert request(klass, employee).status == Enrolment.Status.PENDING


def test_request_refuses_a_class_reserved_for_another_unit(employee, org):
    klass = TrainingClassFactory.create(work_unit=org.disdik)
    before = snapshot()

    with pytest.raises(DomainError, match=r"^Kelas ini khusus untuk pegawai Dinas Pendidikan\.$"):
        request(klass, employee)

    assert snapshot() == before


def test_request_accepts_a_class_reserved_for_a_unit_above_the_employee(employee, org):
    klass = TrainingClassFactory.create(work_unit=org.dinkes)

    assert request(klass, employee).status == Enrolment.Status.PENDING


def test_request_refuses_an_inactive_employee(klass, employee):
    Employee.objects.filter(user=employee).update(is_active=False)
    before = snapshot()

    with pytest.raises(DomainError, match="Data kepegawaian Anda tidak aktif"):
        request(klass, employee)

    assert snapshot() == before


@pytest.mark.parametrize("persona", ["hr_admin", "auditor", "applicant"])
def test_request_by_an_account_without_an_employee_role_is_denied(klass, persona, request_fixture):
    user = request_fixture(persona)
    before = snapshot()

    with pytest.raises(PermissionDenied):
        request(klass, user)

    assert snapshot() == before


@pytest.fixture(name="request_fixture")
def request_fixture_fixture(request):
    return request.getfixturevalue


def test_request_refuses_a_motivation_over_500_characters(klass, employee):
    before = snapshot()

    with pytest.raises(InvalidInputError) as refused:
        request(klass, employee, "x" * 501)

    assert refused.value.errors == {"motivation": ["Alasan mengikuti paling banyak 500 karakter."]}
    assert snapshot() == before


# --- Approval and rejection


def pending(klass, user):
    return request(klass, user)


def test_approval_gives_a_free_seat_audits_and_notifies_the_employee(klass, employee, supervisor):
    enrolment = pending(klass, employee)

    services.approve_enrolment(enrolment=enrolment, note="Silakan.", actor=supervisor)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert enrolment.waitlisted_at is None
    assert enrolment.decided_by == supervisor
    assert enrolment.decided_at is not None
    assert enrolment.decision_note == "Silakan."
    assert actions() == ["training.enrolment.requested", "training.enrolment.approved"]
    assert events().last().changes == {
        "status": ["pending", "enrolled"],
        "note": "Silakan.",
    }
    note = Notification.objects.get(user=employee)
    assert note.title == "Permintaan pelatihan disetujui"
    assert note.body.endswith("Anda terdaftar sebagai peserta.")
    assert note.url == "/pelatihan/pendaftaran/"


def test_approval_in_a_full_class_waitlists_with_the_position(small_class, employee, supervisor):
    # given: both seats taken and two people already waiting
    fill(small_class, 2)
    waitlisted(small_class, EmployeeFactory.create(), minutes_ago=30)
    waitlisted(small_class, EmployeeFactory.create(), minutes_ago=10)
    enrolment = pending(small_class, employee)

    # when
    services.approve_enrolment(enrolment=enrolment, actor=supervisor)

    # then
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WAITLISTED
    assert enrolment.waitlisted_at is not None
    assert small_class.enrolments.filter(status__in=Enrolment.SEAT_STATUSES).count() == 2
    body = Notification.objects.get(user=employee).body
    assert body.endswith("Kelas sudah penuh; Anda berada pada urutan ke-3 daftar tunggu.")


def test_admin_bkpsdm_may_approve_a_request_that_has_a_supervisor(klass, employee, hr_admin):
    enrolment = pending(klass, employee)

    services.approve_enrolment(enrolment=enrolment, actor=hr_admin)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert enrolment.decided_by == hr_admin


def test_a_higher_supervisor_other_employees_and_the_auditor_may_not_decide(
    klass, employee, supervisor, auditor
):
    # given: the supervisor's own boss (a second-level supervisor) and a colleague
    boss_user = UserFactory.create(roles=[Role.PEGAWAI, Role.ATASAN])
    boss = EmployeeFactory.create(user=boss_user)
    Employee.objects.filter(user=supervisor).update(supervisor=boss)
    colleague = make_member(supervisor).user
    assert colleague is not None
    enrolment = pending(klass, employee)
    before = snapshot()

    for actor in (boss_user, colleague, auditor):
        with pytest.raises(PermissionDenied):
            services.approve_enrolment(enrolment=enrolment, actor=actor)
        with pytest.raises(PermissionDenied):
            services.reject_enrolment(enrolment=enrolment, reason="Tidak.", actor=actor)

    assert snapshot() == before


def test_nobody_decides_their_own_request(klass, org):
    hr_employee_user = UserFactory.create(roles=[Role.PEGAWAI, Role.ADMIN_BKPSDM])
    EmployeeFactory.create(user=hr_employee_user, work_unit=org.dinkes)
    enrolment = pending(klass, hr_employee_user)
    before = snapshot()

    with pytest.raises(PermissionDenied, match="permintaan Anda sendiri"):
        services.approve_enrolment(enrolment=enrolment, actor=hr_employee_user)

    assert snapshot() == before


def test_a_decided_request_cannot_be_decided_again(klass, employee, supervisor):
    enrolment = pending(klass, employee)
    services.approve_enrolment(enrolment=enrolment, actor=supervisor)
    before = snapshot()

    with pytest.raises(ConflictError, match=r"sudah diputuskan \(status: Terdaftar\)"):
        services.reject_enrolment(enrolment=enrolment, reason="Berubah pikiran.", actor=supervisor)

    assert snapshot() == before


def test_approval_is_refused_once_the_class_has_started(monkeypatch, klass, employee, supervisor):
    enrolment = pending(klass, employee)
    at(monkeypatch, dt.datetime(2026, 12, 14, 7, 0, tzinfo=WIB))
    before = snapshot()

    with pytest.raises(DomainError, match="Kelas sudah dimulai"):
        services.approve_enrolment(enrolment=enrolment, actor=supervisor)

    assert snapshot() == before


def test_approval_is_refused_for_a_cancelled_class(klass, employee, supervisor):
    enrolment = pending(klass, employee)
    TrainingClass.objects.filter(pk=klass.pk).update(status=TrainingClass.Status.CANCELLED)
    before = snapshot()

    with pytest.raises(DomainError, match=r"tidak lagi menerima peserta \(status: Dibatalkan\)"):
        services.approve_enrolment(enrolment=enrolment, actor=supervisor)

    assert snapshot() == before


def test_approval_after_enrolment_closed_by_hr_is_still_possible(klass, employee, supervisor):
    enrolment = pending(klass, employee)
    TrainingClass.objects.filter(pk=klass.pk).update(status=TrainingClass.Status.CLOSED)

    services.approve_enrolment(enrolment=enrolment, actor=supervisor)

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED


def test_rejection_needs_a_reason(klass, employee, supervisor):
    enrolment = pending(klass, employee)
    before = snapshot()

    with pytest.raises(InvalidInputError) as refused:
        services.reject_enrolment(enrolment=enrolment, reason="   ", actor=supervisor)

    assert refused.value.errors == {"reason": ["Alasan penolakan wajib diisi."]}
    assert snapshot() == before


def test_rejection_records_the_reason_and_tells_the_employee(klass, employee, supervisor):
    enrolment = pending(klass, employee)

    services.reject_enrolment(
        enrolment=enrolment, reason="Beban kerja akhir tahun.", actor=supervisor
    )

    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.REJECTED
    assert enrolment.decision_note == "Beban kerja akhir tahun."
    assert enrolment.decided_by == supervisor
    assert events().last().action == "training.enrolment.rejected"
    assert events().last().changes == {
        "status": ["pending", "rejected"],
        "reason": "Beban kerja akhir tahun.",
    }
    note = Notification.objects.get(user=employee)
    assert note.title == "Permintaan pelatihan ditolak"
    assert note.body.endswith("Alasan: Beban kerja akhir tahun.")


# --- Nomination by a supervisor


def test_nomination_fills_the_seats_then_the_waitlist(small_class, supervisor):
    members = [make_member(supervisor, name=name) for name in ("Ani", "Budi", "Citra")]

    placed = services.nominate_employees(
        training_class=small_class, employees=members, actor=supervisor
    )

    assert [(e.employee.name, e.status, e.route) for e in placed] == [
        ("Ani", "enrolled", "nominated"),
        ("Budi", "enrolled", "nominated"),
        ("Citra", "waitlisted", "nominated"),
    ]
    assert all(e.decided_by == supervisor and e.requested_by == supervisor for e in placed)
    assert placed[2].waitlisted_at is not None
    assert actions() == ["training.enrolment.nominated"] * 3
    assert Notification.objects.filter(title="Anda didaftarkan pada pelatihan").count() == 3


def test_nomination_reaches_indirect_team_members(klass, supervisor):
    below = make_member(make_member(supervisor))

    [enrolment] = services.nominate_employees(
        training_class=klass, employees=[below], actor=supervisor
    )

    assert enrolment.status == Enrolment.Status.ENROLLED


def test_nomination_of_someone_outside_the_team_is_denied(klass, supervisor, other_opd_employee):
    member = make_member(supervisor)
    before = snapshot()

    with pytest.raises(PermissionDenied, match="tim Anda"):
        services.nominate_employees(
            training_class=klass, employees=[member, other_opd_employee], actor=supervisor
        )

    assert snapshot() == before


def test_an_employee_without_the_atasan_role_cannot_nominate(klass, employee, supervisor):
    colleague = make_member(supervisor)
    before = snapshot()

    with pytest.raises(PermissionDenied):
        services.nominate_employees(training_class=klass, employees=[colleague], actor=employee)

    assert snapshot() == before


def test_nomination_is_all_or_nothing(klass, supervisor, employee):
    first = make_member(supervisor, name="Ani")
    request(klass, employee)
    before = snapshot()

    with pytest.raises(ConflictError) as refused:
        services.nominate_employees(
            training_class=klass, employees=[first, employee_of(employee)], actor=supervisor
        )

    assert (
        refused.value.message == "Pegawai Uji: Pegawai ini sudah terdaftar/diajukan di kelas ini."
    )
    assert snapshot() == before


def test_nomination_needs_someone_and_nobody_twice(klass, supervisor):
    member = make_member(supervisor)
    before = snapshot()

    with pytest.raises(InvalidInputError, match="paling sedikit satu"):
        services.nominate_employees(training_class=klass, employees=[], actor=supervisor)
    with pytest.raises(InvalidInputError, match="satu kali"):
        services.nominate_employees(
            training_class=klass, employees=[member, member], actor=supervisor
        )

    assert snapshot() == before


# --- Assignment by Admin BKPSDM


def test_assignment_by_nip_places_the_employee(klass, hr_admin, other_opd_employee):
    enrolment = services.assign_employee(
        training_class=klass, nip=f" {other_opd_employee.nip} ", actor=hr_admin
    )

    assert enrolment.employee == other_opd_employee
    assert enrolment.route == Enrolment.Route.ASSIGNED
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert enrolment.decided_by == hr_admin
    assert actions() == ["training.enrolment.assigned"]
    # No account: nobody to notify.
    assert Notification.objects.exists() is False


def test_assignment_to_a_full_class_waitlists(small_class, hr_admin, employee):
    fill(small_class, 2)

    enrolment = services.assign_employee(
        training_class=small_class, nip=employee_of(employee).nip, actor=hr_admin
    )

    assert enrolment.status == Enrolment.Status.WAITLISTED
    assert Notification.objects.get(user=employee).body.endswith(
        "Kelas sudah penuh; Anda berada pada urutan ke-1 daftar tunggu."
    )


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("12345", "NIP harus 18 digit angka."),
        ("19800101201003100X", "NIP harus 18 digit angka."),
        ("199001012015031999", "Pegawai dengan NIP ini tidak ditemukan."),
    ],
)
def test_assignment_refuses_a_bad_or_unknown_nip(klass, hr_admin, nip, message):
    before = snapshot()

    with pytest.raises(InvalidInputError) as refused:
        services.assign_employee(training_class=klass, nip=nip, actor=hr_admin)

    assert refused.value.errors == {"nip": [message]}
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["supervisor", "opd_admin", "auditor", "employee"])
def test_only_admin_bkpsdm_assigns(klass, other_opd_employee, persona, request_fixture):
    actor = request_fixture(persona)
    before = snapshot()

    with pytest.raises(PermissionDenied):
        services.assign_employee(training_class=klass, nip=other_opd_employee.nip, actor=actor)

    assert snapshot() == before


def test_admin_bkpsdm_does_not_assign_themselves(klass, hr_admin):
    """Assigning oneself would skip the supervisor's approval that a request needs."""
    own = EmployeeFactory.create(user=hr_admin, name="Admin BKPSDM")
    before = snapshot()

    with pytest.raises(PermissionDenied) as refused:
        services.assign_employee(training_class=klass, nip=own.nip, actor=hr_admin)

    assert str(refused.value) == (
        "Anda tidak dapat menugaskan diri Anda sendiri; ajukan pendaftaran melalui atasan "
        "langsung atau minta Admin BKPSDM lain."
    )
    assert snapshot() == before


def test_a_deactivated_account_is_placed_but_not_notified(klass, hr_admin, employee):
    User.objects.filter(pk=employee.pk).update(is_active=False)

    enrolment = services.assign_employee(
        training_class=klass, nip=employee_of(employee).nip, actor=hr_admin
    )

    assert enrolment.status == Enrolment.Status.ENROLLED
    assert Notification.objects.exists() is False


def test_assignment_respects_the_unit_reservation(org, hr_admin, other_opd_employee):
    klass = TrainingClassFactory.create(work_unit=org.dinkes)
    before = snapshot()

    with pytest.raises(DomainError, match="khusus untuk pegawai Dinas Kesehatan"):
        services.assign_employee(training_class=klass, nip=other_opd_employee.nip, actor=hr_admin)

    assert snapshot() == before


# --- Cancellation and the waitlist moving up


def test_cancelling_a_seat_promotes_the_first_waitlisted_and_tells_them(
    small_class, employee, supervisor
):
    # given: the employee holds a seat; two wait, the older one first
    fill(small_class, 1)
    mine = EnrolmentFactory.create(training_class=small_class, employee=employee_of(employee))
    later = waitlisted(small_class, make_member(supervisor), minutes_ago=5)
    first = waitlisted(small_class, make_member(supervisor), minutes_ago=50)

    # when
    services.cancel_enrolment(enrolment=mine, reason="Tugas luar kota.", actor=employee)

    # then
    mine.refresh_from_db()
    first.refresh_from_db()
    later.refresh_from_db()
    assert mine.status == Enrolment.Status.CANCELLED
    assert mine.cancel_reason == "Tugas luar kota."
    assert mine.cancelled_at is not None
    assert first.status == Enrolment.Status.ENROLLED
    assert later.status == Enrolment.Status.WAITLISTED
    assert actions() == ["training.enrolment.cancelled", "training.enrolment.promoted"]
    promoted = events().last()
    assert promoted.target_id == str(first.pk)
    assert promoted.actor == employee
    assert list(Notification.objects.values_list("user", "title")) == [
        (first.employee.user_id, "Anda mendapat kursi pelatihan")
    ]


def test_waitlist_ties_move_up_by_id(small_class, hr_admin, supervisor):
    [seat, kept] = fill(small_class, 2)
    moment = timezone.now()
    one = EnrolmentFactory.create(
        training_class=small_class,
        employee=make_member(supervisor),
        status=Enrolment.Status.WAITLISTED,
        waitlisted_at=moment,
    )
    EnrolmentFactory.create(
        training_class=small_class,
        employee=make_member(supervisor),
        status=Enrolment.Status.WAITLISTED,
        waitlisted_at=moment,
    )

    services.cancel_enrolment(enrolment=seat, reason="Sakit.", actor=hr_admin)

    assert list(
        small_class.enrolments.filter(status="enrolled").order_by("pk").values_list("pk", flat=True)
    ) == sorted([kept.pk, one.pk])


def test_cancelling_a_pending_request_promotes_nobody(small_class, employee, supervisor):
    fill(small_class, 1)
    mine = pending(small_class, employee)
    waiting = waitlisted(small_class, make_member(supervisor), minutes_ago=5)

    services.cancel_enrolment(enrolment=mine, reason="Tidak jadi.", actor=employee)

    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.WAITLISTED
    assert actions()[-1] == "training.enrolment.cancelled"


def test_the_employee_cannot_cancel_once_the_class_has_started_but_hr_can(
    monkeypatch, klass, employee, hr_admin
):
    mine = EnrolmentFactory.create(training_class=klass, employee=employee_of(employee))
    at(monkeypatch, dt.datetime(2026, 12, 14, 7, 0, tzinfo=WIB))
    before = snapshot()

    with pytest.raises(DomainError, match="hanya dapat dilakukan oleh Admin BKPSDM"):
        services.cancel_enrolment(enrolment=mine, reason="Sakit.", actor=employee)
    assert snapshot() == before

    services.cancel_enrolment(enrolment=mine, reason="Sakit, surat dokter.", actor=hr_admin)

    mine.refresh_from_db()
    assert mine.status == Enrolment.Status.CANCELLED
    note = Notification.objects.get(user=employee)
    assert note.title == "Keikutsertaan pelatihan dibatalkan"
    assert note.body.endswith("Alasan: Sakit, surat dokter.")


def test_cancellation_needs_a_reason(klass, employee):
    mine = EnrolmentFactory.create(training_class=klass, employee=employee_of(employee))
    before = snapshot()

    with pytest.raises(InvalidInputError) as refused:
        services.cancel_enrolment(enrolment=mine, reason="", actor=employee)

    assert refused.value.errors == {"reason": ["Alasan pembatalan wajib diisi."]}
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["supervisor", "auditor", "opd_admin"])
def test_others_cannot_cancel_an_employees_enrolment(klass, employee, persona, request_fixture):
    actor = request_fixture(persona)
    mine = EnrolmentFactory.create(training_class=klass, employee=employee_of(employee))
    before = snapshot()

    with pytest.raises(PermissionDenied):
        services.cancel_enrolment(enrolment=mine, reason="Tidak perlu.", actor=actor)

    assert snapshot() == before


@pytest.mark.parametrize("status", ["completed", "rejected", "cancelled"])
def test_a_finished_enrolment_cannot_be_cancelled(klass, employee, hr_admin, status):
    mine = EnrolmentFactory.create(
        training_class=klass,
        employee=employee_of(employee),
        status=status,
        completed_at=timezone.now() if status == "completed" else None,
    )
    before = snapshot()

    with pytest.raises(ConflictError, match="tidak dapat dibatalkan"):
        services.cancel_enrolment(enrolment=mine, reason="Salah input.", actor=hr_admin)

    assert snapshot() == before


def test_fill_free_seats_after_the_capacity_was_raised(small_class, hr_admin, supervisor):
    fill(small_class, 2)
    first = waitlisted(small_class, make_member(supervisor), minutes_ago=20)
    second = waitlisted(small_class, make_member(supervisor), minutes_ago=10)
    third = waitlisted(small_class, make_member(supervisor), minutes_ago=5)
    TrainingClass.objects.filter(pk=small_class.pk).update(capacity=4)

    promoted = services.fill_free_seats(training_class=small_class, actor=hr_admin)

    assert [e.pk for e in promoted] == [first.pk, second.pk]
    third.refresh_from_db()
    assert third.status == Enrolment.Status.WAITLISTED


@pytest.mark.parametrize(
    ("status", "now"),
    [
        (TrainingClass.Status.CANCELLED, None),
        (TrainingClass.Status.COMPLETED, None),
        (TrainingClass.Status.CLOSED, dt.datetime(2026, 12, 17, 8, 0, tzinfo=WIB)),
    ],
)
def test_fill_free_seats_does_nothing_for_a_finished_class(
    monkeypatch, hr_admin, supervisor, status, now
):
    klass = TrainingClassFactory.create(capacity=2, status=status)
    waiting = waitlisted(klass, make_member(supervisor), minutes_ago=5)
    if now:
        at(monkeypatch, now)

    assert services.fill_free_seats(training_class=klass, actor=hr_admin) == []

    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.WAITLISTED
    assert events().exists() is False
