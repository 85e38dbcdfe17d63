"""Due process beyond the happy path: a berat sanction on a BAP needs the complete examination
team whatever level the report suspected (reference §7.3), and the writers that check across an
employee's cases (the overlap of sanctions) lock the employee row first, so that two clerks on two
cases of the same employee are served one after the other.

TODAY is Saturday 28 November 2026; the factories' BAP is held on 12 November."""

import datetime as dt

import pytest

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import DomainError
from simerit.discipline.models import (
    Appeal,
    DisciplineCase,
    Examination,
    Level,
    Sanction,
    SanctionType,
    TeamMember,
)
from simerit.discipline.selectors import cases as selectors
from simerit.discipline.services import appeals as appeal_services
from simerit.discipline.services import decisions, procedure
from simerit.discipline.services.cases import lock_employee
from simerit.discipline.tests.factories import (
    AppealFactory,
    DisciplineCaseFactory,
    ExaminationFactory,
    SanctionFactory,
    SummonsFactory,
    TeamMemberFactory,
    complete_team,
)
from simerit.employees.models import Employee
from simerit.notifications.models import Notification

pytestmark = pytest.mark.django_db
D = dt.date

BERAT_WITHOUT_TEAM = (
    "Hukuman disiplin tingkat berat tidak dapat ditetapkan karena pemeriksaan tidak dilakukan "
    "oleh tim pemeriksa yang terdiri atas atasan langsung dan unsur pengawasan atau unsur "
    "kepegawaian."
)
TEAM_REQUIRED = (
    "Dugaan pelanggaran tingkat berat wajib diperiksa oleh tim pemeriksa yang terdiri atas "
    "atasan langsung dan unsur pengawasan atau unsur kepegawaian."
)


@pytest.fixture
def subject(employee: User) -> Employee:
    return Employee.objects.get(user=employee)


@pytest.fixture
def examined_sedang(subject: Employee) -> DisciplineCase:
    """Reported as sedang, examined without a team; the BAP (12 November) proposes berat."""
    case = DisciplineCaseFactory.create(
        employee=subject, suspected_level=Level.SEDANG, status=DisciplineCase.Status.EXAMINED
    )
    SummonsFactory.create(case=case, attended=True)
    ExaminationFactory.create(case=case, proposed_level=Level.BERAT)
    return case


def berat_decision(**changes: object) -> decisions.DecisionInput:
    values: dict[str, object] = {
        "level": Level.BERAT,
        "sanction_type": SanctionType.PENURUNAN_JABATAN,
        "decree_number": "800/46/KPTS/2026",
        "decided_on": D(2026, 11, 20),
        "official": "Wali Kota Palembang",
        "considerations": "Terbukti menyalahgunakan wewenang.",
        "starts_on": D(2026, 12, 1),
    }
    values.update(changes)
    return decisions.DecisionInput(**values)  # type: ignore[arg-type]


def decision_refused(actor: User, case: DisciplineCase, data: decisions.DecisionInput) -> str:
    """The decision is refused with a DomainError and nothing changed; its message."""
    before = (
        Sanction.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
        DisciplineCase.objects.get(pk=case.pk).status,
    )
    with pytest.raises(DomainError) as error:
        decisions.decide_case(case=case, data=data, actor=actor)
    after = (
        Sanction.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
        DisciplineCase.objects.get(pk=case.pk).status,
    )
    assert after == before
    return str(error.value)


# --- A berat decision on a BAP needs the complete team


def test_a_berat_decision_without_a_team_is_refused(
    hr_admin: User, examined_sedang: DisciplineCase
) -> None:
    message = decision_refused(hr_admin, examined_sedang, berat_decision())

    assert message == BERAT_WITHOUT_TEAM
    assert message == decisions.BERAT_WITHOUT_TEAM


def test_an_incomplete_team_is_not_enough(hr_admin: User, examined_sedang: DisciplineCase) -> None:
    TeamMemberFactory.create(case=examined_sedang, role=TeamMember.Role.ATASAN)
    TeamMemberFactory.create(case=examined_sedang, role=TeamMember.Role.LAINNYA)

    message = decision_refused(
        hr_admin, examined_sedang, berat_decision(sanction_type=SanctionType.PDHTAPS)
    )

    assert message == BERAT_WITHOUT_TEAM


def test_with_the_complete_team_the_berat_decision_is_recorded(
    hr_admin: User, examined_sedang: DisciplineCase
) -> None:
    TeamMemberFactory.create(case=examined_sedang, role=TeamMember.Role.ATASAN)
    TeamMemberFactory.create(case=examined_sedang, role=TeamMember.Role.KEPEGAWAIAN)

    sanction = decisions.decide_case(case=examined_sedang, data=berat_decision(), actor=hr_admin)

    assert (sanction.level, sanction.sanction_type, sanction.basis) == (
        "berat",
        "penurunan_jabatan",
        "examined",
    )


def test_a_sedang_decision_on_the_same_bap_needs_no_team(
    hr_admin: User, examined_sedang: DisciplineCase
) -> None:
    sanction = decisions.decide_case(
        case=examined_sedang,
        data=berat_decision(level=Level.SEDANG, sanction_type=SanctionType.POTONG_12),
        actor=hr_admin,
    )

    assert sanction.level == "sedang"


def test_two_ignored_summonses_allow_a_berat_decision_without_a_team(
    hr_admin: User, subject: Employee
) -> None:
    # No examination took place: there is no BAP whose team could be checked (Pasal 31).
    first = SummonsFactory.create(case__employee=subject, attended=False)
    SummonsFactory.create(
        case=first.case,
        sequence=2,
        issued_on=D(2026, 11, 13),
        examination_on=D(2026, 11, 24),
        attended=False,
    )

    sanction = decisions.decide_case(
        case=first.case, data=berat_decision(decided_on=D(2026, 11, 25)), actor=hr_admin
    )

    assert (sanction.level, sanction.basis) == ("berat", "summons_ignored")


# --- A BAP proposing berat needs the complete team


@pytest.fixture
def attended_sedang(subject: Employee) -> DisciplineCase:
    case = DisciplineCaseFactory.create(
        employee=subject, suspected_level=Level.SEDANG, status=DisciplineCase.Status.SUMMONED
    )
    SummonsFactory.create(case=case, attended=True)
    return case


def bap(**changes: object) -> procedure.ExaminationInput:
    values: dict[str, object] = {
        "held_on": D(2026, 11, 12),
        "place": "Ruang Rapat BKPSDM",
        "questions_and_answers": "T: Mengapa?\nJ: Tidak tahu.",
        "employee_statement": "",
        "findings": "Terbukti; pelanggaran berat.",
        "proven": True,
        "proposed_level": Level.BERAT,
        "signed_by_employee": True,
        "refusal_note": "",
    }
    values.update(changes)
    return procedure.ExaminationInput(**values)  # type: ignore[arg-type]


def test_a_bap_proposing_berat_without_the_team_is_refused(
    hr_admin: User, attended_sedang: DisciplineCase
) -> None:
    with pytest.raises(DomainError) as error:
        procedure.record_examination(case=attended_sedang, data=bap(), actor=hr_admin)

    assert str(error.value) == TEAM_REQUIRED
    assert not Examination.objects.filter(case=attended_sedang).exists()
    assert DisciplineCase.objects.get(pk=attended_sedang.pk).status == "summoned"
    assert not AuditEvent.objects.filter(action__startswith="discipline.").exists()


def test_a_bap_proposing_berat_with_the_team_is_recorded(
    hr_admin: User, attended_sedang: DisciplineCase
) -> None:
    complete_team(attended_sedang)

    examination = procedure.record_examination(case=attended_sedang, data=bap(), actor=hr_admin)

    assert examination.proposed_level == "berat"


def test_a_bap_not_proven_needs_no_team(hr_admin: User, attended_sedang: DisciplineCase) -> None:
    examination = procedure.record_examination(
        case=attended_sedang, data=bap(proven=False, proposed_level=""), actor=hr_admin
    )

    assert examination.proven is False


# --- The employee row is locked before the overlap check


def test_a_decision_locks_the_employee_before_the_overlap_check(
    monkeypatch: pytest.MonkeyPatch, hr_admin: User, subject: Employee
) -> None:
    case = DisciplineCaseFactory.create(employee=subject, status=DisciplineCase.Status.EXAMINED)
    SummonsFactory.create(case=case, attended=True)
    ExaminationFactory.create(case=case)
    calls: list[str] = []
    lock, overlap = lock_employee, decisions.check_overlap

    def locking(employee_id: int) -> Employee:
        calls.append(f"lock {employee_id}")
        return lock(employee_id)

    def checking(**kwargs: object) -> None:
        calls.append("overlap")
        overlap(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(decisions, "lock_employee", locking)
    monkeypatch.setattr(decisions, "check_overlap", checking)

    decisions.decide_case(
        case=case,
        data=berat_decision(level=Level.SEDANG, sanction_type=SanctionType.POTONG_6),
        actor=hr_admin,
    )

    assert calls == [f"lock {subject.pk}", "overlap"]


def test_a_changed_appeal_locks_the_employee_before_the_overlap_check(
    monkeypatch: pytest.MonkeyPatch, hr_admin: User, subject: Employee
) -> None:
    sanction = SanctionFactory.create(employee=subject, delivered_on=D(2026, 11, 23))
    appeal = AppealFactory.create(sanction=sanction, filed_on=D(2026, 11, 24))
    calls: list[str] = []
    lock, overlap = lock_employee, decisions.check_overlap

    def locking(employee_id: int) -> Employee:
        calls.append(f"lock {employee_id}")
        return lock(employee_id)

    def checking(**kwargs: object) -> None:
        calls.append("overlap")
        overlap(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(appeal_services, "lock_employee", locking)
    monkeypatch.setattr(appeal_services, "check_overlap", checking)

    appeal_services.decide_appeal(
        appeal=appeal,
        data=appeal_services.AppealDecision(
            outcome=Appeal.Outcome.CHANGED,
            decided_on=D(2026, 11, 27),
            decision_note="Diubah.",
            new_level=Level.SEDANG,
            new_sanction_type=SanctionType.POTONG_9,
        ),
        actor=hr_admin,
    )

    assert calls == [f"lock {subject.pk}", "overlap"]
    sanction.refresh_from_db()
    assert sanction.sanction_type == "potong_tpp_9"


def test_the_case_page_warns_when_a_bap_proposing_berat_had_no_team(
    hr_admin: User, examined_sedang: DisciplineCase
) -> None:
    case = selectors.get_visible_case(hr_admin, examined_sedang.pk)
    assert case is not None

    assert selectors.case_actions(hr_admin, case).team_missing is True
