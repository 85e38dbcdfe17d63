"""Nominating an employee (conditions checked and kept), the yearly Satyalancana proposal, and
withdrawal; every refusal exact and changing nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.employees.models import Employee
from simerit.performance.models import Appraisal, Rating
from simerit.performance.tests.factories import PerformanceYearFactory, make_skp
from simerit.performance.tests.factories_bias import make_appraisal
from simerit.rewards.models import Nomination
from simerit.rewards.services import nominations as services
from simerit.rewards.tests.factories import (
    AwardFactory,
    NominationFactory,
    exact,
    sanction,
    satyalancana,
    staff,
)

pytestmark = pytest.mark.django_db


def nothing_written() -> bool:
    return (
        not Nomination.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="rewards.").exists()
    )


def final_predikat(employee: Employee, year: int, result: Rating, behaviour: Rating) -> Appraisal:
    supervisor = staff(name="Atasan Penilai")
    employee.supervisor = supervisor
    employee.save()
    skp = make_skp(employee, year=PerformanceYearFactory.create(year=year))
    return make_appraisal(skp, result=result, behaviour=behaviour, status=Appraisal.Status.FINAL)


def test_hr_nominates_an_eligible_employee_and_the_check_is_kept(hr_admin):
    award = AwardFactory.create(name="Pegawai Teladan", min_service_years=5, clean_record_years=2)
    employee = staff(tmt_cpns=dt.date(2016, 3, 1), name="Ani")

    nomination = services.nominate(
        award=award, employee=employee, year=2026, reason=" Inovasi layanan. ", actor=hr_admin
    )

    assert (nomination.status, nomination.reason) == ("nominated", "Inovasi layanan.")
    assert nomination.eligibility == [
        {"syarat": "Pegawai aktif", "terpenuhi": True, "keterangan": "Pegawai aktif."},
        {
            "syarat": "Masa kerja minimal 5 tahun",
            "terpenuhi": True,
            "keterangan": "Masa kerja pada 28/11/2026: 10 tahun 8 bulan.",
        },
        {
            "syarat": "Tidak pernah dijatuhi hukuman disiplin tingkat sedang atau berat dalam 2 "
            "tahun terakhir",
            "terpenuhi": True,
            "keterangan": "Tidak ada hukuman disiplin tingkat sedang atau berat sejak 28/11/2024.",
        },
    ]
    event = AuditEvent.objects.get(action="rewards.nomination.created")
    assert event.changes["employee_nip"] == employee.nip


def test_an_ineligible_nominee_is_refused_with_every_reason(hr_admin):
    award = AwardFactory.create(name="Pegawai Teladan", min_service_years=5, clean_record_years=2)
    employee = staff(tmt_cpns=dt.date(2022, 3, 1), name="Budi", front_title="", back_title="")
    sanction(employee, decided_on=dt.date(2026, 2, 2), number="HD-2026-0001")

    with pytest.raises(
        DomainError,
        match=exact(
            "Budi tidak memenuhi syarat Pegawai Teladan: Masa kerja pada 28/11/2026: 4 tahun 8 "
            "bulan; minimal 5 tahun. Pernah dijatuhi hukuman disiplin tingkat sedang "
            "(HD-2026-0001, 02/02/2026)."
        ),
    ):
        services.nominate(award=award, employee=employee, year=2026, reason="x", actor=hr_admin)

    assert nothing_written()


def test_an_admin_opd_reads_the_refusal_without_the_case_number(org, opd_admin):
    """An Admin OPD may not see discipline cases: the same reasons, without the case number."""
    award = AwardFactory.create(name="Pegawai Teladan", clean_record_years=2)
    employee = staff(name="Budi", front_title="", back_title="", work_unit=org.dinkes_division)
    sanction(employee, decided_on=dt.date(2026, 2, 2), number="HD-2026-0042")

    with pytest.raises(
        DomainError,
        match=exact(
            "Budi tidak memenuhi syarat Pegawai Teladan: Pernah dijatuhi hukuman disiplin "
            "tingkat sedang (02/02/2026)."
        ),
    ):
        services.nominate(award=award, employee=employee, year=2026, reason="x", actor=opd_admin)

    assert nothing_written()


def test_min_predikat_reads_the_latest_final_appraisal(hr_admin):
    award = AwardFactory.create(name="Pegawai Teladan", min_predikat="baik")
    weak = staff(name="Citra", front_title="", back_title="")
    strong = staff(name="Dedi")
    final_predikat(weak, 2025, Rating.BELOW, Rating.AS_EXPECTED)
    final_predikat(strong, 2025, Rating.ABOVE, Rating.ABOVE)

    with pytest.raises(
        DomainError,
        match=exact(
            "Citra tidak memenuhi syarat Pegawai Teladan: Predikat 2025: Butuh Perbaikan; minimal "
            "Baik."
        ),
    ):
        services.nominate(award=award, employee=weak, year=2026, reason="x", actor=hr_admin)
    nomination = services.nominate(
        award=award, employee=strong, year=2026, reason="x", actor=hr_admin
    )

    assert nomination.eligibility[1]["keterangan"] == "Predikat 2025: Sangat Baik."


def test_without_a_final_predikat_the_minimum_is_not_met(hr_admin):
    award = AwardFactory.create(name="Pegawai Teladan", min_predikat="baik")
    employee = staff(name="Eka", front_title="", back_title="")

    with pytest.raises(
        DomainError,
        match=exact(
            "Eka tidak memenuhi syarat Pegawai Teladan: Belum ada predikat kinerja final; minimal "
            "Baik."
        ),
    ):
        services.nominate(award=award, employee=employee, year=2026, reason="x", actor=hr_admin)

    assert nothing_written()


def test_a_satyalancana_nomination_follows_its_own_rules(hr_admin):
    employee = staff(tmt_cpns=dt.date(2006, 3, 1), name="Fajar", front_title="", back_title="")

    with pytest.raises(
        DomainError,
        match=exact(
            "Fajar tidak memenuhi syarat Satyalancana Karya Satya X Tahun: Masa kerja pada "
            "31/12/2026: 20 tahun 9 bulan; kelas yang dicapai adalah Satyalancana Karya Satya XX "
            "Tahun."
        ),
    ):
        services.nominate(
            award=satyalancana(10), employee=employee, year=2026, reason="x", actor=hr_admin
        )
    nomination = services.nominate(
        award=satyalancana(20), employee=employee, year=2026, reason="x", actor=hr_admin
    )

    assert nomination.award == satyalancana(20)


def test_admin_opd_nominates_only_within_its_subtree(org, opd_admin, other_opd_employee):
    award = AwardFactory.create()
    own_unit = staff(work_unit=org.dinkes_division)

    with pytest.raises(
        PermissionDenied, match=exact("Pegawai ini berada di luar unit kerja yang Anda kelola.")
    ):
        services.nominate(
            award=award, employee=other_opd_employee, year=2026, reason="x", actor=opd_admin
        )
    assert nothing_written()

    nomination = services.nominate(
        award=award, employee=own_unit, year=2026, reason="x", actor=opd_admin
    )
    assert nomination.nominated_by == opd_admin


def test_nobody_nominates_themself_and_others_may_not_nominate(hr_admin, employee, supervisor):
    award = AwardFactory.create()
    own = staff(user=hr_admin)
    target = Employee.objects.get(user=employee)

    with pytest.raises(
        PermissionDenied,
        match=exact("Anda tidak dapat mengusulkan diri sendiri untuk penghargaan."),
    ):
        services.nominate(award=award, employee=own, year=2026, reason="x", actor=hr_admin)
    with pytest.raises(
        PermissionDenied,
        match=exact("Hanya Admin BKPSDM atau Admin OPD yang dapat mengusulkan penghargaan."),
    ):
        services.nominate(award=award, employee=target, year=2026, reason="x", actor=supervisor)

    assert nothing_written()


def test_input_and_duplicates_are_refused(hr_admin):
    award = AwardFactory.create(name="Pegawai Teladan")
    employee = staff(name="Gita", front_title="", back_title="")
    NominationFactory.create(award=award, employee=employee, year=2026)
    inactive = AwardFactory.create(is_active=False)

    with pytest.raises(InvalidInputError) as blank:
        services.nominate(award=award, employee=employee, year=2026, reason=" ", actor=hr_admin)
    with pytest.raises(InvalidInputError) as year:
        services.nominate(award=award, employee=employee, year=1999, reason="x", actor=hr_admin)
    with pytest.raises(
        ConflictError, match=exact("Gita sudah diusulkan untuk Pegawai Teladan tahun 2026.")
    ):
        services.nominate(award=award, employee=employee, year=2026, reason="x", actor=hr_admin)
    with pytest.raises(
        DomainError, match=exact("Penghargaan ini tidak aktif; usulan tidak dapat dibuat.")
    ):
        services.nominate(award=inactive, employee=employee, year=2026, reason="x", actor=hr_admin)

    assert blank.value.errors == {"reason": ["Alasan pengusulan wajib diisi."]}
    assert year.value.errors == {"year": ["Tahun harus antara 2000 dan 2027."]}
    assert Nomination.objects.count() == 1


def test_a_withdrawn_nomination_frees_the_year(hr_admin):
    award = AwardFactory.create()
    employee = staff()
    first = services.nominate(award=award, employee=employee, year=2026, reason="x", actor=hr_admin)

    services.withdraw_nomination(nomination=first, reason="Salah usul.", actor=hr_admin)
    second = services.nominate(
        award=award, employee=employee, year=2026, reason="y", actor=hr_admin
    )

    first.refresh_from_db()
    assert (first.status, first.decision_note) == ("withdrawn", "Salah usul.")
    assert second.status == "nominated"
    with pytest.raises(
        ConflictError, match=exact("Hanya usulan yang belum diputus yang dapat ditarik.")
    ):
        services.withdraw_nomination(nomination=first, reason="lagi", actor=hr_admin)


def test_withdrawal_needs_a_reason_and_the_right_person(hr_admin, auditor):
    nomination = NominationFactory.create()

    with pytest.raises(InvalidInputError) as error:
        services.withdraw_nomination(nomination=nomination, reason="", actor=hr_admin)
    with pytest.raises(PermissionDenied):
        services.withdraw_nomination(nomination=nomination, reason="x", actor=auditor)

    assert error.value.errors == {"reason": ["Alasan penarikan wajib diisi."]}
    nomination.refresh_from_db()
    assert nomination.status == "nominated"


def test_yearly_proposal_nominates_every_eligible_employee_once(hr_admin):
    ani = staff(tmt_cpns=dt.date(2016, 3, 1), name="Ani")
    budi = staff(tmt_cpns=dt.date(2006, 3, 1), name="Budi")
    punished = staff(tmt_cpns=dt.date(2016, 3, 1), name="Citra")
    sanction(punished, decided_on=dt.date(2026, 2, 2))
    staff(tmt_cpns=dt.date(2016, 3, 1), name="Diri Sendiri", user=hr_admin)

    first = services.propose_satyalancana(year=2026, actor=hr_admin)
    again = services.propose_satyalancana(year=2026, actor=hr_admin)

    assert [(item.employee, item.award) for item in first.created] == [
        (ani, satyalancana(10)),
        (budi, satyalancana(20)),
    ]
    assert first.own_skipped is True
    assert first.created[0].reason == (
        "Usulan Satyalancana Karya Satya tahun 2026: masa kerja 10 tahun sejak TMT CPNS."
    )
    assert first.created[1].eligibility[2]["keterangan"] == (
        "Masa kerja pada 31/12/2026: 20 tahun 9 bulan."
    )
    assert again.created == []
    assert AuditEvent.objects.filter(action="rewards.nomination.created").count() == 2


def test_only_hr_proposes(auditor):
    staff(tmt_cpns=dt.date(2016, 3, 1))

    with pytest.raises(PermissionDenied):
        services.propose_satyalancana(year=2026, actor=auditor)

    assert nothing_written()
