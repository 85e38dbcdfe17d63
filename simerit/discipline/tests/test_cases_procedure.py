"""The procedure (services.procedure): summons, attendance, examination team, BAP.

TODAY is Saturday 28 November 2026; the factories' first summons is dated Tuesday 3 November
for Thursday 12 November (7 working days later)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.core.roles import Role
from simerit.discipline import permissions
from simerit.discipline.models import (
    DisciplineCase,
    DisciplineSettings,
    Examination,
    Level,
    Summons,
    TeamMember,
)
from simerit.discipline.services import procedure as services
from simerit.discipline.tests.factories import (
    DisciplineCaseFactory,
    ExaminationFactory,
    SummonsFactory,
    TeamMemberFactory,
)
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.notifications.models import Notification

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def case(employee: User) -> DisciplineCase:
    return DisciplineCaseFactory.create(employee=Employee.objects.get(user=employee))


def summons_input(**changes: object) -> services.SummonsInput:
    values: dict[str, object] = {
        "letter_number": "800/12/BKPSDM/2026",
        "issued_on": D(2026, 11, 16),
        "examination_on": D(2026, 11, 25),
        "place": "Ruang Rapat BKPSDM",
    }
    values.update(changes)
    return services.SummonsInput(**values)  # type: ignore[arg-type]


def no_discipline_audit() -> bool:
    return not AuditEvent.objects.filter(action__startswith="discipline.").exists()


# --- Summons


def test_the_first_summons_is_recorded_and_the_employee_told(
    hr_admin: User, employee: User, case: DisciplineCase
) -> None:
    summons = services.issue_summons(case=case, data=summons_input(), actor=hr_admin)

    case.refresh_from_db()
    assert case.status == DisciplineCase.Status.SUMMONED
    assert (summons.sequence, summons.issued_on, summons.examination_on, summons.attended) == (
        1,
        D(2026, 11, 16),
        D(2026, 11, 25),
        None,
    )
    event = AuditEvent.objects.get(action="discipline.summons.issued")
    assert event.changes == {
        "case": case.number,
        "case_status": ["reported", "summoned"],
        "sequence": 1,
        "letter_number": "800/12/BKPSDM/2026",
        "issued_on": "2026-11-16",
        "examination_on": "2026-11-25",
        "place": "Ruang Rapat BKPSDM",
    }
    note = Notification.objects.get(user=employee)
    assert note.title == "Surat panggilan ke-1 pemeriksaan disiplin"
    assert note.body == (
        "Anda dipanggil untuk diperiksa pada 25/11/2026 di Ruang Rapat BKPSDM "
        "(surat 800/12/BKPSDM/2026)."
    )


def _summons_refused(
    actor: User, case: DisciplineCase, data: services.SummonsInput, exception: type[Exception]
) -> pytest.ExceptionInfo[Exception]:
    count = Summons.objects.count()
    status = DisciplineCase.objects.get(pk=case.pk).status
    with pytest.raises(exception) as error:
        services.issue_summons(case=case, data=data, actor=actor)
    assert Summons.objects.count() == count
    assert DisciplineCase.objects.get(pk=case.pk).status == status
    assert not AuditEvent.objects.filter(action="discipline.summons.issued").exists()
    assert Notification.objects.count() == 0
    return error


def test_the_examination_needs_the_notice_in_working_days(
    hr_admin: User, case: DisciplineCase
) -> None:
    error = _summons_refused(
        hr_admin, case, summons_input(examination_on=D(2026, 11, 24)), InvalidInputError
    )
    assert error.value.errors == {  # type: ignore[attr-defined]
        "examination_on": [
            "Jadwal pemeriksaan paling cepat 7 hari kerja setelah tanggal surat (25/11/2026)."
        ]
    }


def test_the_notice_is_configuration(hr_admin: User, case: DisciplineCase) -> None:
    DisciplineSettings.objects.filter(pk=1).update(summons_notice_working_days=3)
    summons = services.issue_summons(
        case=case, data=summons_input(examination_on=D(2026, 11, 19)), actor=hr_admin
    )
    assert summons.examination_on == D(2026, 11, 19)


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"issued_on": D(2026, 11, 30), "examination_on": D(2026, 12, 9)},
            {"issued_on": ["Tanggal surat panggilan tidak boleh di masa depan."]},
        ),
        (
            {"issued_on": D(2026, 10, 30)},
            {
                "issued_on": [
                    "Tanggal surat panggilan tidak boleh sebelum tanggal laporan (02/11/2026)."
                ]
            },
        ),
        (
            {"letter_number": " ", "place": ""},
            {
                "letter_number": ["Nomor surat panggilan wajib diisi."],
                "place": ["Tempat pemeriksaan wajib diisi."],
            },
        ),
    ],
)
def test_bad_summons_input(
    hr_admin: User, case: DisciplineCase, changes: dict[str, object], errors: object
) -> None:
    error = _summons_refused(hr_admin, case, summons_input(**changes), InvalidInputError)
    assert error.value.errors == errors  # type: ignore[attr-defined]


def test_no_second_summons_before_the_first_attendance_is_recorded(hr_admin: User) -> None:
    first = SummonsFactory.create()
    error = _summons_refused(hr_admin, first.case, summons_input(), DomainError)
    assert str(error.value) == (
        "Panggilan kedua hanya dapat dibuat setelah ketidakhadiran pada panggilan pertama dicatat."
    )


def test_no_second_summons_when_the_employee_came(hr_admin: User) -> None:
    first = SummonsFactory.create(attended=True)
    error = _summons_refused(hr_admin, first.case, summons_input(), DomainError)
    assert str(error.value) == (
        "Pegawai telah hadir pada panggilan pertama; panggilan kedua tidak diperlukan."
    )


def test_a_second_summons_after_the_employee_missed_the_first(hr_admin: User) -> None:
    first = SummonsFactory.create(attended=False)  # examination on Thursday 12 November
    second = services.issue_summons(
        case=first.case,
        data=summons_input(issued_on=D(2026, 11, 13), examination_on=D(2026, 11, 24)),
        actor=hr_admin,
    )
    assert second.sequence == 2


def test_the_second_letter_is_sent_within_the_window_after_the_first_date(
    hr_admin: User,
) -> None:
    first = SummonsFactory.create(attended=False)
    late = summons_input(issued_on=D(2026, 11, 24), examination_on=D(2026, 12, 3))
    error = _summons_refused(hr_admin, first.case, late, InvalidInputError)
    assert error.value.errors == {  # type: ignore[attr-defined]
        "issued_on": [
            "Surat panggilan kedua paling lambat 7 hari kerja setelah jadwal panggilan pertama "
            "(23/11/2026)."
        ]
    }
    early = summons_input(issued_on=D(2026, 11, 11), examination_on=D(2026, 11, 20))
    error = _summons_refused(hr_admin, first.case, early, InvalidInputError)
    assert error.value.errors == {  # type: ignore[attr-defined]
        "issued_on": ["Surat panggilan kedua dibuat setelah jadwal panggilan pertama (12/11/2026)."]
    }


def test_never_a_third_summons(hr_admin: User) -> None:
    first = SummonsFactory.create(attended=False)
    SummonsFactory.create(
        case=first.case,
        sequence=2,
        issued_on=D(2026, 11, 13),
        examination_on=D(2026, 11, 24),
        attended=False,
    )
    error = _summons_refused(hr_admin, first.case, summons_input(), DomainError)
    assert str(error.value) == "Pemanggilan hanya dapat dilakukan dua kali."


def test_a_closed_case_gets_no_summons(hr_admin: User) -> None:
    case = DisciplineCaseFactory.create(
        status=DisciplineCase.Status.DISMISSED, dismissal_reason="x"
    )
    error = _summons_refused(hr_admin, case, summons_input(), DomainError)
    assert str(error.value) == services.NOT_OPEN


@pytest.mark.parametrize("persona", ["auditor", "supervisor", "opd_admin", "employee"])
def test_only_hr_summons(
    persona: str, request: pytest.FixtureRequest, case: DisciplineCase
) -> None:
    actor: User = request.getfixturevalue(persona)
    error = _summons_refused(actor, case, summons_input(), PermissionDenied)
    expected = permissions.OWN_CASE if persona == "employee" else permissions.HR_ONLY
    assert str(error.value) == expected


def test_hr_does_not_summon_themself(org: object) -> None:
    hr = UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    case = DisciplineCaseFactory.create(employee=EmployeeFactory.create(user=hr))
    error = _summons_refused(hr, case, summons_input(), PermissionDenied)
    assert str(error.value) == permissions.OWN_CASE


# --- Attendance


def test_attendance_is_recorded_on_or_after_the_day(hr_admin: User) -> None:
    summons = SummonsFactory.create()
    services.record_attendance(
        summons=summons, attended=False, note=" Tanpa keterangan ", actor=hr_admin
    )
    summons.refresh_from_db()
    assert (summons.attended, summons.attendance_note) == (False, "Tanpa keterangan")
    event = AuditEvent.objects.get(action="discipline.summons.attendance_recorded")
    assert event.changes == {
        "case": summons.case.number,
        "attended": [None, False],
        "attendance_note": ["", "Tanpa keterangan"],
    }


def test_attendance_is_recorded_on_the_day_itself(hr_admin: User) -> None:
    summons = SummonsFactory.create(issued_on=D(2026, 11, 18), examination_on=D(2026, 11, 28))
    services.record_attendance(summons=summons, attended=True, note="", actor=hr_admin)
    summons.refresh_from_db()
    assert summons.attended is True


def test_attendance_is_not_recorded_before_the_day(hr_admin: User) -> None:
    summons = SummonsFactory.create(issued_on=D(2026, 11, 19), examination_on=D(2026, 11, 30))
    with pytest.raises(DomainError) as error:
        services.record_attendance(summons=summons, attended=True, note="", actor=hr_admin)
    assert str(error.value) == (
        "Kehadiran baru dapat dicatat pada atau setelah jadwal pemeriksaan (30/11/2026)."
    )
    summons.refresh_from_db()
    assert summons.attended is None
    assert no_discipline_audit()


def test_attendance_is_recorded_once(hr_admin: User) -> None:
    summons = SummonsFactory.create(attended=True, attendance_note="Hadir")
    with pytest.raises(DomainError) as error:
        services.record_attendance(summons=summons, attended=False, note="", actor=hr_admin)
    assert str(error.value) == "Kehadiran pada panggilan ini sudah dicatat."
    summons.refresh_from_db()
    assert (summons.attended, summons.attendance_note) == (True, "Hadir")
    assert no_discipline_audit()


def test_the_auditor_does_not_record_attendance(auditor: User) -> None:
    summons = SummonsFactory.create()
    with pytest.raises(PermissionDenied):
        services.record_attendance(summons=summons, attended=True, note="", actor=auditor)
    summons.refresh_from_db()
    assert summons.attended is None
    assert no_discipline_audit()


# --- Team


def test_hr_adds_and_removes_team_members(hr_admin: User, case: DisciplineCase) -> None:
    inspector = EmployeeFactory.create(name="Pemeriksa Inspektorat")
    member = services.add_team_member(
        case=case, employee=inspector, role=TeamMember.Role.PENGAWASAN, actor=hr_admin
    )
    assert list(case.team.values_list("employee__name", "role")) == [
        ("Pemeriksa Inspektorat", "pengawasan")
    ]
    added = AuditEvent.objects.get(action="discipline.team_member.added")
    assert added.changes == {
        "case": case.number,
        "employee_id": inspector.pk,
        "role": "pengawasan",
    }

    services.remove_team_member(member=member, actor=hr_admin)
    assert case.team.count() == 0
    removed = AuditEvent.objects.get(action="discipline.team_member.removed")
    assert removed.changes == {
        "case": case.number,
        "employee_id": [inspector.pk, None],
        "role": ["pengawasan", None],
    }


def _team_refused(
    actor: User,
    case: DisciplineCase,
    employee: Employee,
    role: str,
    exception: type[Exception],
) -> pytest.ExceptionInfo[Exception]:
    count = TeamMember.objects.count()
    with pytest.raises(exception) as error:
        services.add_team_member(case=case, employee=employee, role=role, actor=actor)
    assert TeamMember.objects.count() == count
    assert not AuditEvent.objects.filter(action="discipline.team_member.added").exists()
    return error


def test_the_employee_concerned_is_never_in_the_team(hr_admin: User, case: DisciplineCase) -> None:
    error = _team_refused(hr_admin, case, case.employee, "atasan", InvalidInputError)
    assert error.value.errors == {  # type: ignore[attr-defined]
        "employee": ["Pegawai yang diperiksa tidak dapat menjadi anggota tim pemeriksa."]
    }


def test_a_member_is_added_once(hr_admin: User, case: DisciplineCase) -> None:
    existing = TeamMemberFactory.create(case=case, employee=EmployeeFactory.create(name="Ani"))
    error = _team_refused(hr_admin, case, existing.employee, "lainnya", ConflictError)
    assert str(error.value) == "Ani sudah menjadi anggota tim pemeriksa kasus ini."


def test_bad_team_input(hr_admin: User, case: DisciplineCase) -> None:
    error = _team_refused(
        hr_admin, case, EmployeeFactory.create(is_active=False), "ketua", InvalidInputError
    )
    assert error.value.errors == {  # type: ignore[attr-defined]
        "role": ["Unsur anggota tim tidak dikenal."],
        "employee": ["Pegawai yang tidak aktif tidak dapat menjadi anggota tim pemeriksa."],
    }


def test_a_case_reported_as_ringan_may_get_a_team(hr_admin: User, employee: User) -> None:
    """The facts may point higher than the report: a BAP proposing berat needs the team."""
    case = DisciplineCaseFactory.create(
        employee=Employee.objects.get(user=employee), suspected_level=Level.RINGAN
    )
    member = services.add_team_member(
        case=case, employee=EmployeeFactory.create(), role="atasan", actor=hr_admin
    )
    assert list(case.team.values_list("pk", "role")) == [(member.pk, "atasan")]


def test_the_team_is_fixed_after_the_bap(hr_admin: User) -> None:
    examination = ExaminationFactory.create()
    error = _team_refused(
        hr_admin, examination.case, EmployeeFactory.create(), "atasan", DomainError
    )
    assert str(error.value) == services.NOT_OPEN
    member = TeamMemberFactory.create(case=examination.case)
    with pytest.raises(DomainError):
        services.remove_team_member(member=member, actor=hr_admin)
    assert TeamMember.objects.filter(pk=member.pk).exists()


def test_the_auditor_does_not_change_the_team(auditor: User, case: DisciplineCase) -> None:
    _team_refused(auditor, case, EmployeeFactory.create(), "atasan", PermissionDenied)
    member = TeamMemberFactory.create(case=case)
    with pytest.raises(PermissionDenied):
        services.remove_team_member(member=member, actor=auditor)
    assert TeamMember.objects.filter(pk=member.pk).exists()
    assert no_discipline_audit()


# --- BAP


def bap_input(**changes: object) -> services.ExaminationInput:
    values: dict[str, object] = {
        "held_on": D(2026, 11, 12),
        "place": "Ruang Rapat BKPSDM",
        "questions_and_answers": "T: Mengapa tidak masuk?\nJ: Urusan keluarga.",
        "employee_statement": "Saya mengakui.",
        "findings": "Terbukti tidak masuk tiga hari.",
        "proven": True,
        "proposed_level": Level.SEDANG,
        "signed_by_employee": True,
        "refusal_note": "",
    }
    values.update(changes)
    return services.ExaminationInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def attended_case(case: DisciplineCase) -> DisciplineCase:
    SummonsFactory.create(case=case, attended=True)
    DisciplineCase.objects.filter(pk=case.pk).update(status=DisciplineCase.Status.SUMMONED)
    case.refresh_from_db()
    return case


def test_the_bap_is_recorded_and_the_case_examined(
    hr_admin: User, attended_case: DisciplineCase
) -> None:
    examination = services.record_examination(case=attended_case, data=bap_input(), actor=hr_admin)
    attended_case.refresh_from_db()
    assert attended_case.status == DisciplineCase.Status.EXAMINED
    assert (examination.proven, examination.proposed_level) == (True, "sedang")
    event = AuditEvent.objects.get(action="discipline.examination.recorded")
    assert event.changes["case_status"] == ["summoned", "examined"]
    assert event.changes["findings"] == "Terbukti tidak masuk tiga hari."


def test_a_refusal_to_sign_is_recorded_with_its_note(
    hr_admin: User, attended_case: DisciplineCase
) -> None:
    examination = services.record_examination(
        case=attended_case,
        data=bap_input(signed_by_employee=False, refusal_note="Menolak tanpa alasan."),
        actor=hr_admin,
    )
    assert (examination.signed_by_employee, examination.refusal_note) == (
        False,
        "Menolak tanpa alasan.",
    )


def _bap_refused(
    actor: User, case: DisciplineCase, data: services.ExaminationInput, exception: type[Exception]
) -> pytest.ExceptionInfo[Exception]:
    status = DisciplineCase.objects.get(pk=case.pk).status
    with pytest.raises(exception) as error:
        services.record_examination(case=case, data=data, actor=actor)
    assert not Examination.objects.filter(case=case).exists()
    assert DisciplineCase.objects.get(pk=case.pk).status == status
    assert not AuditEvent.objects.filter(action="discipline.examination.recorded").exists()
    return error


def test_the_bap_requires_an_attended_summons(hr_admin: User, case: DisciplineCase) -> None:
    SummonsFactory.create(case=case, attended=False)
    error = _bap_refused(hr_admin, case, bap_input(), DomainError)
    assert str(error.value) == services.NO_ATTENDED_SUMMONS
    assert str(error.value) == (
        "Pemeriksaan hanya dapat dicatat setelah pegawai hadir memenuhi surat panggilan."
    )


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"held_on": D(2026, 11, 11)},
            {
                "held_on": [
                    "Tanggal pemeriksaan tidak boleh sebelum jadwal panggilan yang dihadiri "
                    "(12/11/2026)."
                ]
            },
        ),
        (
            {"held_on": D(2026, 11, 30)},
            {"held_on": ["Tanggal pemeriksaan tidak boleh di masa depan."]},
        ),
        (
            {"proposed_level": ""},
            {"proposed_level": ["Usulan tingkat hukuman wajib diisi bila pelanggaran terbukti."]},
        ),
        (
            {"proven": False},
            {"proposed_level": ["Usulan tingkat hukuman hanya diisi bila pelanggaran terbukti."]},
        ),
        (
            {"signed_by_employee": False},
            {"refusal_note": ["Catatan wajib diisi bila pegawai menolak menandatangani BAP."]},
        ),
        (
            {"place": "", "questions_and_answers": " ", "findings": ""},
            {
                "place": ["Tempat pemeriksaan wajib diisi."],
                "questions_and_answers": ["Tanya jawab pemeriksaan wajib diisi."],
                "findings": ["Kesimpulan pemeriksa wajib diisi."],
            },
        ),
    ],
)
def test_bad_bap_input(
    hr_admin: User, attended_case: DisciplineCase, changes: dict[str, object], errors: object
) -> None:
    error = _bap_refused(hr_admin, attended_case, bap_input(**changes), InvalidInputError)
    assert error.value.errors == errors  # type: ignore[attr-defined]


def test_a_berat_case_needs_its_team_before_the_bap(hr_admin: User, employee: User) -> None:
    case = DisciplineCaseFactory.create(
        employee=Employee.objects.get(user=employee),
        suspected_level=Level.BERAT,
        status=DisciplineCase.Status.SUMMONED,
    )
    SummonsFactory.create(case=case, attended=True)
    error = _bap_refused(hr_admin, case, bap_input(), DomainError)
    assert str(error.value) == (
        "Dugaan pelanggaran tingkat berat wajib diperiksa oleh tim pemeriksa yang terdiri atas "
        "atasan langsung dan unsur pengawasan atau unsur kepegawaian."
    )
    TeamMemberFactory.create(case=case, role=TeamMember.Role.ATASAN)
    TeamMemberFactory.create(case=case, role=TeamMember.Role.LAINNYA)
    _bap_refused(hr_admin, case, bap_input(), DomainError)

    TeamMemberFactory.create(case=case, role=TeamMember.Role.KEPEGAWAIAN)
    examination = services.record_examination(
        case=case, data=bap_input(proposed_level=Level.BERAT), actor=hr_admin
    )
    assert examination.proposed_level == "berat"


def test_a_sedang_case_needs_no_team(hr_admin: User, attended_case: DisciplineCase) -> None:
    assert attended_case.team.count() == 0
    services.record_examination(case=attended_case, data=bap_input(), actor=hr_admin)
    assert Examination.objects.filter(case=attended_case).exists()


def test_one_bap_per_case(hr_admin: User) -> None:
    examination = ExaminationFactory.create()
    with pytest.raises(DomainError) as error:
        services.record_examination(case=examination.case, data=bap_input(), actor=hr_admin)
    assert str(error.value) == "BAP kasus ini sudah dicatat."
    assert Examination.objects.count() == 1
    assert no_discipline_audit()


@pytest.mark.parametrize("persona", ["auditor", "supervisor"])
def test_only_hr_records_the_bap(
    persona: str, request: pytest.FixtureRequest, attended_case: DisciplineCase
) -> None:
    actor: User = request.getfixturevalue(persona)
    error = _bap_refused(actor, attended_case, bap_input(), PermissionDenied)
    assert str(error.value) == permissions.HR_ONLY
