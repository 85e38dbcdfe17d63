"""The competency dictionary, the positions' standards and the employees' assessed levels: who may
write them, the refusals of bad input with nothing changed, and the audit rows."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization.tests.factories import PositionFactory
from simerit.training.models import Competency, EmployeeCompetency, PositionCompetency
from simerit.training.services import catalogue as services
from simerit.training.services import catalogue_levels as levels
from simerit.training.services.catalogue import CompetencyInput
from simerit.training.services.catalogue_levels import AssessmentInput
from simerit.training.tests.factories import CompetencyFactory, ProgrammeFactory
from simerit.training.tests.factories_catalogue import assess

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)


def competency_input(**changes: str) -> CompetencyInput:
    values = {"code": "k001", "name": "Integritas", "kind": "manajerial", "description": ""}
    values.update(changes)
    return CompetencyInput(**values)


# --- the dictionary


def test_create_update_and_delete_a_competency_each_audited(hr_admin):
    competency = services.create_competency(data=competency_input(), actor=hr_admin)
    services.update_competency(
        competency=competency, data=competency_input(name="Integritas ASN"), actor=hr_admin
    )
    services.delete_competency(competency=competency, actor=hr_admin)

    assert Competency.objects.exists() is False
    events = list(AuditEvent.objects.order_by("seq").values_list("action", "changes"))
    assert events[0][0] == "training.competency.created"
    assert events[0][1]["code"] == "K001"
    assert events[1] == (
        "training.competency.updated",
        {"name": ["Integritas", "Integritas ASN"]},
    )
    assert events[2][0] == "training.competency.deleted"


def test_create_competency_refuses_bad_fields_and_a_duplicate_code(hr_admin):
    CompetencyFactory.create(code="K001")

    with pytest.raises(InvalidInputError) as refused:
        services.create_competency(
            data=competency_input(code="", name="", kind="lain"), actor=hr_admin
        )
    with pytest.raises(ConflictError) as duplicate:
        services.create_competency(data=competency_input(code="k001"), actor=hr_admin)

    assert refused.value.errors == {
        "code": ["Kode kompetensi wajib diisi."],
        "name": ["Nama kompetensi wajib diisi."],
        "kind": ["Jenis kompetensi tidak dikenal."],
    }
    assert duplicate.value.message == "Kode kompetensi K001 sudah dipakai oleh kompetensi lain."
    assert Competency.objects.count() == 1
    assert AuditEvent.objects.count() == 0


def test_a_competency_in_use_is_not_deleted(hr_admin, employee):
    competency = CompetencyFactory.create(code="K002")
    PositionCompetency.objects.create(
        position=PositionFactory.create(), competency=competency, required_level=3
    )
    assess(Employee.objects.get(user=employee), competency, level=2, on=TODAY)
    ProgrammeFactory.create().competencies.add(competency)
    audit_rows = AuditEvent.objects.count()

    with pytest.raises(ConflictError) as refused:
        services.delete_competency(competency=competency, actor=hr_admin)

    assert refused.value.message == (
        "Kompetensi K002 masih dipakai oleh 1 standar jabatan, 1 asesmen pegawai, 1 program "
        "pelatihan; hapus pemakaiannya lebih dahulu."
    )
    assert Competency.objects.filter(pk=competency.pk).exists() is True
    assert AuditEvent.objects.count() == audit_rows


def test_only_hr_keeps_the_dictionary(auditor, opd_admin):
    competency = CompetencyFactory.create(code="K003", name="Asli")
    audit_rows = AuditEvent.objects.count()

    for actor in (auditor, opd_admin):
        with pytest.raises(PermissionDenied):
            services.create_competency(data=competency_input(), actor=actor)
        with pytest.raises(PermissionDenied):
            services.update_competency(
                competency=competency, data=competency_input(name="Baru"), actor=actor
            )
        with pytest.raises(PermissionDenied):
            services.delete_competency(competency=competency, actor=actor)

    competency.refresh_from_db()
    assert (Competency.objects.count(), competency.name) == (1, "Asli")
    assert AuditEvent.objects.count() == audit_rows


# --- a position's standard


def test_set_requirement_adds_then_changes_the_level_and_audits_each(hr_admin):
    position = PositionFactory.create(name="Analis Kebijakan")
    competency = CompetencyFactory.create(code="K010")

    levels.set_requirement(
        position=position, competency=competency, required_level=2, actor=hr_admin
    )
    levels.set_requirement(
        position=position, competency=competency, required_level=3, actor=hr_admin
    )
    levels.set_requirement(
        position=position, competency=competency, required_level=3, actor=hr_admin
    )

    row = PositionCompetency.objects.get()
    assert row.required_level == 3
    events = list(AuditEvent.objects.order_by("seq").values_list("action", "changes"))
    assert events == [
        (
            "training.position_competency.created",
            {"position": "Analis Kebijakan", "competency": "K010", "required_level": [None, 2]},
        ),
        (
            "training.position_competency.updated",
            {"position": "Analis Kebijakan", "competency": "K010", "required_level": [2, 3]},
        ),
    ]


@pytest.mark.parametrize("level", [0, 6, None])
def test_set_requirement_refuses_a_level_outside_1_to_5(hr_admin, level):
    with pytest.raises(InvalidInputError) as refused:
        levels.set_requirement(
            position=PositionFactory.create(),
            competency=CompetencyFactory.create(),
            required_level=level,
            actor=hr_admin,
        )

    assert list(refused.value.errors) == ["required_level"]
    assert PositionCompetency.objects.exists() is False
    assert AuditEvent.objects.count() == 0


def test_remove_requirement_is_hr_only_and_audited(hr_admin, auditor):
    requirement = PositionCompetency.objects.create(
        position=PositionFactory.create(),
        competency=CompetencyFactory.create(code="K011"),
        required_level=4,
    )

    with pytest.raises(PermissionDenied):
        levels.remove_requirement(requirement=requirement, actor=auditor)
    assert PositionCompetency.objects.count() == 1
    levels.remove_requirement(requirement=requirement, actor=hr_admin)

    assert PositionCompetency.objects.exists() is False
    event = AuditEvent.objects.get()
    assert event.action == "training.position_competency.deleted"
    assert event.changes["required_level"] == [4, None]


# --- an employee's assessed levels


def data(competency: Competency, **changes: object) -> AssessmentInput:
    values: dict[str, object] = {
        "competency": competency,
        "level": 3,
        "assessed_on": dt.date(2026, 8, 15),
        "source": "Assessment center BKPSDM",
    }
    values.update(changes)
    return AssessmentInput(**values)  # type: ignore[arg-type]


def test_hr_records_then_a_newer_assessment_replaces_the_level(hr_admin, employee):
    person = Employee.objects.get(user=employee)
    competency = CompetencyFactory.create(code="K020")
    audit_rows = AuditEvent.objects.count()

    levels.record_assessment(employee=person, data=data(competency, level=2), actor=hr_admin)
    levels.record_assessment(
        employee=person,
        data=data(competency, level=4, assessed_on=dt.date(2026, 11, 1)),
        actor=hr_admin,
    )

    row = EmployeeCompetency.objects.get()
    assert (row.level, row.assessed_on) == (4, dt.date(2026, 11, 1))
    events = list(
        AuditEvent.objects.filter(seq__gt=audit_rows)
        .order_by("seq")
        .values_list("action", "changes")
    )
    assert events == [
        (
            "training.employee_competency.created",
            {
                "competency": "K020",
                "level": [None, 2],
                "assessed_on": [None, "2026-08-15"],
                "source": [None, "Assessment center BKPSDM"],
            },
        ),
        (
            "training.employee_competency.updated",
            {
                "competency": "K020",
                "level": [2, 4],
                "assessed_on": ["2026-08-15", "2026-11-01"],
            },
        ),
    ]


def test_the_admin_opd_of_the_subtree_records_but_not_outside_it(
    opd_admin, employee, other_opd_employee
):
    competency = CompetencyFactory.create()
    inside = Employee.objects.get(user=employee)
    audit_rows = AuditEvent.objects.count()

    levels.record_assessment(employee=inside, data=data(competency), actor=opd_admin)
    with pytest.raises(PermissionDenied):
        levels.record_assessment(
            employee=other_opd_employee, data=data(competency), actor=opd_admin
        )

    assert list(EmployeeCompetency.objects.values_list("employee_id", flat=True)) == [inside.pk]
    assert AuditEvent.objects.count() == audit_rows + 1


def test_supervisor_auditor_and_the_employee_cannot_record(supervisor, auditor, employee):
    person = Employee.objects.get(user=employee)
    competency = CompetencyFactory.create()
    audit_rows = AuditEvent.objects.count()

    for actor in (supervisor, auditor, employee):
        with pytest.raises(PermissionDenied):
            levels.record_assessment(employee=person, data=data(competency), actor=actor)

    assert EmployeeCompetency.objects.exists() is False
    assert AuditEvent.objects.count() == audit_rows


def test_nobody_records_or_removes_their_own_levels(hr_admin, opd_admin, org, employee):
    """Security M1: the levels feed the needs analysis, so an Admin BKPSDM or Admin OPD with an
    employee record does not decide their own."""
    competency = CompetencyFactory.create(code="K030")
    own_records = {
        hr_admin: EmployeeFactory.create(user=hr_admin, work_unit=org.root, name="Admin BKPSDM"),
        opd_admin: EmployeeFactory.create(user=opd_admin, work_unit=org.dinkes, name="Admin OPD"),
    }
    existing = assess(
        own_records[hr_admin], CompetencyFactory.create(code="K031"), level=1, on=TODAY
    )
    audit_rows = AuditEvent.objects.count()

    for actor, own in own_records.items():
        with pytest.raises(PermissionDenied) as refused:
            levels.record_assessment(employee=own, data=data(competency, level=5), actor=actor)
        assert str(refused.value) == (
            "Anda tidak dapat mengisi atau menghapus level kompetensi Anda sendiri; minta Admin "
            "BKPSDM atau Admin OPD lain yang berwenang mengisinya."
        )
    with pytest.raises(PermissionDenied):
        levels.remove_assessment(assessment=existing, actor=hr_admin)
    with pytest.raises(PermissionDenied):
        levels.record_assessments(
            items=[
                (Employee.objects.get(user=employee), data(competency)),
                (own_records[opd_admin], data(competency)),
            ],
            actor=opd_admin,
        )

    assert list(EmployeeCompetency.objects.values_list("pk", "level")) == [(existing.pk, 1)]
    assert AuditEvent.objects.count() == audit_rows
    # each still assesses the other
    levels.record_assessment(
        employee=own_records[opd_admin], data=data(competency, level=3), actor=hr_admin
    )
    assert EmployeeCompetency.objects.get(employee=own_records[opd_admin]).level == 3


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"level": 0}, {"level": ["Level harus bilangan bulat 1 sampai 5."]}),
        ({"level": 6}, {"level": ["Level harus bilangan bulat 1 sampai 5."]}),
        (
            {"assessed_on": dt.date(2026, 12, 1)},
            {
                "assessed_on": [
                    "Tanggal asesmen tidak boleh di masa depan (hari ini 28 November 2026)."
                ]
            },
        ),
        ({"assessed_on": None}, {"assessed_on": ["Tanggal asesmen wajib diisi."]}),
        ({"source": "x" * 201}, {"source": ["Sumber paling banyak 200 karakter."]}),
    ],
)
def test_record_assessment_refuses_bad_input_and_changes_nothing(
    hr_admin, employee, changes, errors
):
    person = Employee.objects.get(user=employee)
    audit_rows = AuditEvent.objects.count()

    with pytest.raises(InvalidInputError) as refused:
        levels.record_assessment(
            employee=person, data=data(CompetencyFactory.create(), **changes), actor=hr_admin
        )

    assert refused.value.errors == errors
    assert EmployeeCompetency.objects.exists() is False
    assert AuditEvent.objects.count() == audit_rows


def test_an_older_assessment_is_refused_and_the_newer_level_kept(hr_admin, employee):
    person = Employee.objects.get(user=employee)
    competency = CompetencyFactory.create()
    assess(person, competency, level=4, on=dt.date(2026, 6, 1))
    audit_rows = AuditEvent.objects.count()

    with pytest.raises(InvalidInputError) as refused:
        levels.record_assessment(
            employee=person,
            data=data(competency, level=2, assessed_on=dt.date(2025, 6, 1)),
            actor=hr_admin,
        )

    assert refused.value.errors["assessed_on"][0].startswith(
        "Sudah tercatat asesmen yang lebih baru (1 Juni 2026, level 4)"
    )
    assert EmployeeCompetency.objects.get().level == 4
    assert AuditEvent.objects.count() == audit_rows


def test_remove_assessment_by_an_assessor_only(hr_admin, supervisor, employee):
    row = assess(
        Employee.objects.get(user=employee),
        CompetencyFactory.create(code="K030"),
        level=3,
        on=TODAY,
    )
    audit_rows = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        levels.remove_assessment(assessment=row, actor=supervisor)
    assert EmployeeCompetency.objects.count() == 1
    levels.remove_assessment(assessment=row, actor=hr_admin)

    assert EmployeeCompetency.objects.exists() is False
    event = AuditEvent.objects.get(seq__gt=audit_rows)
    assert event.action == "training.employee_competency.deleted"
    assert event.changes == {
        "competency": "K030",
        "level": 3,
        "assessed_on": "2026-11-28",
        "source": "Awal",
    }


def test_an_inactive_employee_keeps_their_history_recordable_by_hr(hr_admin, org):
    person = EmployeeFactory.create(work_unit=org.dinkes, is_active=False)

    row = levels.record_assessment(
        employee=person, data=data(CompetencyFactory.create()), actor=hr_admin
    )

    assert row.employee == person
