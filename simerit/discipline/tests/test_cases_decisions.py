"""The decision (services.decisions): the PP 94 table, due process, overlap, delivery.

TODAY is Saturday 28 November 2026; the factories' BAP is held on 12 November."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.core.roles import Role
from simerit.discipline import permissions
from simerit.discipline.models import DisciplineCase, Level, Sanction, SanctionType
from simerit.discipline.services import decisions as services
from simerit.discipline.tests.factories import (
    DisciplineCaseFactory,
    ExaminationFactory,
    SanctionFactory,
    SummonsFactory,
    complete_team,
)
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.notifications.models import Notification

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def subject(employee: User) -> Employee:
    return Employee.objects.get(user=employee)


@pytest.fixture
def examined(subject: Employee) -> DisciplineCase:
    """A proven BAP of 12 November 2026 (sedang)."""
    case = DisciplineCaseFactory.create(employee=subject, status=DisciplineCase.Status.EXAMINED)
    SummonsFactory.create(case=case, attended=True)
    ExaminationFactory.create(case=case)
    return case


def decision(**changes: object) -> services.DecisionInput:
    values: dict[str, object] = {
        "level": Level.SEDANG,
        "sanction_type": SanctionType.POTONG_6,
        "decree_number": "800/45/KPTS/2026",
        "decided_on": D(2026, 11, 20),
        "official": "Wali Kota Palembang",
        "considerations": "Terbukti tidak masuk kerja tanpa alasan yang sah.",
        "starts_on": D(2026, 12, 1),
    }
    values.update(changes)
    return services.DecisionInput(**values)  # type: ignore[arg-type]


def test_a_sedang_decision_takes_its_end_and_cut_from_the_table(
    hr_admin: User, employee: User, examined: DisciplineCase
) -> None:
    sanction = services.decide_case(case=examined, data=decision(), actor=hr_admin)

    sanction.refresh_from_db()
    examined.refresh_from_db()
    assert examined.status == DisciplineCase.Status.DECIDED
    assert (
        sanction.level,
        sanction.sanction_type,
        sanction.basis,
        sanction.starts_on,
        sanction.ends_on,
        sanction.tpp_cut_percent,
        sanction.employee,
        sanction.delivered_on,
    ) == (
        "sedang",
        "potong_tpp_6",
        "examined",
        D(2026, 12, 1),
        D(2027, 5, 31),
        25,
        examined.employee,
        None,
    )
    event = AuditEvent.objects.get(action="discipline.sanction.decided")
    assert event.changes == {
        "case": examined.number,
        "case_status": ["examined", "decided"],
        "level": "sedang",
        "sanction_type": "potong_tpp_6",
        "basis": "examined",
        "decree_number": "800/45/KPTS/2026",
        "decided_on": "2026-11-20",
        "official": "Wali Kota Palembang",
        "considerations": "Terbukti tidak masuk kerja tanpa alasan yang sah.",
        "starts_on": "2026-12-01",
        "ends_on": "2027-05-31",
        "tpp_cut_percent": 25,
    }
    note = Notification.objects.get(user=employee)
    assert note.title == f"Keputusan hukuman disiplin {examined.number}"
    assert note.body == (
        "Anda dijatuhi hukuman disiplin tingkat sedang: Pemotongan tunjangan kinerja/TPP 25% "
        "selama 6 bulan, berlaku 01/12/2026–31/05/2027."
    )


def test_a_ringan_decision_has_no_end_and_no_cut(hr_admin: User, examined: DisciplineCase) -> None:
    sanction = services.decide_case(
        case=examined,
        data=decision(
            level=Level.RINGAN,
            sanction_type=SanctionType.TEGURAN_TERTULIS,
            starts_on=D(2026, 11, 23),
        ),
        actor=hr_admin,
    )
    assert (sanction.ends_on, sanction.tpp_cut_percent) == (None, 0)
    assert Notification.objects.get().body == (
        "Anda dijatuhi hukuman disiplin tingkat ringan: Teguran tertulis."
    )


def test_berat_decisions(hr_admin: User, examined: DisciplineCase) -> None:
    complete_team(examined)
    sanction = services.decide_case(
        case=examined,
        data=decision(
            level=Level.BERAT,
            sanction_type=SanctionType.PENURUNAN_JABATAN,
            starts_on=D(2026, 11, 25),
        ),
        actor=hr_admin,
    )
    assert (sanction.ends_on, sanction.tpp_cut_percent) == (D(2027, 11, 24), 0)


def test_pdhtaps_has_no_end_and_leaves_the_employment_to_hr(
    hr_admin: User, examined: DisciplineCase
) -> None:
    complete_team(examined)
    sanction = services.decide_case(
        case=examined,
        data=decision(level=Level.BERAT, sanction_type=SanctionType.PDHTAPS),
        actor=hr_admin,
    )
    assert sanction.ends_on is None
    examined.employee.refresh_from_db()
    assert examined.employee.is_active is True
    assert Notification.objects.get().body == (
        "Anda dijatuhi hukuman disiplin tingkat berat: Pemberhentian dengan hormat tidak atas "
        "permintaan sendiri sebagai PNS, berlaku sejak 01/12/2026."
    )


def _refused(
    actor: User,
    case: DisciplineCase,
    data: services.DecisionInput,
    exception: type[Exception],
) -> pytest.ExceptionInfo[Exception]:
    status = DisciplineCase.objects.get(pk=case.pk).status
    count = Sanction.objects.count()
    with pytest.raises(exception) as error:
        services.decide_case(case=case, data=data, actor=actor)
    assert Sanction.objects.count() == count
    assert DisciplineCase.objects.get(pk=case.pk).status == status
    assert not AuditEvent.objects.filter(action="discipline.sanction.decided").exists()
    assert Notification.objects.count() == 0
    return error


def test_a_type_outside_its_level_is_refused_with_the_table_message(
    hr_admin: User, examined: DisciplineCase
) -> None:
    error = _refused(
        hr_admin,
        examined,
        decision(level=Level.RINGAN, sanction_type=SanctionType.POTONG_6),
        InvalidInputError,
    )
    assert error.value.errors == {  # type: ignore[attr-defined]
        "sanction_type": [
            "Jenis hukuman “Pemotongan tunjangan kinerja/TPP 25% selama 6 bulan” bukan hukuman "
            "disiplin tingkat ringan: jenis ini termasuk tingkat sedang (PP 94/2021 Pasal 8)."
        ]
    }


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"starts_on": D(2026, 12, 2)},
            {"starts_on": ["Hukuman pemotongan TPP dimulai pada tanggal 1 suatu bulan."]},
        ),
        (
            {"decided_on": D(2026, 11, 30), "starts_on": D(2026, 12, 1)},
            {"decided_on": ["Tanggal keputusan tidak boleh di masa depan."]},
        ),
        (
            {"decided_on": D(2026, 11, 11)},
            {
                "decided_on": [
                    "Tanggal keputusan tidak boleh sebelum tanggal pemeriksaan (12/11/2026)."
                ]
            },
        ),
        (
            {"decided_on": D(2026, 11, 20), "starts_on": D(2026, 11, 1)},
            {"starts_on": ["Tanggal mulai berlaku tidak boleh sebelum tanggal keputusan."]},
        ),
        (
            {"decree_number": "", "official": " ", "considerations": ""},
            {
                "decree_number": ["Nomor keputusan wajib diisi."],
                "official": ["Pejabat yang berwenang menghukum wajib diisi."],
                "considerations": ["Pertimbangan wajib diisi."],
            },
        ),
        (
            {"level": "ekstrem"},
            {"level": ["Tingkat hukuman tidak dikenal."]},
        ),
    ],
)
def test_bad_decision_input(
    hr_admin: User, examined: DisciplineCase, changes: dict[str, object], errors: object
) -> None:
    error = _refused(hr_admin, examined, decision(**changes), InvalidInputError)
    assert error.value.errors == errors  # type: ignore[attr-defined]


# --- Due process


def test_no_decision_without_a_bap(hr_admin: User, subject: Employee) -> None:
    case = DisciplineCaseFactory.create(employee=subject)
    error = _refused(hr_admin, case, decision(), DomainError)
    assert str(error.value) == (
        "Keputusan hukuman disiplin tidak dapat ditetapkan tanpa berita acara pemeriksaan, "
        "kecuali pegawai tidak memenuhi dua kali panggilan."
    )


def test_one_missed_summons_is_not_enough(hr_admin: User, subject: Employee) -> None:
    first = SummonsFactory.create(case__employee=subject, attended=False)
    error = _refused(hr_admin, first.case, decision(), DomainError)
    assert str(error.value) == services.NO_EXAMINATION


def test_a_second_summons_not_yet_recorded_is_not_enough(hr_admin: User, subject: Employee) -> None:
    first = SummonsFactory.create(case__employee=subject, attended=False)
    SummonsFactory.create(
        case=first.case, sequence=2, issued_on=D(2026, 11, 13), examination_on=D(2026, 11, 24)
    )
    error = _refused(hr_admin, first.case, decision(), DomainError)
    assert str(error.value) == services.NO_EXAMINATION


def test_two_ignored_summonses_allow_a_decision_on_the_evidence(
    hr_admin: User, subject: Employee
) -> None:
    first = SummonsFactory.create(case__employee=subject, attended=False)
    SummonsFactory.create(
        case=first.case,
        sequence=2,
        issued_on=D(2026, 11, 13),
        examination_on=D(2026, 11, 24),
        attended=False,
    )
    early = decision(decided_on=D(2026, 11, 23))
    error = _refused(hr_admin, first.case, early, InvalidInputError)
    assert error.value.errors == {  # type: ignore[attr-defined]
        "decided_on": ["Tanggal keputusan tidak boleh sebelum tanggal pemeriksaan (24/11/2026)."]
    }
    sanction = services.decide_case(
        case=first.case, data=decision(decided_on=D(2026, 11, 27)), actor=hr_admin
    )
    assert sanction.basis == Sanction.Basis.SUMMONS_IGNORED


def test_a_breach_not_proven_is_not_sanctioned(hr_admin: User, subject: Employee) -> None:
    examination = ExaminationFactory.create(case__employee=subject, proven=False)
    error = _refused(hr_admin, examination.case, decision(), DomainError)
    assert str(error.value) == (
        "Pelanggaran dinyatakan tidak terbukti dalam BAP; kasus tidak dapat diputus dengan "
        "hukuman disiplin."
    )


def test_a_case_is_decided_once(hr_admin: User) -> None:
    sanction = SanctionFactory.create()
    error = _refused(hr_admin, sanction.case, decision(), DomainError)
    assert str(error.value) == "Kasus ini sudah diputus."


def test_a_dismissed_case_is_not_decided(hr_admin: User) -> None:
    case = DisciplineCaseFactory.create(
        status=DisciplineCase.Status.DISMISSED, dismissal_reason="Tidak beralasan."
    )
    error = _refused(hr_admin, case, decision(), DomainError)
    assert str(error.value) == "Kasus yang sudah dihentikan tidak dapat diputus."


@pytest.mark.parametrize("persona", ["auditor", "supervisor", "employee"])
def test_only_hr_decides(
    persona: str, request: pytest.FixtureRequest, examined: DisciplineCase
) -> None:
    actor: User = request.getfixturevalue(persona)
    error = _refused(actor, examined, decision(), PermissionDenied)
    expected = permissions.OWN_CASE if persona == "employee" else permissions.HR_ONLY
    assert str(error.value) == expected


def test_hr_does_not_decide_their_own_case(org: object) -> None:
    hr = UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    examination = ExaminationFactory.create(case__employee=EmployeeFactory.create(user=hr))
    error = _refused(hr, examination.case, decision(), PermissionDenied)
    assert str(error.value) == permissions.OWN_CASE


# --- Overlap


def test_a_tpp_cut_overlapping_another_cut_is_refused(
    hr_admin: User, examined: DisciplineCase
) -> None:
    other = SanctionFactory.create(
        employee=examined.employee,
        case__number="HD-2026-0100",
        sanction_type=SanctionType.POTONG_12,
        decided_on=D(2026, 5, 20),
        starts_on=D(2026, 6, 1),
    )
    assert other.ends_on == D(2027, 5, 31)
    error = _refused(
        hr_admin, examined, decision(sanction_type=SanctionType.POTONG_9), ConflictError
    )
    assert str(error.value) == (
        "Masa berlaku hukuman ini tumpang tindih dengan hukuman Pemotongan tunjangan "
        "kinerja/TPP 25% selama 12 bulan pada kasus HD-2026-0100 (01/06/2026–31/05/2027)."
    )
    after = services.decide_case(
        case=examined, data=decision(starts_on=D(2027, 6, 1)), actor=hr_admin
    )
    assert after.ends_on == D(2027, 11, 30)


def test_an_annulled_sanction_does_not_block(hr_admin: User, examined: DisciplineCase) -> None:
    SanctionFactory.create(
        employee=examined.employee,
        decided_on=D(2026, 9, 10),
        starts_on=D(2026, 10, 1),
        annulled_at=timezone.now(),
        annulment_reason="Dibatalkan atas keberatan.",
    )
    services.decide_case(case=examined, data=decision(), actor=hr_admin)
    assert Sanction.objects.count() == 2


def test_groups_do_not_block_each_other(hr_admin: User, examined: DisciplineCase) -> None:
    SanctionFactory.create(
        employee=examined.employee,
        sanction_type=SanctionType.PENURUNAN_JABATAN,
        decided_on=D(2026, 9, 10),
        starts_on=D(2026, 10, 1),
    )
    services.decide_case(case=examined, data=decision(), actor=hr_admin)
    assert Sanction.objects.count() == 2


def test_another_employee_does_not_block(hr_admin: User, examined: DisciplineCase) -> None:
    SanctionFactory.create(decided_on=D(2026, 9, 10), starts_on=D(2026, 10, 1))
    services.decide_case(case=examined, data=decision(), actor=hr_admin)
    assert Sanction.objects.count() == 2


def test_penurunan_and_pembebasan_do_not_overlap(db: None) -> None:
    other = SanctionFactory.create(
        sanction_type=SanctionType.PEMBEBASAN_JABATAN,
        case__number="HD-2026-0007",
        decided_on=D(2026, 3, 2),
        starts_on=D(2026, 3, 2),
    )
    with pytest.raises(ConflictError) as error:
        services.check_overlap(
            employee=other.employee,
            sanction_type=SanctionType.PENURUNAN_JABATAN,
            starts_on=D(2027, 3, 1),
            ends_on=D(2028, 2, 29),
        )
    assert str(error.value) == (
        "Masa berlaku hukuman ini tumpang tindih dengan hukuman Pembebasan dari jabatannya "
        "menjadi jabatan pelaksana selama 12 bulan pada kasus HD-2026-0007 "
        "(02/03/2026–01/03/2027)."
    )
    # The day after it ends is free.
    services.check_overlap(
        employee=other.employee,
        sanction_type=SanctionType.PENURUNAN_JABATAN,
        starts_on=D(2027, 3, 2),
        ends_on=D(2028, 3, 1),
    )


def test_pdhtaps_is_imposed_once(db: None) -> None:
    other = SanctionFactory.create(
        sanction_type=SanctionType.PDHTAPS,
        case__number="HD-2025-0003",
        decided_on=D(2025, 4, 1),
        starts_on=D(2025, 5, 1),
    )
    with pytest.raises(ConflictError) as error:
        services.check_overlap(
            employee=other.employee,
            sanction_type=SanctionType.PDHTAPS,
            starts_on=D(2026, 12, 1),
            ends_on=None,
        )
    assert str(error.value) == (
        "Pegawai ini sudah dijatuhi hukuman Pemberhentian dengan hormat tidak atas permintaan "
        "sendiri sebagai PNS pada kasus HD-2025-0003 (sejak 01/05/2025)."
    )


def test_the_sanction_itself_is_excluded_when_it_is_changed(db: None) -> None:
    sanction = SanctionFactory.create()
    services.check_overlap(
        employee=sanction.employee,
        sanction_type=SanctionType.POTONG_12,
        starts_on=sanction.starts_on,
        ends_on=D(2027, 11, 30),
        exclude_id=sanction.pk,
    )


def test_ringan_types_never_overlap(db: None) -> None:
    sanction = SanctionFactory.create(sanction_type=SanctionType.TEGURAN_LISAN)
    services.check_overlap(
        employee=sanction.employee,
        sanction_type=SanctionType.TEGURAN_LISAN,
        starts_on=sanction.starts_on,
        ends_on=None,
    )


# --- Delivery


def test_the_delivery_day_is_recorded_once(hr_admin: User) -> None:
    sanction = SanctionFactory.create()
    services.record_delivery(sanction=sanction, delivered_on=D(2026, 11, 23), actor=hr_admin)
    sanction.refresh_from_db()
    assert sanction.delivered_on == D(2026, 11, 23)
    event = AuditEvent.objects.get(action="discipline.sanction.delivered")
    assert event.changes == {"delivered_on": [None, "2026-11-23"]}

    with pytest.raises(DomainError) as error:
        services.record_delivery(sanction=sanction, delivered_on=D(2026, 11, 24), actor=hr_admin)
    assert str(error.value) == "Tanggal penerimaan keputusan sudah dicatat."
    sanction.refresh_from_db()
    assert sanction.delivered_on == D(2026, 11, 23)
    assert AuditEvent.objects.filter(action="discipline.sanction.delivered").count() == 1


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (
            D(2026, 11, 19),
            "Tanggal penerimaan keputusan tidak boleh sebelum tanggal keputusan (20/11/2026).",
        ),
        (D(2026, 11, 29), "Tanggal penerimaan keputusan tidak boleh di masa depan."),
    ],
)
def test_bad_delivery_days(hr_admin: User, day: dt.date, message: str) -> None:
    sanction = SanctionFactory.create()
    with pytest.raises(InvalidInputError) as error:
        services.record_delivery(sanction=sanction, delivered_on=day, actor=hr_admin)
    assert error.value.errors == {"delivered_on": [message]}
    sanction.refresh_from_db()
    assert sanction.delivered_on is None
    assert not AuditEvent.objects.filter(action="discipline.sanction.delivered").exists()


def test_the_auditor_does_not_record_the_delivery(auditor: User) -> None:
    sanction = SanctionFactory.create()
    with pytest.raises(PermissionDenied):
        services.record_delivery(sanction=sanction, delivered_on=D(2026, 11, 23), actor=auditor)
    sanction.refresh_from_db()
    assert sanction.delivered_on is None
