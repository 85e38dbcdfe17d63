"""Fixtures of the needs analysis and leadership tests: helpers that write the rows the analysis
reads (assessed levels, appraisals with their training needs, enrolments, external trainings)
straight to the tables, and the fixture organisation of the acceptance test.

The fixture organisation (`fixture_organisation()`), plan year 2027 (TODAY is 28 November 2026):

Competencies K101 Komunikasi, K102 Pelayanan kesehatan, K103 Pengolahan data. Positions: Analis
Kesehatan (pelaksana) requires K101 level 3 and K102 level 3; Kepala Seksi Pelayanan (pengawas)
requires K101 level 4; Pengelola Data Pendidikan (pelaksana) requires K103 level 2; Kepala Dinas
(JPT pratama) requires nothing. Active programmes: KOM (K101, 16 JP), YAN (K102 and indicator 1a,
24 JP), DATA (K103, 20 JP), DATA-L (K103, 32 JP), COACH (weak predikat, 4 JP), PKP (kind PKP,
120 JP); KOM-OLD (K101, 8 JP) is inactive.

Dinas Kesehatan (its Bidang Pelayanan Kesehatan below it):
- Ani (Analis, bidang): K101 level 2, K102 not assessed; appraisal 2025 Butuh Perbaikan with
  indicator 1a at 2,30 (an older 2024 appraisal had 2a low: not read).
- Budi (Analis, bidang): K101 3, K102 4; appraisal 2025 Baik without needs.
- Citra (Kepala Seksi, bidang, TMT jabatan 1 October 2026): K101 3; enrolled in a KOM class.
- Fajar (Kepala Dinas, the OPD itself): PKN II validated as an external training.
Dinas Pendidikan:
- Dedi (Pengelola Data): K103 not assessed, but completed a DATA class in June 2026; appraisal
  2025 Baik with indicator 7c at 2,10 (no programme targets 7c).
- Eko (Analis): inactive.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization.models import Position, WorkUnit
from simerit.organization.tests.factories import PositionFactory, WorkUnitFactory, root_unit
from simerit.performance.models import (
    Appraisal,
    BehaviourIndicator,
    Predikat,
    Rating,
    Skp,
    TrainingNeed,
)
from simerit.performance.tests.factories import PerformanceYearFactory
from simerit.training.models import (
    Competency,
    EmployeeCompetency,
    Enrolment,
    ExternalTraining,
    PositionCompetency,
    Programme,
    ProgrammeKind,
    TrainingClass,
)
from simerit.training.tests.factories import (
    CompetencyFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    TrainingClassFactory,
)

RATINGS = {
    Predikat.SANGAT_BAIK: (Rating.ABOVE, Rating.ABOVE),
    Predikat.BAIK: (Rating.AS_EXPECTED, Rating.AS_EXPECTED),
    Predikat.BUTUH_PERBAIKAN: (Rating.BELOW, Rating.AS_EXPECTED),
    Predikat.KURANG: (Rating.AS_EXPECTED, Rating.BELOW),
    Predikat.SANGAT_KURANG: (Rating.BELOW, Rating.BELOW),
}


def hr_user() -> User:
    user: User = UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    return user


def position(name: str, kind: str = Position.Kind.PELAKSANA) -> Position:
    made: Position = PositionFactory.create(name=name, kind=kind)
    return made


def official(
    *,
    unit: WorkUnit,
    kind: str = Position.Kind.PENGAWAS,
    tmt_position: dt.date | None = None,
    name: str = "Pejabat Baru",
    **extra: object,
) -> Employee:
    """An employee appointed to a position of `kind`."""
    employee: Employee = EmployeeFactory.create(
        name=name,
        work_unit=unit,
        position=position(f"Jabatan {kind}", kind),
        tmt_position=tmt_position,
        **extra,
    )
    return employee


def require(position: Position, competency: Competency, level: int) -> PositionCompetency:
    return PositionCompetency.objects.create(
        position=position, competency=competency, required_level=level
    )


def assess(employee: Employee, competency: Competency, level: int) -> EmployeeCompetency:
    return EmployeeCompetency.objects.create(
        employee=employee,
        competency=competency,
        level=level,
        assessed_on=dt.date(2026, 3, 2),
        source="Asesmen kompetensi BKPSDM 2026",
    )


def appraised(
    employee: Employee,
    *,
    year: int,
    predikat: str,
    evaluator: Employee,
    low: dict[str, str] | None = None,
) -> Skp:
    """A final appraisal of `year` with the training needs the appraisal service records: one for
    a weak predikat, one per low indicator (code → score)."""
    skp = Skp.objects.create(
        year=PerformanceYearFactory.create(year=year),
        employee=employee,
        work_unit=employee.work_unit,
        position=employee.position,
        evaluator=evaluator,
        status=Skp.Status.APPROVED,
    )
    result, behaviour = RATINGS[Predikat(predikat)]
    decided = timezone.now()
    Appraisal.objects.create(
        skp=skp,
        result_rating=result,
        behaviour_rating=behaviour,
        predikat=predikat,
        status=Appraisal.Status.FINAL,
        decided_by=evaluator.user or hr_user(),
        decided_at=decided,
        delivered_at=decided,
    )
    if predikat in (Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG):
        TrainingNeed.objects.create(
            skp=skp, source=TrainingNeed.Source.PREDIKAT, recommendation="Predikat rendah."
        )
    for code, score in (low or {}).items():
        TrainingNeed.objects.create(
            skp=skp,
            source=TrainingNeed.Source.INDICATOR,
            indicator=BehaviourIndicator.objects.get(code=code),
            score=Decimal(score),
            recommendation=f"Panduan perilaku {code} rendah.",
        )
    return skp


def class_of(programme: Programme, **fields: object) -> TrainingClass:
    training_class: TrainingClass = TrainingClassFactory.create(programme=programme, **fields)
    return training_class


def enrol(
    employee: Employee,
    programme: Programme,
    *,
    status: str = Enrolment.Status.ENROLLED,
    starts_on: dt.date = dt.date(2026, 12, 14),
    ends_on: dt.date = dt.date(2026, 12, 16),
) -> Enrolment:
    """An enrolment in a new class of `programme`; a COMPLETED one is completed at the class end."""
    completed = status in (Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED)
    training_class = class_of(
        programme,
        starts_on=starts_on,
        ends_on=ends_on,
        enrolment_closes_on=starts_on - dt.timedelta(days=4),
        status=TrainingClass.Status.COMPLETED if completed else TrainingClass.Status.OPEN,
    )
    enrolment: Enrolment = EnrolmentFactory.create(
        employee=employee,
        training_class=training_class,
        status=status,
        waitlisted_at=timezone.now() if status == Enrolment.Status.WAITLISTED else None,
        completed_at=(
            dt.datetime.combine(ends_on, dt.time(12), tzinfo=dt.UTC) if completed else None
        ),
    )
    return enrolment


def complete(enrolment: Enrolment) -> Enrolment:
    """HR completes the participant as passed (the fields the completion service sets)."""
    enrolment.status = Enrolment.Status.COMPLETED
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["status", "completed_at", "updated_at"])
    return enrolment


def external(
    employee: Employee,
    *,
    kind: str,
    status: str = ExternalTraining.Status.VALIDATED,
    ends_on: dt.date = dt.date(2026, 5, 8),
) -> ExternalTraining:
    validated = status == ExternalTraining.Status.VALIDATED
    return ExternalTraining.objects.create(
        employee=employee,
        title=f"Pelatihan {ProgrammeKind(kind).label}",
        provider="BPSDM Provinsi Sumatera Selatan",
        kind=kind,
        starts_on=ends_on - dt.timedelta(days=30),
        ends_on=ends_on,
        jp_claimed=Decimal("90.0"),
        certificate_file="training/external/2026/sertifikat.pdf",
        original_name="sertifikat.pdf",
        file_format="pdf",
        size_bytes=1024,
        sha256="0" * 64,
        status=status,
        jp_validated=Decimal("90.0") if validated else None,
    )


@dataclass
class FixtureOrg:
    dinkes: WorkUnit
    division: WorkUnit
    disdik: WorkUnit
    competencies: dict[str, Competency]
    programmes: dict[str, Programme]
    ani: Employee
    budi: Employee
    citra: Employee
    dedi: Employee
    eko: Employee
    fajar: Employee


def _programme(
    code: str,
    name: str,
    jp: str,
    *,
    created_by: User,
    kind: str = ProgrammeKind.TECHNICAL,
    competencies: tuple[Competency, ...] = (),
    indicators: tuple[str, ...] = (),
    **fields: object,
) -> Programme:
    programme: Programme = ProgrammeFactory.create(
        code=code, name=name, jp=Decimal(jp), kind=kind, created_by=created_by, **fields
    )
    programme.competencies.set(competencies)
    programme.indicators.set(BehaviourIndicator.objects.filter(code__in=indicators))
    return programme


def fixture_organisation() -> FixtureOrg:
    """The organisation described in the module docstring."""
    dinkes = WorkUnitFactory.create(name="Dinas Kesehatan", code="DINKES", parent=root_unit())
    division = WorkUnitFactory.create(
        name="Bidang Pelayanan Kesehatan",
        code="DINKES-YANKES",
        kind=WorkUnit.Kind.DIVISION,
        parent=dinkes,
    )
    disdik = WorkUnitFactory.create(name="Dinas Pendidikan", code="DISDIK", parent=root_unit())
    k101 = CompetencyFactory.create(code="K101", name="Komunikasi", kind=Competency.Kind.MANAGERIAL)
    k102 = CompetencyFactory.create(code="K102", name="Pelayanan kesehatan")
    k103 = CompetencyFactory.create(code="K103", name="Pengolahan data")
    analyst = position("Analis Kesehatan")
    head_of_section = position("Kepala Seksi Pelayanan", Position.Kind.PENGAWAS)
    data_officer = position("Pengelola Data Pendidikan")
    require(analyst, k101, 3)
    require(analyst, k102, 3)
    require(head_of_section, k101, 4)
    require(data_officer, k103, 2)
    hr = hr_user()
    programmes = {
        "KOM": _programme("KOM", "Komunikasi Efektif", "16", created_by=hr, competencies=(k101,)),
        "KOM-OLD": _programme(
            "KOM-OLD",
            "Komunikasi (lama)",
            "8",
            created_by=hr,
            competencies=(k101,),
            is_active=False,
        ),
        "YAN": _programme(
            "YAN",
            "Pelayanan Prima Kesehatan",
            "24",
            created_by=hr,
            competencies=(k102,),
            indicators=("1a",),
        ),
        "DATA": _programme(
            "DATA", "Analisis Data Dasar", "20", created_by=hr, competencies=(k103,)
        ),
        "DATA-L": _programme(
            "DATA-L", "Analisis Data Lanjutan", "32", created_by=hr, competencies=(k103,)
        ),
        "COACH": _programme(
            "COACH",
            "Coaching Kinerja",
            "4",
            created_by=hr,
            kind=ProgrammeKind.COACHING,
            for_weak_predikat=True,
        ),
        "PKP": _programme(
            "PKP", "Pelatihan Kepemimpinan Pengawas", "120", created_by=hr, kind=ProgrammeKind.PKP
        ),
    }
    fajar = EmployeeFactory.create(
        name="Fajar Kadis",
        work_unit=dinkes,
        position=position("Kepala Dinas Kesehatan", Position.Kind.JPT_PRATAMA),
        tmt_position=dt.date(2024, 1, 2),
    )
    external(fajar, kind=ProgrammeKind.PKN2)
    ani = EmployeeFactory.create(name="Ani", work_unit=division, position=analyst)
    assess(ani, k101, 2)
    appraised(ani, year=2024, predikat=Predikat.BAIK, evaluator=fajar, low={"2a": "2.00"})
    appraised(
        ani, year=2025, predikat=Predikat.BUTUH_PERBAIKAN, evaluator=fajar, low={"1a": "2.30"}
    )
    budi = EmployeeFactory.create(name="Budi", work_unit=division, position=analyst)
    assess(budi, k101, 3)
    assess(budi, k102, 4)
    appraised(budi, year=2025, predikat=Predikat.BAIK, evaluator=fajar)
    citra = EmployeeFactory.create(
        name="Citra",
        work_unit=division,
        position=head_of_section,
        tmt_position=dt.date(2026, 10, 1),
    )
    assess(citra, k101, 3)
    enrol(citra, programmes["KOM"])
    dedi = EmployeeFactory.create(name="Dedi", work_unit=disdik, position=data_officer)
    enrol(
        dedi,
        programmes["DATA"],
        status=Enrolment.Status.COMPLETED,
        starts_on=dt.date(2026, 6, 8),
        ends_on=dt.date(2026, 6, 10),
    )
    appraised(dedi, year=2025, predikat=Predikat.BAIK, evaluator=fajar, low={"7c": "2.10"})
    eko = EmployeeFactory.create(name="Eko", work_unit=disdik, position=analyst, is_active=False)
    return FixtureOrg(
        dinkes=dinkes,
        division=division,
        disdik=disdik,
        competencies={"K101": k101, "K102": k102, "K103": k103},
        programmes=programmes,
        ani=ani,
        budi=budi,
        citra=citra,
        dedi=dedi,
        eko=eko,
        fajar=fajar,
    )
