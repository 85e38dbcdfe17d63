"""Leadership training for new officials: appointment to a pengawas, administrator or JPT position
flags PKP, PKA or PKN until completed (the issue's acceptance: a new pengawas is flagged for PKP
until completion); overdue after the configured months from the TMT jabatan."""

import datetime as dt

import pytest

from simerit.employees.models import Employee
from simerit.organization.models import Position
from simerit.training.models import Enrolment, ExternalTraining, LeadershipRule, ProgrammeKind
from simerit.training.rules.leadership import add_months, deadline
from simerit.training.selectors.leadership import LeadershipFlag, leadership_flags
from simerit.training.tests.factories import ProgrammeFactory
from simerit.training.tests.factories_needs import complete, enrol, external, official

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)  # tests/conftest.py


def _flags(*, overdue_only: bool = False) -> list[LeadershipFlag]:
    return leadership_flags(Employee.objects.all(), today=TODAY, overdue_only=overdue_only)


def test_a_new_pengawas_is_flagged_for_pkp_until_completion(org):
    # given: appointed pengawas on 1 October 2026
    pengawas = official(unit=org.dinkes_division, tmt_position=dt.date(2026, 10, 1))
    pkp = ProgrammeFactory.create(kind=ProgrammeKind.PKP, name="PKP Angkatan 2026")
    # then: flagged for PKP, due 12 months after the TMT, not overdue
    (flag,) = _flags()
    assert (
        flag.employee,
        flag.programme_kind,
        flag.programme_kind_label,
        flag.position_kind_label,
        flag.deadline.due_on,
        flag.deadline.overdue,
        flag.in_class,
    ) == (
        pengawas,
        ProgrammeKind.PKP,
        "PKP (Pelatihan Kepemimpinan Pengawas)",
        "Pengawas",
        dt.date(2027, 10, 1),
        False,
        False,
    )
    # when: enrolled in a PKP class, still flagged, shown as under way
    enrolment = enrol(pengawas, pkp)
    (flag,) = _flags()
    assert flag.in_class is True
    assert flag.notes == ["Sedang mendaftar/mengikuti kelas PKP (Pelatihan Kepemimpinan Pengawas)"]
    # when: HR completes the enrolment as passed, the flag is cleared
    complete(enrolment)
    assert _flags() == []


@pytest.mark.parametrize(
    ("position_kind", "programme_kind"),
    [
        (Position.Kind.PENGAWAS, ProgrammeKind.PKP),
        (Position.Kind.ADMINISTRATOR, ProgrammeKind.PKA),
        (Position.Kind.JPT_PRATAMA, ProgrammeKind.PKN2),
        (Position.Kind.JPT_MADYA, ProgrammeKind.PKN1),
        (Position.Kind.JPT_UTAMA, ProgrammeKind.PKN1),
    ],
)
def test_each_managerial_position_requires_its_leadership_training(
    org, position_kind, programme_kind
):
    official(unit=org.dinkes, kind=position_kind, tmt_position=dt.date(2026, 1, 5))
    assert [flag.programme_kind for flag in _flags()] == [programme_kind]


@pytest.mark.parametrize("position_kind", [Position.Kind.FUNGSIONAL, Position.Kind.PELAKSANA])
def test_non_managerial_positions_are_not_flagged(org, position_kind):
    official(unit=org.dinkes, kind=position_kind, tmt_position=dt.date(2020, 1, 5))
    assert _flags() == []


def test_another_kind_or_a_failed_class_does_not_clear_the_flag(org):
    pengawas = official(unit=org.dinkes_division, tmt_position=dt.date(2026, 10, 1))
    enrol(
        pengawas,
        ProgrammeFactory.create(kind=ProgrammeKind.PKA),
        status=Enrolment.Status.COMPLETED,
        starts_on=dt.date(2026, 6, 1),
        ends_on=dt.date(2026, 6, 5),
    )
    enrol(
        pengawas,
        ProgrammeFactory.create(kind=ProgrammeKind.PKP),
        status=Enrolment.Status.NOT_COMPLETED,
        starts_on=dt.date(2026, 7, 1),
        ends_on=dt.date(2026, 7, 5),
    )
    (flag,) = _flags()
    assert (flag.programme_kind, flag.in_class) == (ProgrammeKind.PKP, False)


def test_a_pkp_completed_before_the_appointment_counts(org):
    pengawas = official(unit=org.dinkes_division, tmt_position=dt.date(2026, 10, 1))
    enrol(
        pengawas,
        ProgrammeFactory.create(kind=ProgrammeKind.PKP),
        status=Enrolment.Status.COMPLETED,
        starts_on=dt.date(2019, 3, 4),
        ends_on=dt.date(2019, 3, 8),
    )
    assert _flags() == []


@pytest.mark.parametrize(
    ("status", "flagged"),
    [
        (ExternalTraining.Status.VALIDATED, False),
        (ExternalTraining.Status.SUBMITTED, True),
        (ExternalTraining.Status.REJECTED, True),
    ],
)
def test_only_a_validated_external_training_of_the_kind_clears(org, status, flagged):
    pengawas = official(unit=org.dinkes_division, tmt_position=dt.date(2026, 10, 1))
    external(pengawas, kind=ProgrammeKind.PKP, status=status)
    flags = _flags()
    assert bool(flags) is flagged
    if status == ExternalTraining.Status.SUBMITTED:
        assert flags[0].external_submitted is True
        assert flags[0].notes == ["Pelatihan eksternal menunggu validasi BKPSDM"]


def test_a_validated_external_training_of_another_kind_does_not_clear(org):
    pengawas = official(unit=org.dinkes_division, tmt_position=dt.date(2026, 10, 1))
    external(pengawas, kind=ProgrammeKind.TECHNICAL)
    assert [flag.employee for flag in _flags()] == [pengawas]


def test_overdue_after_the_configured_months(org):
    # given: TMT 1 June 2025 → due 1 June 2026; TMT 28 November 2025 → due today (not overdue)
    late = official(unit=org.dinkes, name="Terlambat", tmt_position=dt.date(2025, 6, 1))
    due_today = official(unit=org.dinkes, name="Hari Ini", tmt_position=dt.date(2025, 11, 28))
    # then: the earliest due first
    assert [
        (flag.employee, flag.deadline.due_on, flag.deadline.overdue, flag.deadline.days_overdue)
        for flag in _flags()
    ] == [
        (late, dt.date(2026, 6, 1), True, 180),
        (due_today, dt.date(2026, 11, 28), False, 0),
    ]
    assert [flag.employee for flag in _flags(overdue_only=True)] == [late]


def test_the_months_are_configuration(org):
    LeadershipRule.objects.filter(position_kind=Position.Kind.PENGAWAS).update(months_to_complete=6)
    official(unit=org.dinkes, tmt_position=dt.date(2026, 5, 31))
    (flag,) = _flags()
    assert (flag.deadline.due_on, flag.deadline.overdue, flag.months_to_complete) == (
        dt.date(2026, 11, 30),
        False,
        6,
    )


def test_a_position_kind_without_a_rule_is_not_flagged(org):
    LeadershipRule.objects.filter(position_kind=Position.Kind.PENGAWAS).delete()
    official(unit=org.dinkes, tmt_position=dt.date(2020, 1, 1))
    assert _flags() == []


def test_a_missing_tmt_counts_from_today_and_says_so(org):
    official(unit=org.dinkes, tmt_position=None)
    (flag,) = _flags()
    assert (flag.deadline.due_on, flag.deadline.overdue, flag.deadline.tmt_missing) == (
        dt.date(2027, 11, 28),
        False,
        True,
    )
    assert flag.notes == ["TMT jabatan belum diisi: batas waktu dihitung dari hari ini"]


def test_inactive_employees_are_not_flagged(org):
    official(unit=org.dinkes, tmt_position=dt.date(2020, 1, 1), is_active=False)
    assert _flags() == []


def test_the_flags_of_a_unit_are_one_query(org, django_assert_num_queries):
    for index in range(4):
        official(unit=org.dinkes, name=f"Pejabat {index}", tmt_position=dt.date(2026, 1, 5))
    with django_assert_num_queries(1):
        assert len(_flags()) == 4


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2027, 12, 31), 2, dt.date(2028, 2, 29)),
        (dt.date(2026, 11, 15), 14, dt.date(2028, 1, 15)),
        (dt.date(2026, 3, 31), 12, dt.date(2027, 3, 31)),
    ],
)
def test_add_months_keeps_the_day_or_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_deadline_is_overdue_from_the_day_after():
    on_due = deadline(
        tmt_position=dt.date(2025, 11, 28), months_to_complete=12, today=dt.date(2026, 11, 28)
    )
    after = deadline(
        tmt_position=dt.date(2025, 11, 28), months_to_complete=12, today=dt.date(2026, 11, 29)
    )
    assert (on_due.overdue, after.overdue, after.days_overdue) == (False, True, 1)
