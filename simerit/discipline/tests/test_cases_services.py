"""Opening a case (services.cases.open_case), its number, and dismissing it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.core.roles import Role
from simerit.discipline import permissions
from simerit.discipline.models import DisciplineArticle, DisciplineCase, Level
from simerit.discipline.services import cases as services
from simerit.discipline.tests.factories import (
    DisciplineCaseFactory,
    ExaminationFactory,
    SummonsFactory,
)
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.notifications.models import Notification

pytestmark = pytest.mark.django_db
D = dt.date


def article(code: str = "Pasal 4 huruf f") -> DisciplineArticle:
    return DisciplineArticle.objects.get(code=code)


def case_input(employee: Employee, **changes: object) -> services.CaseInput:
    values: dict[str, object] = {
        "employee": employee,
        "source": DisciplineCase.Source.ATASAN,
        "reporter_name": "Kepala Bidang",
        "reported_on": D(2026, 11, 27),
        "incident_on": D(2026, 11, 25),
        "description": "Tidak masuk kerja tiga hari tanpa keterangan.",
        "articles": [article()],
        "suspected_level": Level.SEDANG,
    }
    values.update(changes)
    return services.CaseInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def subject(employee: User) -> Employee:
    return Employee.objects.get(user=employee)


def test_hr_opens_a_case_numbered_per_year(hr_admin: User, subject: Employee) -> None:
    case = services.open_case(data=case_input(subject), actor=hr_admin)

    case.refresh_from_db()
    assert case.number == "HD-2026-0001"
    assert case.status == DisciplineCase.Status.REPORTED
    assert case.supervisor == subject.supervisor
    assert case.opened_by == hr_admin
    assert list(case.articles.values_list("code", flat=True)) == ["Pasal 4 huruf f"]
    event = AuditEvent.objects.get(action="discipline.case.opened")
    assert event.target_id == str(case.pk)
    assert event.changes == {
        "number": "HD-2026-0001",
        "employee_id": subject.pk,
        "supervisor_id": subject.supervisor_id,
        "source": "atasan",
        "reporter_name": "Kepala Bidang",
        "reported_on": "2026-11-27",
        "incident_on": "2026-11-25",
        "description": "Tidak masuk kerja tiga hari tanpa keterangan.",
        "articles": ["Pasal 4 huruf f"],
        "suspected_level": "sedang",
    }


def test_the_sequence_continues_within_a_year_and_restarts_the_next(
    hr_admin: User, subject: Employee
) -> None:
    DisciplineCaseFactory.create(number="HD-2026-0009")
    DisciplineCaseFactory.create(number="HD-2025-0031")

    second = services.open_case(data=case_input(subject), actor=hr_admin)
    earlier = services.open_case(
        data=case_input(subject, reported_on=D(2025, 12, 30), incident_on=D(2025, 12, 29)),
        actor=hr_admin,
    )
    assert (second.number, earlier.number) == ("HD-2026-0010", "HD-2025-0032")
    assert services.next_case_number(2027) == "HD-2027-0001"


def test_numbers_past_9999_keep_counting(db: None) -> None:
    DisciplineCaseFactory.create(number="HD-2026-9999")
    DisciplineCaseFactory.create(number="HD-2026-10000")
    assert services.next_case_number(2026) == "HD-2026-10001"


def test_hr_admins_and_the_supervisor_are_told_but_not_the_employee(
    hr_admin: User, supervisor: User, subject: Employee
) -> None:
    other_hr = UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    UserFactory.create(roles=[Role.ADMIN_BKPSDM], is_active=False)

    case = services.open_case(data=case_input(subject), actor=hr_admin)

    notes = Notification.objects.order_by("user_id")
    assert [(n.user, n.title) for n in notes] == [
        (supervisor, "Kasus disiplin HD-2026-0001 dibuka"),
        (other_hr, "Kasus disiplin HD-2026-0001 dibuka"),
    ]
    assert notes[0].body == (
        "Laporan dugaan pelanggaran disiplin atas Pegawai Uji tanggal 27/11/2026 telah dicatat."
    )
    assert notes[0].url == f"/disiplin/kasus/{case.pk}/"


def test_a_supervisor_reports_a_subordinate(supervisor: User, subject: Employee) -> None:
    case = services.open_case(data=case_input(subject), actor=supervisor)
    assert case.opened_by == supervisor
    assert DisciplineCase.objects.count() == 1


def _nothing_changed() -> None:
    assert DisciplineCase.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="discipline.").exists()
    assert Notification.objects.count() == 0


def test_a_supervisor_cannot_report_someone_outside_the_team(
    supervisor: User, other_opd_employee: Employee
) -> None:
    with pytest.raises(PermissionDenied) as error:
        services.open_case(data=case_input(other_opd_employee), actor=supervisor)
    assert str(error.value) == services.REPORT_DENIED
    _nothing_changed()


@pytest.mark.parametrize("persona", ["employee", "auditor", "opd_admin"])
def test_other_roles_cannot_report(
    persona: str, request: pytest.FixtureRequest, other_opd_employee: Employee
) -> None:
    actor: User = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied) as error:
        services.open_case(data=case_input(other_opd_employee), actor=actor)
    assert str(error.value) == services.REPORT_DENIED
    _nothing_changed()


def test_nobody_reports_themself(org: object) -> None:
    hr = UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    own = EmployeeFactory.create(user=hr)
    with pytest.raises(PermissionDenied) as error:
        services.open_case(data=case_input(own), actor=hr)
    assert str(error.value) == permissions.OWN_CASE
    _nothing_changed()


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"incident_on": D(2026, 11, 28), "reported_on": D(2026, 11, 27)},
            {"incident_on": ["Tanggal kejadian tidak boleh setelah tanggal laporan."]},
        ),
        (
            {"incident_on": D(2026, 11, 29), "reported_on": D(2026, 11, 28)},
            {
                "incident_on": ["Tanggal kejadian tidak boleh di masa depan."],
            },
        ),
        (
            {"reported_on": D(2026, 11, 30)},
            {"reported_on": ["Tanggal laporan tidak boleh di masa depan."]},
        ),
        (
            {"articles": []},
            {"articles": ["Pilih sedikitnya satu pasal yang diduga dilanggar."]},
        ),
        (
            {"reporter_name": "  ", "description": ""},
            {
                "reporter_name": ["Nama pelapor wajib diisi."],
                "description": ["Uraian dugaan pelanggaran wajib diisi."],
            },
        ),
        (
            {"source": "anonim", "suspected_level": "sangat_berat"},
            {
                "source": ["Sumber laporan tidak dikenal."],
                "suspected_level": ["Dugaan tingkat hukuman tidak dikenal."],
            },
        ),
    ],
)
def test_bad_input_is_refused_with_nothing_changed(
    hr_admin: User, subject: Employee, changes: dict[str, object], errors: dict[str, list[str]]
) -> None:
    with pytest.raises(InvalidInputError) as error:
        services.open_case(data=case_input(subject, **changes), actor=hr_admin)
    assert error.value.errors == errors
    _nothing_changed()


def test_an_inactive_article_or_employee_is_refused(hr_admin: User, subject: Employee) -> None:
    retired = article("Pasal 3 huruf a")
    retired.is_active = False
    retired.save()
    subject.is_active = False
    subject.save()
    with pytest.raises(InvalidInputError) as error:
        services.open_case(data=case_input(subject, articles=[retired]), actor=hr_admin)
    assert error.value.errors == {
        "employee": ["Pegawai sudah tidak aktif."],
        "articles": ["Pasal tidak aktif: Pasal 3 huruf a."],
    }
    _nothing_changed()


# --- Dismissal


# --- The same report twice


def test_the_same_report_twice_is_refused_with_nothing_changed(
    hr_admin: User, supervisor: User, subject: Employee
) -> None:
    first = services.open_case(data=case_input(subject), actor=hr_admin)
    counts = (
        DisciplineCase.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )

    # A double submit, even with another reporter or report date, by another account.
    with pytest.raises(ConflictError) as error:
        services.open_case(
            data=case_input(
                subject,
                reporter_name="Kasubbag Umum",
                reported_on=D(2026, 11, 28),
                description="  Tidak masuk kerja tiga hari tanpa keterangan. ",
            ),
            actor=supervisor,
        )

    assert str(error.value) == (f"Laporan yang sama sudah tercatat sebagai kasus {first.number}.")
    assert str(error.value) == "Laporan yang sama sudah tercatat sebagai kasus HD-2026-0001."
    assert (
        DisciplineCase.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    ) == counts


@pytest.mark.parametrize(
    "changes",
    [
        {"incident_on": D(2026, 11, 24)},
        {"description": "Tidak masuk kerja empat hari tanpa keterangan."},
        {"articles": ["Pasal 4 huruf f", "Pasal 5 huruf a"]},
    ],
    ids=["another-incident-day", "another-description", "other-articles"],
)
def test_a_report_differing_in_incident_articles_or_description_is_a_new_case(
    hr_admin: User, subject: Employee, changes: dict[str, object]
) -> None:
    services.open_case(data=case_input(subject), actor=hr_admin)
    values = {
        key: [article(code) for code in value] if key == "articles" else value  # type: ignore[attr-defined]
        for key, value in changes.items()
    }

    second = services.open_case(data=case_input(subject, **values), actor=hr_admin)

    assert second.number == "HD-2026-0002"


def test_the_same_report_about_another_employee_is_a_new_case(
    hr_admin: User, subject: Employee
) -> None:
    services.open_case(data=case_input(subject), actor=hr_admin)
    colleague = EmployeeFactory.create(work_unit=subject.work_unit)

    second = services.open_case(data=case_input(colleague), actor=hr_admin)

    assert second.number == "HD-2026-0002"


def test_a_dismissed_case_does_not_block_the_same_report(hr_admin: User, subject: Employee) -> None:
    first = services.open_case(data=case_input(subject), actor=hr_admin)
    services.dismiss_case(case=first, reason="Laporan belum lengkap.", actor=hr_admin)

    second = services.open_case(data=case_input(subject), actor=hr_admin)

    assert second.number == "HD-2026-0002"


def test_hr_dismisses_an_unfounded_report_before_the_examination(
    hr_admin: User, employee: User
) -> None:
    case = DisciplineCaseFactory.create(employee=Employee.objects.get(user=employee))

    services.dismiss_case(case=case, reason=" Laporan tidak beralasan. ", actor=hr_admin)

    case.refresh_from_db()
    assert (case.status, case.dismissal_reason) == ("dismissed", "Laporan tidak beralasan.")
    event = AuditEvent.objects.get(action="discipline.case.dismissed")
    assert event.changes == {
        "status": ["reported", "dismissed"],
        "dismissal_reason": ["", "Laporan tidak beralasan."],
    }
    note = Notification.objects.get(user=employee)
    assert note.title == f"Kasus disiplin {case.number} dihentikan"


def test_a_case_not_proven_in_the_bap_can_be_dismissed(hr_admin: User) -> None:
    examination = ExaminationFactory.create(proven=False)
    services.dismiss_case(case=examination.case, reason="Tidak terbukti.", actor=hr_admin)
    examination.case.refresh_from_db()
    assert examination.case.status == "dismissed"


def _dismiss_refused(
    hr_admin: User, case: DisciplineCase, reason: str, exception: type[Exception], message: str
) -> None:
    status = case.status
    with pytest.raises(exception) as error:
        services.dismiss_case(case=case, reason=reason, actor=hr_admin)
    assert str(error.value) == message
    case.refresh_from_db()
    assert (case.status, case.dismissal_reason) == (status, "")
    assert not AuditEvent.objects.filter(action="discipline.case.dismissed").exists()


def test_a_proven_case_cannot_be_dismissed(hr_admin: User) -> None:
    examination = ExaminationFactory.create(proven=True)
    _dismiss_refused(
        hr_admin,
        examination.case,
        "Salah paham.",
        DomainError,
        "Pelanggaran dinyatakan terbukti dalam BAP; kasus tidak dapat dihentikan dan harus "
        "diputus.",
    )


def test_a_decided_case_cannot_be_dismissed(hr_admin: User) -> None:
    case = DisciplineCaseFactory.create(status=DisciplineCase.Status.DECIDED)
    _dismiss_refused(hr_admin, case, "Salah paham.", DomainError, services.CLOSED)


def test_a_dismissal_needs_a_reason(hr_admin: User) -> None:
    case = SummonsFactory.create().case
    with pytest.raises(InvalidInputError) as error:
        services.dismiss_case(case=case, reason="  ", actor=hr_admin)
    assert error.value.errors == {"reason": ["Alasan penghentian wajib diisi."]}
    case.refresh_from_db()
    assert case.status == "summoned"


@pytest.mark.parametrize(
    ("persona", "message"),
    [("auditor", permissions.HR_ONLY), ("supervisor", permissions.HR_ONLY)],
)
def test_only_hr_dismisses(
    persona: str, message: str, request: pytest.FixtureRequest, employee: User
) -> None:
    actor: User = request.getfixturevalue(persona)
    case = DisciplineCaseFactory.create(employee=Employee.objects.get(user=employee))
    _dismiss_refused(actor, case, "Tidak beralasan.", PermissionDenied, message)


def test_hr_cannot_dismiss_their_own_case(org: object) -> None:
    hr = UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    case = DisciplineCaseFactory.create(employee=EmployeeFactory.create(user=hr))
    _dismiss_refused(hr, case, "Tidak beralasan.", PermissionDenied, permissions.OWN_CASE)
